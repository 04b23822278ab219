import { describe, expect, it } from 'vitest';
import { CHECK_SHEET_COLUMNS, checkSheetRows, parseCheckSheet, validItemsOnly, type CheckSheetColumn, type CheckSheetRecord, type CheckSheetRow } from './check_sheet';
import { diffChecklists } from './diff';
import { item, sampleList, subitem } from './test_support';
import { validateChecklistTree } from './validation';

const empty = Object.fromEntries(CHECK_SHEET_COLUMNS.map((c) => [c.key, ''])) as Record<CheckSheetColumn, string>;
const records = (rows: readonly Partial<CheckSheetRow>[]): CheckSheetRecord[] => rows.map((r, i) => ({ rowNumber: i + 2, values: { ...empty, ...r } }));

describe('checkSheetRows', () => {
  it('gives one line per 检查内容 with the effective 检查依据, and lines for empty branches', () => {
    const rows = checkSheetRows([...sampleList(), item('SX-002', '价格行为检查', { category: null }), item('SX-003', '广告发布检查'), subitem('SX-003-01', '广告内容', 'SX-003', { basis: '《中华人民共和国广告法》第九条' })]);
    expect(rows.map((r) => [r.itemCode, r.subitemCode, r.contentCode, r.basis])).toEqual([
      ['SX-001', 'SX-001-01', 'SX-001-01-01', '《企业信息公示暂行条例》第十四条'],
      ['SX-001', 'SX-001-01', 'SX-001-01-02', '《企业信息公示暂行条例》第十四条'],
      ['SX-001', 'SX-001-02', 'SX-001-02-01', '《企业信息公示暂行条例》第十条'],
      ['SX-002', '', '', '《企业信息公示暂行条例》第十四条'],
      ['SX-003', 'SX-003-01', '', '《中华人民共和国广告法》第九条'],
    ]);
    expect(rows[0]).toMatchObject({
      itemName: '企业公示信息检查', category: '一般检查事项', methods: '实地核查、书面检查', resultOptions: '正常、不正常',
      checkMethod: '查阅年度报告及证明材料', yesWording: '公示信息真实', noWording: '公示信息不真实',
    });
    expect(rows[3]?.category).toBe('');
    expect(checkSheetRows([{ ...item('X', '无依据', { basis: null, target: null, subject: null }) }])[0]).toMatchObject({ basis: '', target: '', subject: '' });
  });
});

