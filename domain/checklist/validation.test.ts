import { describe, expect, it } from 'vitest';
import { content, item, sampleList, subitem } from './test_support';
import { childLevelOf, inTreeOrder, nextChildCode, parentLevelOf, preOrder, subtreeCodes } from './tree';
import {
  blankNode, describeNode, isChangeReason, isChecklistKind, isChecklistLevel, isItemCategory, isVersionStatus,
} from './types';
import { nodeIssues, placementIssue, validateChecklistTree } from './validation';

const messages = (issues: readonly { message: string }[]) => issues.map((i) => i.message);

describe('types', () => {
  it('recognises the closed enums', () => {
    expect(isChecklistLevel('content')).toBe(true);
    expect(isChecklistLevel('section')).toBe(false);
    expect(isItemCategory('key')).toBe(true);
    expect(isChecklistKind('joint')).toBe(true);
    expect(isVersionStatus('superseded')).toBe(true);
    expect(isChangeReason('amended')).toBe(true);
  });

  it('names a node by level, name and code', () => {
    expect(describeNode(item('SX-001', ' 企业公示信息检查 '))).toBe('检查事项「企业公示信息检查」（SX-001）');
    expect(describeNode(blankNode('content', 'C1', '', 'S1'))).toBe('检查内容（C1）');
  });
});

describe('tree', () => {
  it('knows how levels nest', () => {
    expect(childLevelOf('item')).toBe('subitem');
    expect(childLevelOf('content')).toBeNull();
    expect(parentLevelOf('item')).toBeNull();
    expect(parentLevelOf('content')).toBe('subitem');
  });

  it('orders any flat list pre-order, keeping orphans and cycles at the end', () => {
    const shuffled = [
      { code: 'B-1', parentCode: 'B' }, { code: 'A', parentCode: null }, { code: 'B', parentCode: null },
      { code: 'A-1', parentCode: 'A' }, { code: 'X-1', parentCode: 'X' }, { code: 'C1', parentCode: 'C2' }, { code: 'C2', parentCode: 'C1' },
    ];
    expect(inTreeOrder(shuffled).map((n) => n.code)).toEqual(['A', 'A-1', 'B', 'B-1', 'X-1', 'C1', 'C2']);
    const placed = preOrder(shuffled, { key: (n) => n.code, parentKey: (n) => n.parentCode });
    expect(placed.map((p) => p.depth)).toEqual([0, 1, 0, 1, 0, 0, 0]);
    const duplicated = [{ code: 'A', parentCode: null }, { code: 'A', parentCode: null }, { code: 'A-1', parentCode: 'A' }];
    expect(inTreeOrder(duplicated).map((n) => n.code)).toEqual(['A', 'A-1', 'A']);
  });

  it('collects a subtree', () => {
    expect([...subtreeCodes(sampleList(), 'SX-001-01')].sort()).toEqual(['SX-001-01', 'SX-001-01-01', 'SX-001-01-02']);
    expect(subtreeCodes(sampleList(), 'SX-001').size).toBe(6);
  });

  it('suggests the next free code', () => {
    const list = sampleList();
    expect(nextChildCode(list, null)).toBe('SX-002');
    expect(nextChildCode(list, 'SX-001')).toBe('SX-001-03');
    expect(nextChildCode(list, 'SX-001-02')).toBe('SX-001-02-02');
    expect(nextChildCode([], null, 'LH')).toBe('LH-001');
    // a taken code further down is skipped; codes with other shapes are ignored
    expect(nextChildCode([{ code: 'odd', parentCode: 'P' }, { code: 'P-01', parentCode: 'Q' }], 'P')).toBe('P-02');
    expect(nextChildCode([{ code: 'A.B-07', parentCode: 'A.B' }], 'A.B')).toBe('A.B-08');
    // a new 检查事项 continues the list's own prefix
    expect(nextChildCode([{ code: 'odd', parentCode: null }, { code: 'SJ-007', parentCode: null }], null)).toBe('SJ-008');
    expect(nextChildCode([{ code: 'SJ-007', parentCode: null }], null, 'LH')).toBe('LH-001');
  });
});

