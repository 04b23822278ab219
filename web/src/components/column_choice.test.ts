import { describe, expect, test } from 'vitest';
import { choiceOf, choiceStorageKey, choosableColumns, flexibleColumnKey, parseChoice, tableWidthOf, visibleKeys, type ChoosableColumn } from './column_choice';

const COLUMNS: ChoosableColumn[] = [
  { key: 'name', title: '名称' },
  { key: 'code', title: '代码' },
  { key: 'type', title: '主体类型', defaultHidden: true },
  { key: 'risk', title: '信用风险' },
  { key: 'tag', title: '专项库', hideInTable: true },
  { key: 'actions', title: '操作', required: true },
];

describe('visibleKeys', () => {
  test('with no stored choice the defaults show: defaultHidden and search-only columns do not', () => {
    expect(visibleKeys(COLUMNS, {})).toEqual(['name', 'code', 'risk', 'actions']);
  });

  test('a stored choice overrides the default either way', () => {
    expect(visibleKeys(COLUMNS, { code: false, type: true })).toEqual(['name', 'type', 'risk', 'actions']);
  });

  test('required columns (the first one, and those marked) stay shown whatever is stored', () => {
    expect(visibleKeys(COLUMNS, { name: false, actions: false, risk: false })).toEqual(['name', 'code', 'actions']);
    expect(visibleKeys([{ key: 'a', title: 'A', required: false }, { key: 'b', title: 'B' }], { a: false })).toEqual(['b']);
  });

  test('stored keys of columns the list no longer has are ignored, new columns show by their default', () => {
    const before = choiceOf(COLUMNS, ['name', 'risk', 'actions']);
    const after: ChoosableColumn[] = [
      { key: 'name', title: '名称' },
      { key: 'risk', title: '信用风险' },
      { key: 'owner', title: '登记机关' },
      { key: 'scope', title: '经营范围', defaultHidden: true },
    ];
    expect(visibleKeys(after, { ...before, gone: true, toString: true })).toEqual(['name', 'risk', 'owner']);
  });
});

describe('choiceOf', () => {
  test('records only the differences from the defaults, never a required column', () => {
    expect(choiceOf(COLUMNS, ['code', 'type', 'risk'])).toEqual({ type: true });
    expect(choiceOf(COLUMNS, ['name', 'risk'])).toEqual({ code: false });
    expect(choiceOf(COLUMNS, visibleKeys(COLUMNS, {}))).toEqual({});
  });

  test('round-trips through visibleKeys', () => {
    const shown = ['name', 'type', 'actions'];
    expect(visibleKeys(COLUMNS, choiceOf(COLUMNS, shown))).toEqual(shown);
  });
});

describe('parseChoice', () => {
  test('keeps key → boolean pairs and reads anything else as no choice', () => {
    expect(parseChoice(JSON.stringify({ code: false, type: true, risk: 'no', n: 1 }))).toEqual({ code: false, type: true });
    expect(parseChoice(null)).toEqual({});
    expect(parseChoice('not json')).toEqual({});
    expect(parseChoice('[true]')).toEqual({});
    expect(parseChoice('null')).toEqual({});
  });
});

test('the stored choice is per user and per list', () => {
  expect(choiceStorageKey('u1', '检查对象')).not.toBe(choiceStorageKey('u2', '检查对象'));
  expect(choiceStorageKey('u1', '检查对象')).not.toBe(choiceStorageKey('u1', '检查人员'));
});

test('choosableColumns leaves out search-only columns; tableWidthOf counts unsized columns as flexible', () => {
  expect(choosableColumns(COLUMNS).map((c) => c.key)).toEqual(['name', 'code', 'type', 'risk', 'actions']);
  expect(tableWidthOf([{ width: 100 }, {}, { width: 50 }])).toBe(270);
  expect(tableWidthOf([{}], 200)).toBe(200);
});

test('flexibleColumnKey: an unsized long-text column, else the widest long-text column, else none', () => {
  expect(flexibleColumnKey([{ key: 'a', width: 100 }, { key: 'b', width: 200, ellipsis: true }, { key: 'c', ellipsis: true }])).toBe('c');
  expect(flexibleColumnKey([{ key: 'a', width: 100, ellipsis: true }, { key: 'b', width: 200, ellipsis: true }, { key: 'c', width: 90 }])).toBe('b');
  expect(flexibleColumnKey([{ key: 'a', width: 100 }, { key: 'b' }])).toBeNull();
});
