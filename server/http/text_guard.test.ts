/** What the text guard refuses: U+0000 and unpaired surrogates, nothing an ordinary text field holds. */
import { describe, expect, it } from 'vitest';
import { findBadText, isBadText } from './text_guard';

describe('isBadText', () => {
  it('refuses U+0000 and unpaired surrogates', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ude00x', '\udfff\ud800']) expect(isBadText(bad), JSON.stringify(bad)).toBe(true);
  });

  it('accepts paired surrogates, tabs, newlines, other control characters and right-to-left marks', () => {
    for (const good of ['😀', '𠮷野家', '第一行\n第二行\t缩进', '\u0001', '\u202Egnp.exe', '%_\\\'', '']) expect(isBadText(good), JSON.stringify(good)).toBe(false);
  });
});

describe('findBadText', () => {
  it('names the field by its path, as the validation errors do', () => {
    expect(findBadText({ name: 'ok', contacts: [{ phone: '1' }, { phone: 'a\u0000' }] }, '')).toBe('contacts.1.phone');
    expect(findBadText(['\ud800'], 'tags')).toBe('tags.0');
    expect(findBadText({ name: '张三', count: 3, on: true, none: null }, '')).toBeNull();
  });

  it('names a bad key with JSON escapes, so the answer itself is well-formed', () => {
    expect(findBadText({ outer: { 'k\u0000': 1 } }, '')).toBe('outer.k\\u0000');
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = '\ud800';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findBadText(deep, '')?.split('.').length).toBe(200_000);
  });
});
