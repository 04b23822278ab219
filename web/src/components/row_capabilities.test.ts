import { describe, expect, test } from 'vitest';
import { capabilitiesOf, refusals, toolbarState } from './row_capabilities';

interface Row { name: string; actions?: { edit: string | null; delete: string | null } }

const own: Row = { name: '本部门清单', actions: { edit: null, delete: null } };
const published: Row = { name: '已发布清单', actions: { edit: null, delete: '已发布过，不能删除' } };
const other: Row = { name: '市局清单', actions: { edit: '由市局维护', delete: '由市局维护' } };
const label = (row: Row) => row.name;

describe('capabilitiesOf', () => {
  test('reads the server\'s answer; rows without one allow everything', () => {
    expect(capabilitiesOf(other)).toEqual({ edit: '由市局维护', delete: '由市局维护' });
    expect(capabilitiesOf({ name: '无' })).toEqual({ edit: null, delete: null });
    expect(capabilitiesOf(null)).toEqual({ edit: null, delete: null });
    expect(capabilitiesOf({ actions: { edit: 42, delete: '' } })).toEqual({ edit: null, delete: null });
  });
});

describe('toolbarState', () => {
  test('修改 needs exactly one row that allows it, and says why a refused row cannot be edited', () => {
    expect(toolbarState([], 'edit', capabilitiesOf, label)).toEqual({ disabled: true, reason: null });
    expect(toolbarState([own, published], 'edit', capabilitiesOf, label)).toEqual({ disabled: true, reason: null });
    expect(toolbarState([published], 'edit', capabilitiesOf, label)).toEqual({ disabled: false, reason: null });
    expect(toolbarState([other], 'edit', capabilitiesOf, label)).toEqual({ disabled: true, reason: '由市局维护' });
  });

  test('删除 stays disabled while any selected row refuses it, naming the row and counting the others', () => {
    expect(toolbarState([own], 'delete', capabilitiesOf, label)).toEqual({ disabled: false, reason: null });
    expect(toolbarState([published], 'delete', capabilitiesOf, label)).toEqual({ disabled: true, reason: '已发布过，不能删除' });
    expect(toolbarState([own, published], 'delete', capabilitiesOf, label)).toEqual({ disabled: true, reason: '已发布清单：已发布过，不能删除' });
    expect(toolbarState([own, published, other], 'delete', capabilitiesOf, label))
      .toEqual({ disabled: true, reason: '已发布清单：已发布过，不能删除（另有 1 条同样不能删除）' });
  });

  test('refusals lists every refused row with its reason', () => {
    expect(refusals([own, published, other], 'delete', capabilitiesOf).map((r) => r.row.name)).toEqual(['已发布清单', '市局清单']);
  });
});
