import { describe, expect, it } from 'vitest';
import { findIndustry, industrySectionOf } from '../codes/industries';
import { Rng } from './prng';
import { COMMON_ENTERPRISE_CLASSES, COOPERATIVE_CLASSES, ENTERPRISE_SECTIONS, INDIVIDUAL_CLASSES } from './industry_mix';

describe('industry mix', () => {
  it('lists only GB/T 4754-2017 小类, each under the section it is filed under', () => {
    const r = new Rng('mix');
    for (const [section, table] of Object.entries(COMMON_ENTERPRISE_CLASSES)) {
      for (let k = 0; k < 300; k += 1) {
        const code = table.pick(r);
        expect(findIndustry(code)?.level, code).toBe('class');
        expect(industrySectionOf(code)?.code, code).toBe(section);
      }
    }
    for (const [code, , nouns] of INDIVIDUAL_CLASSES) {
      expect(findIndustry(code)?.level, code).toBe('class');
      expect(nouns.length).toBeGreaterThan(0);
    }
    for (const [code] of COOPERATIVE_CLASSES) {
      expect(industrySectionOf(code)?.code, code).toBe('A');
      expect(findIndustry(code)?.level, code).toBe('class');
    }
  });

  it('has a common-class table for every weighted section', () => {
    const r = new Rng('sections');
    for (let k = 0; k < 2000; k += 1) expect(COMMON_ENTERPRISE_CLASSES[ENTERPRISE_SECTIONS.pick(r)]).toBeDefined();
  });
});

describe('industryPhrase', () => {
  it('has a phrase for every division a market entity can get, and 实业 otherwise', async () => {
    const { industryPhrase } = await import('./entity_names');
    const { listIndustries } = await import('../codes/industries');
    const r = new Rng('phrase');
    for (const d of listIndustries('division').filter((x) => Number(x.code) < 91)) {
      expect(industryPhrase(r, `${d.code}00`), d.code).not.toBe('实业');
    }
    expect(industryPhrase(r, '9100')).toBe('实业');
  });
});
