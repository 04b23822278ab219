import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../access/roles';
import { DEPARTMENT_TYPES } from '../org/department_types';
import { findIndustry } from '../codes/industries';
import { childrenOf, findRegion, isWithin } from '../codes/regions';
import { describeUscc, validateUscc } from '../codes/uscc';
import { DEMO_DEPARTMENT_TYPE_LABELS, DEMO_DEPARTMENT_TYPES } from './departments';
import { generateDemoData } from './generate';
import { CREDIT_CLASSES, ENTITY_STATUSES, ENTITY_TYPES, INSPECTOR_STATUSES } from './types';

const data = generateDemoData({ seed: 'suiji-test' });

describe('generateDemoData: determinism', () => {
  it('gives byte-identical output for the same seed', () => {
    const again = generateDemoData({ seed: 'suiji-test' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
  });
  it('differs for another seed', () => {
    const other = generateDemoData({ seed: 'suiji-test-2', entities: 100 });
    expect(other.entities.map((e) => e.uscc)).not.toEqual(data.entities.slice(0, 100).map((e) => e.uscc));
    expect(other.inspectors.map((i) => i.name)).not.toEqual(data.inspectors.map((i) => i.name));
  });
  it('rejects a bad asOf date', () => {
    expect(() => generateDemoData({ seed: 'x', entities: 1, asOf: '2026-02-30' })).toThrow('日期“2026-02-30”不存在');
  });
});

describe('city and departments', () => {
  it('is 长春市 with its eleven districts from the region table', () => {
    expect(data.city).toMatchObject({ code: '220100', name: '长春市', fullName: '吉林省长春市' });
    expect(data.city.districts.map((d) => d.code)).toEqual(childrenOf('220100').map((r) => r.code));
    expect(data.city.districts.find((d) => d.code === '220104')?.fullName).toBe('吉林省长春市朝阳区');
  });

  it('has every member department in the city and each district, plus the 双随机办', () => {
    expect(data.departments).toHaveLength(18 * 12 + 1);
    const keys = new Set(data.departments.map((d) => d.key));
    expect(keys.size).toBe(data.departments.length);
    const names = data.departments.map((d) => d.name);
    expect(names).toContain('长春市市场监督管理局');
    expect(names).toContain('长春市朝阳区市场监督管理局');
    expect(names).toContain('农安县市场监督管理局');
    expect(names).toContain('长春市公安局朝阳分局');
    expect(names).toContain('国家税务总局榆树市税务局');
    expect(names).toContain('长春市“双随机、一公开”工作领导小组办公室');
    for (const d of data.departments) {
      expect(d.type in DEPARTMENT_TYPES).toBe(true);
      expect(findRegion(d.regionCode)).toBeDefined();
      if (d.parentKey !== null) expect(keys.has(d.parentKey)).toBe(true);
    }
    expect(data.departments.filter((d) => d.type === 'joint_office')).toHaveLength(1);
  });

  it('exports the department-type catalog it uses, with labels', () => {
    expect(DEMO_DEPARTMENT_TYPES).toHaveLength(18);
    expect(DEMO_DEPARTMENT_TYPE_LABELS.find((t) => t.key === 'justice')?.label).toBe('司法行政');
    expect(DEMO_DEPARTMENT_TYPE_LABELS.at(-1)).toEqual({ key: 'joint_office', label: '双随机办/联席会议办公室' });
  });
});

describe('inspectors, experts and users', () => {
  it('gives each department a few to a few dozen inspectors, most to market regulation', () => {
    const perDept = new Map<string, number>();
    for (const i of data.inspectors) perDept.set(i.departmentKey, (perDept.get(i.departmentKey) ?? 0) + 1);
    for (const d of data.departments) {
      const n = perDept.get(d.key) ?? 0;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(60);
      if (d.type === 'market_regulation') expect(n).toBeGreaterThanOrEqual(20);
    }
  });

  it('issues unique, well-formed certificates and phones; some certificates have expired', () => {
    const certs = data.inspectors.map((i) => i.certificateNumber);
    expect(new Set(certs).size).toBe(certs.length);
    for (const i of data.inspectors) {
      expect(i.certificateNumber).toMatch(new RegExp(`^吉${i.regionCode}\\d{6}$`));
      expect(i.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(i.status in INSPECTOR_STATUSES).toBe(true);
      expect(i.expertise.length).toBeGreaterThanOrEqual(1);
      expect(i.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    }
    const expired = data.inspectors.filter((i) => i.certificateValidUntil < data.asOf).length / data.inspectors.length;
    expect(expired).toBeGreaterThan(0.03);
    expect(expired).toBeLessThan(0.15);
    expect(data.inspectors.some((i) => i.expertise.includes('食品安全'))).toBe(true);
  });

  it('builds an expert pool', () => {
    expect(data.experts).toHaveLength(80);
    expect(new Set(data.experts.map((e) => e.key)).size).toBe(80);
    expect(data.experts.every((e) => e.specialty.length > 0 && /^1\d{10}$/.test(e.phone))).toBe(true);
    expect(generateDemoData({ seed: 'x', entities: 0, experts: 3 }).experts).toHaveLength(3);
  });

  it('has one user per role and relevant department, with the agreed account names', () => {
    const names = data.users.map((u) => u.username);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['admin', 'jointoffice', 'scjg_admin', 'scjg_head', 'sthj_admin', 'justice', 'supervisor', 'inspector01', 'scjg_chaoyang_admin']) {
      expect(names).toContain(n);
    }
    const roleKeys = new Set(BUILTIN_ROLES.map((r) => r.key));
    const deptKeys = new Set(data.departments.map((d) => d.key));
    for (const u of data.users) {
      expect(roleKeys.has(u.roleKey)).toBe(true);
      expect(deptKeys.has(u.departmentKey)).toBe(true);
    }
    expect(new Set(data.users.map((u) => u.roleKey))).toEqual(roleKeys);
    for (const u of data.users.filter((x) => x.roleKey === 'inspector')) {
      const inspector = data.inspectors.find((i) => i.key === u.inspectorKey);
      expect(inspector?.departmentKey).toBe(u.departmentKey);
      expect(inspector?.status).toBe('on_duty');
      expect(u.displayName).toBe(inspector?.name);
    }
  });
});

describe('market entities', () => {
  const entities = data.entities;

  it('defaults to 20,000 entities with unique keys and USCCs that validate', () => {
    expect(entities).toHaveLength(20_000);
    expect(new Set(entities.map((e) => e.key)).size).toBe(20_000);
    expect(new Set(entities.map((e) => e.uscc)).size).toBe(20_000);
    expect(entities.filter((e) => !validateUscc(e.uscc).ok)).toEqual([]);
  });

  it('encodes type, district and a valid organisation code in the USCC', () => {
    const typeDigit = { enterprise: '1', individual_business: '2', farmer_cooperative: '3' } as const;
    for (const e of entities.slice(0, 3000)) {
      const d = describeUscc(e.uscc);
      if (!d.ok) throw new Error(e.uscc);
      expect(d.value.authority.code).toBe('9');
      expect(d.value.organisationType.code).toBe(typeDigit[e.entityType]);
      expect(d.value.regionCode).toBe(e.regionCode);
      expect(d.value.organisationCodeValid).toBe(true);
      expect(e.registeredOn >= '2015-10-01').toBe(d.value.organisationCode.startsWith('MA'));
    }
  });

  it('uses existing regions and 小类 codes, and plausible field values', () => {
    const bad = entities.filter(
      (e) =>
        !(
          isWithin(e.regionCode, '220100') &&
          findRegion(e.regionCode) !== undefined &&
          findIndustry(e.industryCode)?.level === 'class' &&
          e.address.startsWith('吉林省长春市') &&
          e.registeredOn >= '1995-01-01' &&
          e.registeredOn <= data.asOf &&
          /(经营活动|为准)）$/.test(e.businessScope) &&
          /^[\u4e00-\u9fa5]{2,4}$/.test(e.legalRepresentative) &&
          e.complaintCount >= 0
        ),
    );
    expect(bad).toEqual([]);
  });

  it('names entities by type, varied', () => {
    const badNames = entities.filter(
      (e) =>
        (e.entityType === 'farmer_cooperative' && !/专业合作社$/.test(e.name)) ||
        (e.entityType === 'enterprise' && !/(公司|中心|商行|经销处|工作室|（有限合伙）)$/.test(e.name)) ||
        (e.entityType === 'individual_business' && /(公司|合作社)$/.test(e.name)),
    );
    expect(badNames).toEqual([]);
    expect(new Set(entities.map((e) => e.name)).size / entities.length).toBeGreaterThan(0.9);
    expect(entities.some((e) => /^长春市朝阳区.+有限公司$/.test(e.name))).toBe(true);
    expect(entities.some((e) => /记.+(馆|店|铺)/.test(e.name))).toBe(true);
  });

  it('has realistic proportions of types, statuses, credit classes and flags', () => {
    const share = (p: (e: (typeof entities)[number]) => boolean) => entities.filter(p).length / entities.length;
    expect(share((e) => e.entityType === 'individual_business')).toBeCloseTo(0.65, 1);
    expect(share((e) => e.entityType === 'farmer_cooperative')).toBeGreaterThan(0.01);
    expect(share((e) => e.creditClass === 'A')).toBeCloseTo(0.2, 1);
    expect(share((e) => e.creditClass === 'B')).toBeCloseTo(0.6, 1);
    expect(share((e) => e.creditClass === 'C')).toBeCloseTo(0.15, 1);
    expect(share((e) => e.creditClass === 'D')).toBeCloseTo(0.05, 1);
    expect(share((e) => e.status === 'active' || e.status === 'operating')).toBeGreaterThan(0.8);
    expect(new Set(entities.map((e) => e.status))).toEqual(new Set(Object.keys(ENTITY_STATUSES)));
    expect(new Set(entities.map((e) => e.entityType))).toEqual(new Set(Object.keys(ENTITY_TYPES)));
    expect(new Set(entities.map((e) => e.creditClass))).toEqual(new Set(Object.keys(CREDIT_CLASSES)));
    expect(share((e) => e.onAbnormalList)).toBeGreaterThan(0.01);
    expect(share((e) => e.onSeriousViolationList)).toBeGreaterThan(0);
    expect(share((e) => e.complaintCount > 0)).toBeGreaterThan(0.05);
    const sections = new Set(entities.map((e) => e.industryCode.slice(0, 2)));
    expect(sections.size).toBeGreaterThan(50);
  });
});
