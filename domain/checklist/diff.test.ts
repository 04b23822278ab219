import { describe, expect, it } from 'vitest';
import { diffChecklists, fieldChanges, fieldText } from './diff';
import { content, item, sampleList, subitem } from './test_support';

describe('diffChecklists', () => {
  it('finds nothing between equal versions, whatever the sibling order', () => {
    const list = sampleList();
    const reordered = [list[0], list[4], list[5], list[1], list[2], list[3]].map((n) => n as (typeof list)[number]);
    const diff = diffChecklists(list, reordered);
    expect(diff).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 6 });
    expect(diff.rows.map((r) => r.code)).toEqual(['SX-001', 'SX-001-02', 'SX-001-02-01', 'SX-001-01', 'SX-001-01-01', 'SX-001-01-02']);
  });

  it('reports added, removed and changed nodes with the changed fields as readable text (立改废释)', () => {
    const before = [...sampleList(), item('SX-002', '价格行为检查'), subitem('SX-002-01', '明码标价', 'SX-002'), content('SX-002-01-01', '是否明码标价', 'SX-002-01')];
    const after = [
      ...sampleList().filter((n) => n.code !== 'SX-001-01-02').map((n) => (n.code === 'SX-001'
        ? { ...n, category: 'key' as const, methods: ['on_site' as const, 'online' as const], basis: '《企业信息公示暂行条例》（2024年修订）第十四条' }
        : n)),
      content('SX-001-01-03', '企业网站以及从事网络经营的网店的名称、网址等信息', 'SX-001-01'),
      item('SX-003', '广告发布检查'),
      subitem('SX-003-01', '广告内容', 'SX-003'),
    ];
    const diff = diffChecklists(before, after);
    expect(diff).toMatchObject({ added: 3, removed: 4, changed: 1, unchanged: 4 });
    const row = (code: string) => diff.rows.find((r) => r.code === code);
    expect(row('SX-001')?.changes).toEqual([
      { field: 'category', label: '事项类别', before: '一般检查事项', after: '重点检查事项' },
      { field: 'methods', label: '检查方式', before: '实地核查、书面检查', after: '实地核查、网络监测' },
      { field: 'basis', label: '检查依据', before: '《企业信息公示暂行条例》第十四条', after: '《企业信息公示暂行条例》（2024年修订）第十四条' },
    ]);
    expect(diff.rows.map((r) => [r.code, r.status, r.depth])).toEqual([
      ['SX-001', 'changed', 0],
      ['SX-001-01', 'unchanged', 1],
      ['SX-001-01-01', 'unchanged', 2],
      ['SX-001-01-03', 'added', 2],
      ['SX-001-01-02', 'removed', 2],
      ['SX-001-02', 'unchanged', 1],
      ['SX-001-02-01', 'unchanged', 2],
      ['SX-003', 'added', 0],
      ['SX-003-01', 'added', 1],
      ['SX-002', 'removed', 0],
      ['SX-002-01', 'removed', 1],
      ['SX-002-01-01', 'removed', 2],
    ]);
    expect(row('SX-002')).toMatchObject({ name: '价格行为检查', level: 'item', changes: [] });
  });

  it('treats a move to another parent as a change of 上级', () => {
    const before = sampleList();
    const after = before.map((n) => (n.code === 'SX-001-01-02' ? { ...n, parentCode: 'SX-001-02' } : n));
    const diff = diffChecklists(before, after);
    expect(diff.rows.find((r) => r.code === 'SX-001-01-02')?.changes).toEqual([{ field: 'parentCode', label: '上级', before: 'SX-001-01', after: 'SX-001-02' }]);
  });

  it('renders every field as text', () => {
    const node = content('C', '内容', 'S', { basis: '依据' });
    expect(fieldText(node, 'code')).toBe('C');
    expect(fieldText(node, 'category')).toBe('');
    expect(fieldText(item('I', '事项'), 'resultOptions')).toBe('正常、不正常');
    expect(fieldText(item('I', '事项'), 'subject')).toBe('长春市市场监督管理局');
    expect(fieldText(item('I', '事项'), 'parentCode')).toBe('');
    expect(fieldText(subitem('S', '子项', 'I'), 'target')).toBe('');
    expect(fieldText(subitem('S', '子项', 'I'), 'subject')).toBe('');
    expect(fieldText(subitem('S', '子项', 'I'), 'basis')).toBe('');
    expect(fieldText(subitem('S', '子项', 'I'), 'checkMethod')).toBe('');
    expect(fieldText(subitem('S', '子项', 'I'), 'yesWording')).toBe('');
    expect(fieldText(subitem('S', '子项', 'I'), 'noWording')).toBe('');
    expect(fieldChanges(node, { ...node, yesWording: '是', noWording: '否', checkMethod: '查看现场', resultOptions: ['合格', '不合格'], target: '对象', subject: '主体' }).map((c) => c.field))
      .toEqual(['target', 'subject', 'resultOptions', 'checkMethod', 'yesWording', 'noWording']);
  });
});
