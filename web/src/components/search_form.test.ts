import { describe, expect, test } from 'vitest';
import type { ListColumn } from './list_types';
import { paramNamesOf } from './list_types';
import { searchFieldsOf } from './search_form';
import { STATUS_ENUM } from './value_tag';

interface Row { account: string; status: string; at: string }

describe('searchFieldsOf', () => {
  test('one column array gives the search fields and their URL parameter names', () => {
    const columns: ListColumn<Row>[] = [
      { key: 'account', title: '账号', dataIndex: 'account', search: true },
      { key: 'status', title: '状态', dataIndex: 'status', valueEnum: STATUS_ENUM, search: true },
      { key: 'at', title: '时间', dataIndex: 'at', search: { kind: 'dateRange', from: 'from', to: 'to' } },
      { key: 'hidden', title: '不搜索' },
    ];
    const fields = searchFieldsOf(columns);
    expect(fields.map((f) => f.kind)).toEqual(['text', 'select', 'dateRange']);
    expect(fields[0]).toMatchObject({ name: 'account', placeholder: '请输入账号' });
    expect(fields[1]).toMatchObject({ name: 'status', options: [{ value: 'active', label: '正常' }, { value: 'disabled', label: '停用' }] });
    expect(fields.flatMap(paramNamesOf)).toEqual(['account', 'status', 'from', 'to']);
  });
});
