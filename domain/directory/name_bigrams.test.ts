import { describe, expect, it } from 'vitest';
import { nameBigrams } from './name_bigrams';

describe('nameBigrams', () => {
  it('lists the distinct two-character pieces of the lower-cased name, sorted', () => {
    expect(nameBigrams('鑫源商贸')).toEqual(['商贸', '源商', '鑫源'].sort());
    expect(nameBigrams('ABab')).toEqual(['ab', 'ba']);
    expect(nameBigrams('源')).toEqual([]);
    expect(nameBigrams('')).toEqual([]);
  });

  it('keeps characters outside the BMP whole', () => {
    expect(nameBigrams('𠮷野家')).toEqual(['𠮷野', '野家'].sort());
  });
});
