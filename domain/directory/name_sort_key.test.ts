import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { nameSortKey, sortKeyOfReading } from './name_sort_key';

const keyOf = (ch: string) => sortKeyOfReading(pinyin(ch, { toneType: 'num', type: 'array', v: true })[0] ?? '') ?? undefined;
const sorted = (names: string[]) => [...names].sort((a, b) => {
  const ka = nameSortKey(a, keyOf);
  const kb = nameSortKey(b, keyOf);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
});

describe('pinyin sort keys', () => {
  it('reads a syllable with its tone, the neutral tone as 5 and ü as v', () => {
    expect(sortKeyOfReading('yan2')).toBe('yan2');
    expect(sortKeyOfReading('de0')).toBe('de5');
    expect(sortKeyOfReading('lv4')).toBe('lv4');
    expect(sortKeyOfReading('㐀')).toBeNull();
    expect(sortKeyOfReading('')).toBeNull();
  });

  it('orders surnames as a Chinese list does, not by code point', () => {
    expect(sorted(['严', '余', '刘', '叶', '唐'])).toEqual(['刘', '唐', '严', '叶', '余']);
    expect(sorted(['国家税务总局长春市税务局', '长春市市场监督管理局', '吉林省药品监督管理局'])).toEqual(['长春市市场监督管理局', '国家税务总局长春市税务局', '吉林省药品监督管理局']);
  });

  it('puts a shorter syllable before a longer one and a lower tone first', () => {
    expect(sorted(['梁', '李', '林', '黎'])).toEqual(['黎', '李', '梁', '林']);
    expect(sorted(['马', '麻', '妈'])).toEqual(['妈', '麻', '马']);
  });

  it('keeps characters without a reading as themselves, Latin lower-cased', () => {
    expect(nameSortKey('A座1号', keyOf)).toBe('a zuo4 1 hao4 ');
    expect(nameSortKey('', keyOf)).toBe('');
  });
});