describe('parseCheckSheet', () => {
  it('reads back what it exported, without changes', () => {
    const exported = checkSheetRows(sampleList());
    const { nodes, issues } = parseCheckSheet(records(exported));
    expect(issues).toEqual([]);
    expect(diffChecklists(sampleList(), nodes)).toMatchObject({ added: 0, removed: 0, changed: 0 });
    expect(validateChecklistTree(nodes)).toEqual([]);
  });

  it('reads the unified 检查方式 words and those of sheets exported before (委托第三方)', () => {
    const { nodes, issues } = parseCheckSheet(records([
      { itemName: '产品质量检查', methods: '书面检查、委托第三方、委托专业机构、采用其他部门结论、书面审查、constructor' },
    ]));
    expect(issues.filter((i) => i.column === '检查方式').map((i) => i.message)).toEqual(['检查方式「constructor」无法识别，应为 实地核查、书面检查、网络监测、抽样检测、委托专业机构、采用其他部门结论 之一']);
    expect(nodes[0]?.methods).toEqual(['documents', 'agency', 'other_department']);
  });

  it('numbers nodes without codes, groups lines by name, and accepts label variants', () => {
    const { nodes, rows, issues } = parseCheckSheet(records([
      { itemName: '产品质量检查', category: '重点', target: '生产企业', methods: '现场检查、抽样检验/key', subject: '市场监管局', basis: '《中华人民共和国产品质量法》第十五条', subitemName: '产品标识', contentName: '是否有中文标明的产品名称', checkMethod: '查看产品', yesWording: '有', noWording: '无', resultOptions: '合格，不合格' },
      { itemName: '产品质量检查', subitemName: '产品标识', contentName: '是否标明生产厂厂名和厂址', checkMethod: '查看产品', yesWording: '已标明', noWording: '未标明', basis: '《中华人民共和国产品质量法》第二十七条' },
      { itemName: '产品质量检查', subitemName: '质量管理', basis: '《中华人民共和国产品质量法》第三条' },
      { itemName: '产品质量检查' },
    ]));
    expect(issues.map((i) => i.message)).toEqual([
      '检查方式「key」无法识别，应为 实地核查、书面检查、网络监测、抽样检测、委托专业机构、采用其他部门结论 之一',
    ]);
    expect(nodes.map((n) => [n.code, n.parentCode, n.name])).toEqual([
      ['SX-001', null, '产品质量检查'],
      ['SX-001-01', 'SX-001', '产品标识'],
      ['SX-001-01-01', 'SX-001-01', '是否有中文标明的产品名称'],
      ['SX-001-01-02', 'SX-001-01', '是否标明生产厂厂名和厂址'],
      ['SX-001-02', 'SX-001', '质量管理'],
    ]);
    expect(rows).toEqual([2, 2, 2, 3, 4]);
    expect(nodes[0]).toMatchObject({ category: 'key', methods: ['on_site', 'sampling'], resultOptions: ['合格', '不合格'] });
    expect(nodes[2]?.basis).toBeNull();
    expect(nodes[3]?.basis).toBe('《中华人民共和国产品质量法》第二十七条');
    expect(nodes[4]?.basis).toBe('《中华人民共和国产品质量法》第三条');
  });

  it('reports every problem with its row and column', () => {
    const { issues } = parseCheckSheet(records([
      { itemCode: 'A', itemName: '价格行为检查', category: '特别', methods: '实地核查', target: '经营者', subject: '局', basis: '《价格法》', subitemCode: 'A-1', subitemName: '明码标价', contentCode: 'A-1-1', contentName: '是否明码标价', checkMethod: '', yesWording: '是', noWording: '是' },
      { itemCode: 'A', itemName: '价格检查', target: '其他对象', subitemCode: 'A-1', subitemName: '标价', contentCode: 'A-1-1', contentName: '重复内容', checkMethod: '看', yesWording: '是', noWording: '否' },
      { itemName: '' },
      { itemCode: 'B', itemName: '广告发布检查', contentName: '是否发布虚假广告', checkMethod: '查看' },
      { itemCode: 'B', subitemCode: 'B-1', yesWording: '是' },
    ]));
    expect(issues).toEqual([
      { row: 2, column: '事项类别', message: '事项类别「特别」无法识别，应为 一般 或 重点' },
      { row: 2, column: '事项类别', message: '检查事项「价格行为检查」（A）：请选择事项类别（一般或重点）' },
      { row: 2, column: '检查方法', message: '检查内容「是否明码标价」（A-1-1）：缺少检查方法' },
      { row: 2, column: '否', message: '检查内容「是否明码标价」（A-1-1）：“是”与“否”的表述不能相同' },
      { row: 3, column: '检查事项', message: '与第 2 行的同一检查事项不一致' },
      { row: 3, column: '检查对象', message: '与第 2 行的同一检查事项不一致' },
      { row: 3, column: '检查子项', message: '与第 2 行的同一检查子项名称不一致' },
      { row: 3, column: '内容编码', message: '编码「A-1-1」与第 2 行重复' },
      { row: 4, column: '检查事项', message: '检查事项不能为空' },
      { row: 5, column: '检查子项', message: '填写了检查内容，但没有填写所属的检查子项' },
      { row: 5, column: '检查方法', message: '填写了检查方法，但没有填写检查内容' },
      { row: 5, column: '事项类别', message: '检查事项「广告发布检查」（B）：请选择事项类别（一般或重点）' },
      { row: 5, column: '检查对象', message: '检查事项「广告发布检查」（B）：缺少检查对象' },
      { row: 5, column: '检查方式', message: '检查事项「广告发布检查」（B）：至少选择一种检查方式' },
      { row: 5, column: '检查主体', message: '检查事项「广告发布检查」（B）：缺少检查主体' },
      { row: 5, column: '检查依据', message: '检查事项「广告发布检查」（B）：缺少检查依据' },
      { row: 6, column: '是', message: '填写了是，但没有填写检查内容' },
      { row: 6, column: '检查子项', message: '检查子项（B-1）：缺少名称' },
    ]);
  });

  it('requires the wordings of a content line', () => {
    const { issues } = parseCheckSheet(records([{ ...checkSheetRows(sampleList())[0], yesWording: '', noWording: '' }]));
    expect(issues.map((i) => i.column)).toEqual(['是', '否']);
  });

  it('reports a bad code in the code column of its level', () => {
    const { issues } = parseCheckSheet(records([{ itemCode: 'A 1', itemName: '事项', category: '一般', target: '对象', methods: '书面检查', subject: '主体', basis: '依据' }]));
    expect(issues).toEqual([{ row: 2, column: '事项编码', message: '检查事项「事项」（A 1）：编码只能包含字母、数字、点、下划线或短横线' }]);
  });
});

describe('validItemsOnly', () => {
  it('keeps the items whose lines are all correct, with their subtrees', () => {
    const good = checkSheetRows(sampleList());
    const parsed = parseCheckSheet(records([
      ...good,
      { ...good[0], itemCode: 'SX-002', itemName: '价格行为检查', subitemCode: 'SX-002-01', contentCode: 'SX-002-01-01' },
      { ...good[0], itemCode: 'SX-002', itemName: '价格行为检查', subitemCode: 'SX-002-01', contentCode: 'SX-002-01-02', checkMethod: '' },
    ]));
    expect(parsed.issues.map((i) => i.row)).toEqual([6]);
    const { nodes, rejectedRows } = validItemsOnly(parsed);
    expect(nodes.map((n) => n.code)).toEqual(sampleList().map((n) => n.code));
    expect([...rejectedRows].sort()).toEqual([5, 6]);
  });
});
