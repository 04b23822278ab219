import { describe, expect, it } from 'vitest';
import { normaliseTagCriteria } from './entity_tag';

describe('normaliseTagCriteria (长春第7条 辅助建库)', () => {
  it('expands a 门类 to its 大类 prefixes and drops prefixes already covered', () => {
    const result = normaliseTagCriteria({ industryCodes: ['F', '5123', 'I65', '651'], keywords: [' 食品销售 ', '食品销售', ''] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.industryCodes).toEqual(['F', '5123', '65', '651']);
    expect(result.value.industryPrefixes).toEqual(['51', '52', '65']);
    expect(result.value.keywords).toEqual(['食品销售']);
  });

  it('refuses unknown codes, long keywords and empty criteria, naming the field', () => {
    expect(normaliseTagCriteria({ industryCodes: ['9999'], keywords: [] })).toMatchObject({ ok: false, error: { field: 'industryCodes' } });
    expect(normaliseTagCriteria({ industryCodes: ['Z'], keywords: [] })).toMatchObject({ ok: false, error: { field: 'industryCodes' } });
    expect(normaliseTagCriteria({ industryCodes: [], keywords: ['特'.repeat(21)] })).toMatchObject({ ok: false, error: { field: 'keywords' } });
    expect(normaliseTagCriteria({ industryCodes: [], keywords: Array.from({ length: 21 }, (_, i) => `词${i}`) })).toMatchObject({ ok: false, error: { field: 'keywords' } });
    expect(normaliseTagCriteria({ industryCodes: [], keywords: ['  '] })).toEqual({ ok: false, error: { field: 'industryCodes', message: '请至少填写一个行业代码或经营范围关键字' } });
  });

  it('accepts keywords alone', () => {
    expect(normaliseTagCriteria({ industryCodes: [], keywords: ['特种设备'] })).toMatchObject({ ok: true, value: { industryPrefixes: [], keywords: ['特种设备'] } });
  });
});