describe('nodeIssues', () => {
  it('accepts complete nodes of every level', () => {
    for (const node of sampleList()) expect(nodeIssues(node)).toEqual([]);
  });

  it('names the node and the missing field of a 检查事项', () => {
    const bad = item('SX-009', '广告发布检查', {
      category: null, target: ' ', methods: [], subject: null, basis: '', resultOptions: ['正常'],
    });
    expect(messages(nodeIssues(bad))).toEqual([
      '检查事项「广告发布检查」（SX-009）：请选择事项类别（一般或重点）',
      '检查事项「广告发布检查」（SX-009）：缺少检查对象',
      '检查事项「广告发布检查」（SX-009）：至少选择一种检查方式',
      '检查事项「广告发布检查」（SX-009）：缺少检查主体',
      '检查事项「广告发布检查」（SX-009）：缺少检查依据',
      '检查事项「广告发布检查」（SX-009）：结果选项至少两项（如 正常、不正常）',
    ]);
    expect(nodeIssues(bad).map((i) => i.field)).toEqual(['category', 'target', 'methods', 'subject', 'basis', 'resultOptions']);
  });

  it('checks codes, lengths, duplicates and result options', () => {
    expect(messages(nodeIssues(item('', '价格行为检查')))).toEqual(['检查事项「价格行为检查」缺少编码']);
    expect(messages(nodeIssues(item('x'.repeat(41), '价格行为检查')))[0]).toMatch(/编码不能超过 40 个字符/);
    expect(messages(nodeIssues(item('SX 01', '价格行为检查')))[0]).toMatch(/编码只能包含字母、数字/);
    expect(messages(nodeIssues(item('SX-1', '')))).toEqual(['检查事项（SX-1）：缺少名称']);
    expect(messages(nodeIssues(item('SX-1', '名'.repeat(301))))[0]).toMatch(/名称不能超过 300 个字符/);
    expect(messages(nodeIssues(item('SX-1', '价格', { methods: ['on_site', 'on_site'] })))).toEqual(['检查事项「价格」（SX-1）：检查方式有重复']);
    expect(messages(nodeIssues(item('SX-1', '价格', { resultOptions: Array.from({ length: 11 }, (_, i) => `选项${i}`) })))[0]).toMatch(/最多 10 项/);
    expect(messages(nodeIssues(item('SX-1', '价格', { resultOptions: ['正常', ' '] })))[0]).toMatch(/每个结果选项为 1–20 个字符/);
    expect(messages(nodeIssues(item('SX-1', '价格', { resultOptions: ['正常', '很'.repeat(21)] })))[0]).toMatch(/每个结果选项/);
    expect(messages(nodeIssues(item('SX-1', '价格', { resultOptions: ['正常', '正常 '] })))[0]).toMatch(/结果选项有重复/);
  });

  it('requires the 检查方法 and two different wordings of a 检查内容, and limits an optional basis', () => {
    const bad = content('C-1', '是否按时报送年度报告', 'S-1', { checkMethod: null, yesWording: '按时报送', noWording: '' });
    expect(messages(nodeIssues(bad))).toEqual([
      '检查内容「是否按时报送年度报告」（C-1）：缺少检查方法',
      '检查内容「是否按时报送年度报告」（C-1）：缺少“否”的表述',
    ]);
    const same = content('C-1', '是否按时报送年度报告', 'S-1', { yesWording: '是', noWording: '是', basis: '依'.repeat(2001) });
    expect(messages(nodeIssues(same))).toEqual([
      '检查内容「是否按时报送年度报告」（C-1）：“是”与“否”的表述不能相同',
      '检查内容「是否按时报送年度报告」（C-1）：检查依据不能超过 2000 个字符',
    ]);
    expect(nodeIssues(subitem('S-1', '年报', 'I', { basis: '依'.repeat(2001) })).map((i) => i.field)).toEqual(['basis']);
  });
});

describe('validateChecklistTree', () => {
  it('accepts a complete list', () => {
    expect(validateChecklistTree(sampleList())).toEqual([]);
  });

  it('refuses an empty list', () => {
    expect(validateChecklistTree([])).toEqual([{ code: null, field: null, message: '清单中还没有检查事项' }]);
  });

  it('reports duplicate codes, wrong nesting, missing parents and empty branches, naming each node', () => {
    const nodes = [
      ...sampleList(),
      item('SX-002', '价格行为检查', { parentCode: 'SX-001' }),
      subitem('SX-001-01', '重复编码的子项', 'SX-001'),
      subitem('SX-003-01', '无上级的子项', 'SX-003'),
      subitem('SX-004', '顶层子项', null),
      content('SX-001-09', '挂在事项下的内容', 'SX-001'),
      item('SX-005', '广告发布检查'),
    ];
    expect(messages(validateChecklistTree(nodes))).toEqual([
      '编码「SX-001-01」重复：检查子项「年度报告公示信息」（SX-001-01）与检查子项「重复编码的子项」',
      '检查事项「价格行为检查」（SX-002）是一级事项，不能有上级',
      '检查事项「价格行为检查」（SX-002）下还没有检查子项',
      '检查子项「无上级的子项」（SX-003-01）的上级（SX-003）不存在',
      '检查子项「无上级的子项」（SX-003-01）下还没有检查内容',
      '检查子项「顶层子项」（SX-004）必须位于某个检查事项之下',
      '检查子项「顶层子项」（SX-004）下还没有检查内容',
      '检查内容「挂在事项下的内容」（SX-001-09）应位于检查子项之下，不能位于检查事项「企业公示信息检查」（SX-001）之下',
      '检查事项「广告发布检查」（SX-005）下还没有检查子项',
    ]);
  });

  it('includes the field problems of every node', () => {
    const nodes = sampleList().map((n) => (n.code === 'SX-001-01-02' ? { ...n, checkMethod: '' } : n));
    expect(validateChecklistTree(nodes)).toEqual([
      { code: 'SX-001-01-02', field: 'checkMethod', message: '检查内容「企业开业、歇业、清算等存续状态信息」（SX-001-01-02）：缺少检查方法' },
    ]);
  });

  it('places single nodes for the editor', () => {
    expect(placementIssue(item('A', '事项'), undefined)).toBeNull();
    expect(placementIssue(subitem('A-1', '子项', 'A'), item('A', '事项'))).toBeNull();
  });
});
