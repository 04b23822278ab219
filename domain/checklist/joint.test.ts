import { describe, expect, it } from 'vitest';
import { inheritBase, inheritanceIssues, syncWithBase } from './district';
import { assembleJointItems, sourceKey, type JointSource } from './joint';
import { content, identified, item, sampleList, subitem } from './test_support';
import { validateChecklistTree } from './validation';

const market: JointSource = {
  checklistId: 'L-market', checklistName: '随机抽查事项清单', departmentName: '长春市市场监督管理局', version: 2, status: 'published',
  nodes: identified(sampleList(), 'm2'),
};
const ecology: JointSource = {
  checklistId: 'L-eco', checklistName: '生态环境随机抽查事项清单', departmentName: '长春市生态环境局', version: 1, status: 'published',
  nodes: identified([
    item('SX-001', '排污许可执行情况检查', { subject: '长春市生态环境局', basis: '《排污许可管理条例》第三十三条', category: 'key' }),
    subitem('SX-001-01', '按证排污', 'SX-001'),
    content('SX-001-01-01', '是否按照排污许可证规定的污染物排放种类、浓度和排放量排放', 'SX-001-01'),
  ], 'e1'),
};
const oldMarket: JointSource = { ...market, version: 1, status: 'superseded', nodes: identified(sampleList(), 'm1') };
const districtMarket: JointSource = { ...market, checklistId: 'L-district', checklistName: '朝阳区清单', version: 1, nodes: identified(sampleList().map((n) => ({ ...n, inherited: true })), 'd1') };

describe('assembleJointItems', () => {
  it('copies each selected item with its subtree, renumbered, pointing at the department nodes', () => {
    const result = assembleJointItems([market, ecology], ['e1:SX-001', 'm2:SX-001'], [], new Set());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((n) => [n.code, n.parentCode, n.sourceItemId])).toEqual([
      ['LH-001', null, 'e1:SX-001'],
      ['LH-001-01', 'LH-001', 'e1:SX-001-01'],
      ['LH-001-01-01', 'LH-001-01', 'e1:SX-001-01-01'],
      ['LH-002', null, 'm2:SX-001'],
      ['LH-002-01', 'LH-002', 'm2:SX-001-01'],
      ['LH-002-01-01', 'LH-002-01', 'm2:SX-001-01-01'],
      ['LH-002-01-02', 'LH-002-01', 'm2:SX-001-01-02'],
      ['LH-002-02', 'LH-002', 'm2:SX-001-02'],
      ['LH-002-02-01', 'LH-002-02', 'm2:SX-001-02-01'],
    ]);
    expect(result.value[0]).toMatchObject({ name: '排污许可执行情况检查', subject: '长春市生态环境局', category: 'key', inherited: false });
    expect(validateChecklistTree(result.value)).toEqual([]);
  });

  it('continues the numbering after the items already in the joint list', () => {
    const result = assembleJointItems([ecology], ['e1:SX-001'], [{ code: 'LH-001', parentCode: null }, { code: 'LH-004', parentCode: null }], new Set());
    expect(result.ok && result.value[0]?.code).toBe('LH-005');
  });

  it('refuses unknown ids, non-items, non-current versions, items already included and repeated picks', () => {
    const result = assembleJointItems(
      [market, oldMarket, ecology, districtMarket],
      ['nope', 'm2:SX-001-01', 'd1:SX-001', 'm1:SX-001', 'e1:SX-001', 'm2:SX-001', 'm2:SX-001'],
      [], new Set([sourceKey('L-eco', 'SX-001')]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((i) => i.message)).toEqual([
      '所选检查事项（nope）不存在或不在可选范围内',
      '只能选择检查事项（一级），长春市市场监督管理局《随机抽查事项清单》第 2 版的检查子项「年度报告公示信息」（SX-001-01）不是检查事项',
      '长春市市场监督管理局《朝阳区清单》第 1 版的检查事项「企业公示信息检查」（SX-001）继承自上级清单，应纳入上级的联合清单',
      '长春市市场监督管理局《随机抽查事项清单》第 1 版不是现行版本，不能纳入联合清单：检查事项「企业公示信息检查」（SX-001）',
      '长春市生态环境局《生态环境随机抽查事项清单》第 1 版的检查事项「排污许可执行情况检查」（SX-001）已在联合清单中',
      '长春市市场监督管理局《随机抽查事项清单》第 2 版的检查事项「企业公示信息检查」（SX-001）被重复选择',
    ]);
  });
});

