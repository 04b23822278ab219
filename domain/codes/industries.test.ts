import { describe, expect, it } from 'vitest';
import {
  findIndustry,
  industryChildren,
  industryPath,
  industrySectionOf,
  listIndustries,
  validateIndustryCode,
} from './industries';

/** GB/T 4754-2017: which 大类 belong to which 门类. */
const SECTION_RANGES: readonly [string, number, number][] = [
  ['A', 1, 5], ['B', 6, 12], ['C', 13, 43], ['D', 44, 46], ['E', 47, 50], ['F', 51, 52], ['G', 53, 60],
  ['H', 61, 62], ['I', 63, 65], ['J', 66, 69], ['K', 70, 70], ['L', 71, 72], ['M', 73, 75], ['N', 76, 79],
  ['O', 80, 82], ['P', 83, 83], ['Q', 84, 85], ['R', 86, 90], ['S', 91, 96], ['T', 97, 97],
];

describe('GB/T 4754-2017 table', () => {
  it('has the standard’s counts per level', () => {
    expect(listIndustries('section')).toHaveLength(20);
    expect(listIndustries('division')).toHaveLength(97);
    expect(listIndustries('group')).toHaveLength(473);
    expect(listIndustries('class').length).toBeGreaterThanOrEqual(1380);
    expect(listIndustries('class').length).toBeLessThanOrEqual(1382);
    expect(listIndustries()).toHaveLength(20 + 97 + 473 + listIndustries('class').length);
  });

  it('nests every child under its parent by code prefix', () => {
    for (const i of listIndustries()) {
      const expectedLength = { section: 1, division: 2, group: 3, class: 4 }[i.level];
      expect(i.code).toHaveLength(expectedLength);
      if (i.level === 'section') {
        expect(i.code).toMatch(/^[A-T]$/);
        expect(i.parentCode).toBeNull();
        continue;
      }
      expect(i.code).toMatch(/^\d+$/);
      const parent = findIndustry(i.parentCode as string);
      expect(parent).toBeDefined();
      if (i.level === 'division') expect(parent?.level).toBe('section');
      else expect(i.code.startsWith(i.parentCode as string)).toBe(true);
    }
  });

  it('puts each 大类 in the 门类 the standard’s ranges give', () => {
    for (const d of listIndustries('division')) {
      const n = Number(d.code);
      const range = SECTION_RANGES.find(([, lo, hi]) => n >= lo && n <= hi);
      expect(range?.[0]).toBe(d.parentCode);
    }
    for (const [letter, lo, hi] of SECTION_RANGES) {
      expect(industryChildren(letter)).toHaveLength(hi - lo + 1);
    }
  });

  it('has no empty 大类 or 中类, and undivided 中类 carry one 小类 ending in 0', () => {
    for (const g of [...listIndustries('division'), ...listIndustries('group')]) {
      expect(industryChildren(g.code).length).toBeGreaterThan(0);
    }
    for (const g of listIndustries('group')) {
      const kids = industryChildren(g.code);
      if (kids.some((k) => k.code.endsWith('0'))) {
        expect(kids).toEqual([{ code: `${g.code}0`, name: g.name, parentCode: g.code, level: 'class' }]);
      }
    }
  });

  it('has unique codes and clean names', () => {
    const codes = listIndustries().map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const i of listIndustries()) {
      expect(i.name).toMatch(/^[\u4e00-\u9fa5（）、0-9A-Z]+$/);
    }
  });

  it('spot-checks entries of the 2017 edition', () => {
    expect(findIndustry('0111')?.name).toBe('稻谷种植');
    expect(findIndustry('0532')?.name).toBe('畜禽粪污处理活动');
    expect(findIndustry('3874')?.name).toBe('智能照明器具制造');
    expect(findIndustry('5292')?.name).toBe('互联网零售');
    expect(findIndustry('6432')?.name).toBe('互联网生活服务平台');
    expect(findIndustry('6513')?.name).toBe('应用软件开发');
    expect(findIndustry('7517')?.name).toBe('三维（3D）打印技术推广服务');
    expect(findIndustry('9700')?.name).toBe('国际组织');
    expect(findIndustry('6510')).toBeUndefined(); // 2011 edition's 软件开发, split in 2017
  });
});

describe('lookups', () => {
  it('industryPath runs 门类 → 小类', () => {
    expect(industryPath('6513').map((i) => `${i.code} ${i.name}`)).toEqual([
      'I 信息传输、软件和信息技术服务业',
      '65 软件和信息技术服务业',
      '651 软件开发',
      '6513 应用软件开发',
    ]);
    expect(industryPath('0610').map((i) => i.code)).toEqual(['B', '06', '061', '0610']);
    expect(industryPath('C').map((i) => i.code)).toEqual(['C']);
    expect(industryPath('6510')).toEqual([]);
  });

  it('industrySectionOf works from the 大类', () => {
    expect(industrySectionOf('1311')?.code).toBe('C');
    expect(industrySectionOf('1318')?.code).toBe('C');
    expect(industrySectionOf('97')?.code).toBe('T');
    expect(industrySectionOf('F')?.name).toBe('批发和零售业');
    expect(industrySectionOf('98')).toBeUndefined();
    expect(industrySectionOf('Z')).toBeUndefined();
  });

  it('industryChildren is empty for leaves and unknown codes', () => {
    expect(industryChildren('6513')).toEqual([]);
    expect(industryChildren('xx')).toEqual([]);
  });
});

describe('validateIndustryCode', () => {
  it('accepts plain and section-prefixed codes', () => {
    expect(validateIndustryCode('6513')).toMatchObject({ ok: true, value: { code: '6513', level: 'class' } });
    expect(validateIndustryCode(' i6513 ')).toMatchObject({ ok: true, value: { code: '6513' } });
    expect(validateIndustryCode('C13')).toMatchObject({ ok: true, value: { code: '13', level: 'division' } });
    expect(validateIndustryCode('h')).toMatchObject({ ok: true, value: { code: 'H', level: 'section' } });
  });

  it('explains format, unknown and section errors in Chinese', () => {
    expect(validateIndustryCode('65131')).toEqual({
      ok: false,
      error: { code: 'format', message: '行业代码格式不正确：应为门类字母（A–T）或2–4位数字（GB/T 4754-2017），实际为“65131”' },
    });
    expect(validateIndustryCode('Z')).toMatchObject({ ok: false, error: { code: 'format' } });
    expect(validateIndustryCode('6510')).toEqual({
      ok: false,
      error: { code: 'unknown', message: '行业代码“6510”不在《国民经济行业分类》（GB/T 4754-2017）中' },
    });
    expect(validateIndustryCode('C6513')).toEqual({
      ok: false,
      error: { code: 'section_mismatch', message: '行业代码“C6513”的门类字母有误：6513属于门类I（信息传输、软件和信息技术服务业）' },
    });
  });
});
