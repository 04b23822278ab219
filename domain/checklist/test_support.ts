/**
 * Builders for checklist trees in tests: a small, valid 企业公示信息检查 list and helpers to derive
 * variants from it. Test-only (imported by *.test.ts files).
 */
import { blankNode, type ChecklistNode, type IdentifiedNode } from './types';

export function item(code: string, name: string, overrides: Partial<ChecklistNode> = {}): ChecklistNode {
  return {
    ...blankNode('item', code, name, null),
    category: 'general', target: '辖区内企业', methods: ['on_site', 'documents'], subject: '长春市市场监督管理局',
    basis: '《企业信息公示暂行条例》第十四条', resultOptions: ['正常', '不正常'], ...overrides,
  };
}

export function subitem(code: string, name: string, parentCode: string | null, overrides: Partial<ChecklistNode> = {}): ChecklistNode {
  return { ...blankNode('subitem', code, name, parentCode), ...overrides };
}

export function content(code: string, name: string, parentCode: string, overrides: Partial<ChecklistNode> = {}): ChecklistNode {
  return {
    ...blankNode('content', code, name, parentCode),
    checkMethod: '查阅年度报告及证明材料', yesWording: '公示信息真实', noWording: '公示信息不真实', ...overrides,
  };
}

/** 企业公示信息检查 with two subitems and three contents; valid. */
export function sampleList(): ChecklistNode[] {
  return [
    item('SX-001', '企业公示信息检查'),
    subitem('SX-001-01', '年度报告公示信息', 'SX-001'),
    content('SX-001-01-01', '企业通信地址、邮政编码、联系电话、电子邮箱等信息', 'SX-001-01'),
    content('SX-001-01-02', '企业开业、歇业、清算等存续状态信息', 'SX-001-01'),
    subitem('SX-001-02', '即时公示信息', 'SX-001'),
    content('SX-001-02-01', '股东或者发起人认缴和实缴的出资额、出资时间、出资方式等信息', 'SX-001-02', { basis: '《企业信息公示暂行条例》第十条' }),
  ];
}

/** The nodes with ids `<prefix>:<code>`, as a stored version would have them. */
export function identified(nodes: readonly ChecklistNode[], prefix: string): IdentifiedNode[] {
  return nodes.map((n) => ({ ...n, id: `${prefix}:${n.code}` }));
}