describe('district lists (长春第6条)', () => {
  const base = identified(sampleList(), 'city');
  const local = [
    item('QX-001', '农贸市场经营秩序检查', { subject: '朝阳区市场监督管理局', target: '辖区农贸市场开办者' }),
    subitem('QX-001-01', '市场开办者责任', 'QX-001'),
    content('QX-001-01-01', '是否建立入场销售者档案', 'QX-001-01'),
  ];

  it('inherits the city nodes read-only and keeps local items after them', () => {
    const inherited = inheritBase(base);
    expect(inherited.every((n) => n.inherited)).toBe(true);
    expect(inherited[0]).toMatchObject({ code: 'SX-001', sourceItemId: 'city:SX-001' });
    const district = [...inherited, ...local];
    expect(inheritanceIssues(base, district)).toEqual([]);
    expect(validateChecklistTree(district)).toEqual([]);
  });

  it('reports missing, changed and foreign inherited nodes and local nodes under inherited ones', () => {
    const district = [
      ...inheritBase(base).filter((n) => n.code !== 'SX-001-01-02').map((n) => (n.code === 'SX-001' ? { ...n, basis: '改过的依据' } : n)),
      { ...local[0], inherited: true, sourceItemId: 'elsewhere' },
      { ...local[1], inherited: true, sourceItemId: null },
      content('SX-001-01-09', '本级补充的内容', 'SX-001-01'),
    ].map((n) => n as (typeof local)[number]);
    expect(inheritanceIssues(base, district).map((i) => i.message)).toEqual([
      '上级清单的检查事项「企业公示信息检查」（SX-001）不能在本级修改',
      '缺少上级清单的检查内容「企业开业、歇业、清算等存续状态信息」（SX-001-01-02）',
      '检查事项「农贸市场经营秩序检查」（QX-001）标记为继承，但不在上级清单现行版本中',
      '检查子项「市场开办者责任」（QX-001-01）标记为继承，但不在上级清单现行版本中',
      '本级检查内容「本级补充的内容」（SX-001-01-09）不能添加在上级清单的事项之下，请作为本级检查事项补充',
    ]);
    const recoded = inheritBase(base).map((n) => (n.code === 'SX-001-02-01' ? { ...n, code: 'SX-001-02-09' } : n));
    expect(inheritanceIssues(base, recoded).map((i) => i.code)).toEqual(['SX-001-02-09']);
  });

  it('re-syncs a district draft with a new city version, keeping local items', () => {
    const newBase = identified([...sampleList(), item('SX-002', '价格行为检查'), subitem('SX-002-01', '明码标价', 'SX-002'), content('SX-002-01-01', '是否明码标价', 'SX-002-01')], 'city2');
    const synced = syncWithBase(newBase, [...inheritBase(base), ...local]);
    expect(synced.ok).toBe(true);
    if (!synced.ok) return;
    expect(synced.value.map((n) => n.code)).toEqual([...newBase.map((n) => n.code), 'QX-001', 'QX-001-01', 'QX-001-01-01']);
    expect(synced.value[0]?.sourceItemId).toBe('city2:SX-001');
    expect(inheritanceIssues(newBase, synced.value)).toEqual([]);

    const clash = syncWithBase(identified([...sampleList(), item('QX-001', '同号事项')], 'city3'), [...inheritBase(base), ...local]);
    expect(clash.ok).toBe(false);
    if (clash.ok) return;
    expect(clash.error).toEqual([{ code: 'QX-001', field: 'code', message: '本级检查事项「农贸市场经营秩序检查」（QX-001）的编码已被上级清单使用，请先修改编码' }]);
  });
});
