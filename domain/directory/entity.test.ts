import { describe, expect, it } from 'vitest';
import { dateOnly } from '../calendar/civil_date';
import { ENTITY_STATUSES as DEMO_STATUSES, ENTITY_TYPES as DEMO_TYPES, CREDIT_CLASSES } from '../demo/types';
import {
  checkRegisteredOn, directoryReadScope, ENTITY_STATUSES, ENTITY_TYPES, entityTypeFromUscc, industryFilterPrefixes, inspectionsInYear, isMarketSubject,
  isOperating, keyOf, nameSearchMode, parseYesNo, placementProblem, PUBLIC_ENTITY_FIELDS, RISK_CLASSES, toPublicEntity,
  validateEntityIdentifier, validateEntityIndustry, validateEntityRegion,
} from './entity';

const today = dateOnly('2026-11-22');

describe('closed lists', () => {
  it('contain the demo generator\'s keys with the same labels', () => {
    for (const [key, label] of Object.entries(DEMO_TYPES)) expect(ENTITY_TYPES[key as keyof typeof ENTITY_TYPES]).toBe(label);
    for (const [key, label] of Object.entries(DEMO_STATUSES)) expect(ENTITY_STATUSES[key as keyof typeof ENTITY_STATUSES]).toBe(label);
    for (const [key, label] of Object.entries(CREDIT_CLASSES)) expect(RISK_CLASSES[key as keyof typeof RISK_CLASSES]).toBe(label);
  });

  it('reads keys and Chinese labels', () => {
    expect(keyOf(ENTITY_TYPES, '个体工商户')).toBe('individual_business');
    expect(keyOf(ENTITY_TYPES, 'enterprise')).toBe('enterprise');
    expect(keyOf(ENTITY_STATUSES, ' 注销 ')).toBe('deregistered');
    expect(keyOf(ENTITY_STATUSES, '歇业了')).toBeNull();
  });

  it('knows which statuses still operate', () => {
    expect(isOperating('active')).toBe(true);
    expect(isOperating('suspended')).toBe(true);
    expect(isOperating('moved_out')).toBe(false);
    expect(isMarketSubject('enterprise')).toBe(true);
    expect(isMarketSubject('product')).toBe(false);
  });

  it('derives the type from USCC positions 1–2', () => {
    expect(entityTypeFromUscc('91220104MA00000000')).toBe('enterprise');
    expect(entityTypeFromUscc('92220104MA00000000')).toBe('individual_business');
    expect(entityTypeFromUscc('12220100MB00000000')).toBe('public_institution');
    expect(entityTypeFromUscc('52220100MJ00000000')).toBe('social_organization');
    expect(entityTypeFromUscc('Y1220100000000000X')).toBeNull();
  });
});

describe('validateEntityIdentifier', () => {
  it('accepts a valid USCC or 注册号 for 市场主体, normalised', () => {
    expect(validateEntityIdentifier(' 91350100m000100y43 ', 'enterprise')).toEqual({ ok: true, value: { code: '91350100M000100Y43', codeType: 'uscc' } });
    expect(validateEntityIdentifier('110108000000016', 'enterprise')).toMatchObject({ ok: true, value: { codeType: 'registration_number' } });
  });

  it('refuses a wrong check character with the expected one named', () => {
    const r = validateEntityIdentifier('91350100M000100Y44', 'enterprise');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('第18位应为“3”');
  });

  it('refuses an own identifier for a 市场主体', () => {
    expect(validateEntityIdentifier('XM-2024-001', 'individual_business').ok).toBe(false);
  });

  it('accepts an own identifier for products and projects, but still checks an 18-character USCC', () => {
    expect(validateEntityIdentifier('xm-2024-001', 'project')).toEqual({ ok: true, value: { code: 'XM-2024-001', codeType: 'other' } });
    expect(validateEntityIdentifier('12220100MB0000000X', 'public_institution').ok).toBe(false);
    expect(validateEntityIdentifier('产品一号', 'product').ok).toBe(false);
    expect(validateEntityIdentifier('', 'product').ok).toBe(false);
  });
});

describe('codes', () => {
  it('checks regions against GB/T 2260', () => {
    expect(validateEntityRegion('220104')).toEqual({ ok: true, value: '220104' });
    expect(validateEntityRegion('229999').ok).toBe(false);
    expect(validateEntityRegion('2201').ok).toBe(false);
  });

  it('stores industries as digits of at least 大类 level', () => {
    expect(validateEntityIndustry('F5121')).toEqual({ ok: true, value: '5121' });
    expect(validateEntityIndustry('51')).toEqual({ ok: true, value: '51' });
    expect(validateEntityIndustry('F').ok).toBe(false);
    expect(validateEntityIndustry('9999').ok).toBe(false);
    expect(validateEntityIndustry('C5121').ok).toBe(false);
  });

  it('expands an industry filter of any level to stored prefixes', () => {
    expect(industryFilterPrefixes('F')).toEqual({ ok: true, value: ['51', '52'] });
    expect(industryFilterPrefixes('513')).toEqual({ ok: true, value: ['513'] });
    expect(industryFilterPrefixes('Z').ok).toBe(false);
  });
});

