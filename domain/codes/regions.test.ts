import { describe, expect, it } from 'vitest';
import {
  allRegions,
  ancestorsOf,
  childrenOf,
  findRegion,
  isWithin,
  regionFullName,
  regionLevel,
  validateRegionCode,
} from './regions';

const CHANGCHUN_DISTRICTS: readonly [string, string][] = [
  ['220102', '南关区'], ['220103', '宽城区'], ['220104', '朝阳区'], ['220105', '二道区'], ['220106', '绿园区'],
  ['220112', '双阳区'], ['220113', '九台区'], ['220122', '农安县'], ['220182', '榆树市'], ['220183', '德惠市'],
  ['220184', '公主岭市'],
];

describe('GB/T 2260 table', () => {
  it('covers the whole country', () => {
    const all = allRegions();
    expect(all.filter((r) => r.level === 'province')).toHaveLength(34);
    expect(all.filter((r) => r.level === 'prefecture').length).toBeGreaterThan(330);
    expect(all.filter((r) => r.level === 'county').length).toBeGreaterThan(2800);
    for (const r of all) {
      expect(regionLevel(r.code)).toBe(r.level);
      if (r.parentCode !== null) {
        expect(findRegion(r.parentCode)).toBeDefined();
        expect(isWithin(r.code, r.parentCode)).toBe(true);
      } else {
        expect(r.level).toBe('province');
      }
    }
  });

  it('has 长春市 and exactly its current districts (no statistical functional zones)', () => {
    expect(findRegion('220100')).toEqual({ code: '220100', name: '长春市', parentCode: '220000', level: 'prefecture' });
    expect(childrenOf('220100').map((r) => [r.code, r.name])).toEqual(CHANGCHUN_DISTRICTS);
    expect(findRegion('220171')).toBeUndefined();
  });

  it('includes 台湾省, 香港 and 澳门 as provinces', () => {
    expect(findRegion('710000')?.name).toBe('台湾省');
    expect(findRegion('810000')?.name).toBe('香港特别行政区');
    expect(findRegion('820000')?.name).toBe('澳门特别行政区');
    expect(childrenOf('810000')).toEqual([]);
  });
});

describe('navigation', () => {
  it('ancestorsOf lists province first', () => {
    expect(ancestorsOf('220104').map((r) => r.code)).toEqual(['220000', '220100']);
    expect(ancestorsOf('220000')).toEqual([]);
    expect(ancestorsOf('999999')).toEqual([]);
  });

  it('childrenOf is empty for leaves and unknown codes', () => {
    expect(childrenOf('220104')).toEqual([]);
    expect(childrenOf('x')).toEqual([]);
    expect(childrenOf('220000').map((r) => r.name)).toContain('长春市');
  });

  it('isWithin uses prefix semantics, inclusive', () => {
    expect(isWithin('220102', '220100')).toBe(true);
    expect(isWithin('220100', '220000')).toBe(true);
    expect(isWithin('220102', '220000')).toBe(true);
    expect(isWithin('220102', '220102')).toBe(true);
    expect(isWithin('220202', '220100')).toBe(false);
    expect(isWithin('220100', '220102')).toBe(false);
    expect(isWithin('110101', '220000')).toBe(false);
    expect(isWithin('2201', '220000')).toBe(false);
    expect(isWithin('220102', 'abc')).toBe(false);
  });

  it('regionLevel reads the code structure', () => {
    expect(regionLevel('220000')).toBe('province');
    expect(regionLevel('220100')).toBe('prefecture');
    expect(regionLevel('220102')).toBe('county');
    expect(regionLevel('000000')).toBeNull();
    expect(regionLevel('22010')).toBeNull();
  });

  it('regionFullName skips placeholder prefectures', () => {
    expect(regionFullName('220104')).toBe('吉林省长春市朝阳区');
    expect(regionFullName('110101')).toBe('北京市东城区');
    expect(regionFullName('429004')).toBe('湖北省仙桃市');
    expect(regionFullName('000001')).toBeUndefined();
  });
});

describe('validateRegionCode', () => {
  it('accepts known codes', () => {
    expect(validateRegionCode(' 220184 ')).toMatchObject({ ok: true, value: { name: '公主岭市' } });
  });
  it('rejects malformed and unknown codes in Chinese', () => {
    expect(validateRegionCode('2201')).toEqual({ ok: false, error: { code: 'format', message: '行政区划代码应为6位数字（GB/T 2260），实际为“2201”' } });
    expect(validateRegionCode('220181')).toEqual({
      ok: false,
      error: { code: 'unknown', message: '行政区划代码“220181”不在现行行政区划代码表中（可能已撤销或变更）' },
    });
  });
});
