/** 字典管理: code lists administrators may extend; each type has its items (字典数据). */
import { Form, Input, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { dictionaryTypesApi, type DictionaryTypeBody, type DictionaryTypeRow } from '../../api/system';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';

const COLUMNS: readonly ListColumn<DictionaryTypeRow>[] = [
  { key: 'keyword', title: '关键字', hideInTable: true, search: { kind: 'text', name: 'keyword', placeholder: '字典名称或标识' } },
  { key: 'name', title: '字典名称', dataIndex: 'name', width: 200 },
  { key: 'key', title: '字典标识', width: 200, render: (row) => <Link to={`/system/dictionaries/${encodeURIComponent(row.key)}`}>{row.key}</Link> },
  { key: 'itemCount', title: '字典项数', dataIndex: 'itemCount', width: 100 },
  { key: 'builtin', title: '类型', width: 90, render: (row) => (row.builtin ? <Tag color="gold">内置</Tag> : <Tag>自定义</Tag>) },
  { key: 'remark', title: '备注', dataIndex: 'remark', ellipsis: true },
];

interface TypeFormValues { key: string; name: string; remark?: string }

function toBody(v: TypeFormValues): DictionaryTypeBody {
  return { key: v.key.trim(), name: v.name.trim(), remark: v.remark?.trim() || null };
}

const TYPE_FORM: FormSpec<DictionaryTypeRow, DictionaryTypeBody, DictionaryTypeBody, TypeFormValues> = {
  initialValues: (row) => (row ? { key: row.key, name: row.name, remark: row.remark ?? '' } : {}),
  toCreate: toBody,
  toUpdate: toBody,
  fields: ({ row }) => (
    <>
      <Form.Item name="name" label="字典名称" rules={[{ required: true, whitespace: true, message: '请输入字典名称' }, { max: 60, message: '字典名称不能超过 60 个字符' }]}>
        <Input placeholder="如：检查方式" />
      </Form.Item>
      <Form.Item
        name="key"
        label="字典标识"
        extra={row?.builtin ? '内置字典的标识不可修改' : '2–60 位小写字母、数字或下划线，以字母开头'}
        rules={[{ required: true, message: '请输入字典标识' }, { pattern: /^[a-z][a-z0-9_]{1,59}$/, message: '字典标识为 2–60 位小写字母、数字或下划线，以字母开头' }]}
      >
        <Input placeholder="如：inspection_method" disabled={row?.builtin} />
      </Form.Item>
      <Form.Item name="remark" label="备注" rules={[{ max: 200, message: '备注不能超过 200 个字符' }]}>
        <Input.TextArea rows={2} placeholder="选填" />
      </Form.Item>
    </>
  ),
};

export function DictionaryTypesPage() {
  const navigate = useNavigate();
  return (
    <ListPage
      noun="字典"
      api={dictionaryTypesApi}
      columns={COLUMNS}
      rowKey={(row) => row.id}
      rowLabel={(row) => `${row.name}（${row.key}）`}
      permissions={{ create: 'system:dictionary:create', update: 'system:dictionary:update', delete: 'system:dictionary:delete' }}
      form={TYPE_FORM}
      rowActions={(row) => [{ key: 'items', label: '字典数据', onClick: () => void navigate(`/system/dictionaries/${encodeURIComponent(row.key)}`) }]}
      actionColumnWidth={200}
    />
  );
}
