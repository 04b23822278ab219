import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { iterateDemoEntities } from '../demo/entities';
import { looksLikeInitials, nameInitials } from './name_initials';

/** The reference: pinyin-pro on the whole name (slow, but reads every word in context). */
function reference(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
    .map((s) => (s.length === 1 && /[A-Za-z0-9]/.test(s) ? s.toLowerCase() : ''))
    .join('');
}

describe('nameInitials', () => {
  it('reads polyphones in their word', () => {
    expect(nameInitials('长春市鑫源商贸有限公司')).toBe('ccsxysmyxgs');
    expect(nameInitials('重庆长安汽车股份有限公司')).toBe('cqcaqcgfyxgs');
    expect(nameInitials('吉林银行')).toBe('jlyh');
    expect(nameInitials('银行长')).toBe('yhz');
  });

  it('keeps letters and digits, drops punctuation and brackets', () => {
    expect(nameInitials('长春ABC科技（个体工商户）123')).toBe('ccabckjgtgsh123');
    expect(nameInitials('Ｋ歌之王')).toBe('kgzw');
    expect(nameInitials('《》、。')).toBe('');
    expect(nameInitials('')).toBe('');
  });

  it('agrees with pinyin-pro on the whole name for the demo entities', () => {
    let differences = 0;
    for (const entity of iterateDemoEntities({ seed: 'initials-test', count: 3000 })) {
      if (nameInitials(entity.name) !== reference(entity.name)) differences += 1;
    }
    expect(differences).toBe(0);
  });

  it('tells initials searches from name searches', () => {
    expect(looksLikeInitials('ccxy')).toBe(true);
    expect(looksLikeInitials('CCXY')).toBe(true);
    expect(looksLikeInitials('鑫源')).toBe(false);
    expect(looksLikeInitials('91220')).toBe(false);
  });
});