describe('cells', () => {
  it('keeps registration dates between 1949 and today', () => {
    expect(checkRegisteredOn(dateOnly('2020-01-05'), today)).toEqual({ ok: true, value: '2020-01-05' });
    expect(checkRegisteredOn(today, today).ok).toBe(true);
    expect(checkRegisteredOn(dateOnly('2027-01-01'), today).ok).toBe(false);
    expect(checkRegisteredOn(dateOnly('1900-01-01'), today).ok).toBe(false);
  });

  it('reads 是/否', () => {
    expect(parseYesNo('是')).toEqual({ ok: true, value: true });
    expect(parseYesNo('N')).toEqual({ ok: true, value: false });
    expect(parseYesNo('')).toEqual({ ok: true, value: null });
    expect(parseYesNo('也许').ok).toBe(false);
  });
});

describe('search and scope', () => {
  it('chooses the name search by the text', () => {
    expect(nameSearchMode('ccxy')).toBe('initials');
    expect(nameSearchMode('鑫源')).toBe('pieces');
    expect(nameSearchMode('源')).toBe('single');
    expect(nameSearchMode('鑫源商')).toBe('pieces');
    expect(nameSearchMode('A座')).toBe('pieces');
    expect(nameSearchMode('𠀋')).toBe('single');
  });

  it('widens a department scope by the department\'s region for reading', () => {
    const department = { kind: 'limited', regionPrefixes: [], departmentIds: ['d1'], userId: null } as const;
    expect(directoryReadScope(department, '220104')).toEqual({ ...department, regionPrefixes: ['220104'] });
    expect(directoryReadScope(department, '220100')).toEqual({ ...department, regionPrefixes: ['2201'] });
    expect(directoryReadScope(department, null)).toBe(department);
    const region = { kind: 'limited', regionPrefixes: ['2201'], departmentIds: [], userId: null } as const;
    expect(directoryReadScope(region, '220104')).toBe(region);
    expect(directoryReadScope({ kind: 'all' }, '220104')).toEqual({ kind: 'all' });
  });

  it('counts inspections only in the year they were counted for', () => {
    expect(inspectionsInYear(2, 2026, 2026)).toBe(2);
    expect(inspectionsInYear(2, 2025, 2026)).toBe(0);
    expect(inspectionsInYear(0, null, 2026)).toBe(0);
  });

  it('publishes only whitelisted fields, never the risk class', () => {
    const record = { code: 'C', name: 'N', entityType: 'enterprise', regionCode: '220104', industryCode: '5121', status: 'active', registeredOn: null, address: null, riskClass: 'D', complaintsCount: '3', legalRepresentative: '张三' };
    const published = toPublicEntity(record);
    expect(Object.keys(published).sort()).toEqual([...PUBLIC_ENTITY_FIELDS].sort());
    expect(published).not.toHaveProperty('riskClass');
    expect(JSON.stringify(published)).not.toContain('张三');
  });
});

describe('placementProblem', () => {
  const chaoyang = { kind: 'limited', regionPrefixes: [], departmentIds: ['cy'], userId: null } as const;
  const chaoyangRead = directoryReadScope(chaoyang, '220104');
  const joint = { kind: 'limited', regionPrefixes: ['2201'], departmentIds: [], userId: null } as const;

  it('lets a department place records it owns in its own region', () => {
    expect(placementProblem(chaoyangRead, chaoyang, '220104', 'cy')).toBeNull();
  });

  it('refuses another area, and an owner outside a department\'s scope', () => {
    expect(placementProblem(chaoyangRead, chaoyang, '220102', 'cy')).toMatch(/不在您所在区域内/);
    expect(placementProblem(chaoyangRead, chaoyang, '220104', 'ng')).toMatch(/登记机关/);
    expect(placementProblem(chaoyangRead, chaoyang, '220202', 'ng')).toMatch(/不在您所在区域内/);
  });

  it('lets the 双随机办 place any owner inside its region', () => {
    expect(placementProblem(joint, joint, '220104', 'ng')).toBeNull();
    expect(placementProblem(joint, joint, '220202', 'jl')).toMatch(/不在您所在区域内/);
    expect(placementProblem({ kind: 'all' }, { kind: 'all' }, '650102', 'any')).toBeNull();
  });
});
