/** 字典数据: the items of one dictionary type, each a value with its label and tag colour. */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import type { DictionaryItemInput } from '../../../../server/modules/dictionaries/schema';
import { dictionaryItemsApi, dictionaryTypesApi, type DictionaryItemBody, type DictionaryItemRow } from '../../api/system';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { STATUS_ENUM } from '../../components/value_tag';
import { useRecordTitle } from '../../layout/record_title';

type TagColor = NonNullable<z.input<typeof DictionaryItemInput>['tagColor']>;

const TAG_COLORS: readonly { value: TagColor; label: string }[] = [
  { value: 'default', label: '默认' }, { value: 'blue', label: '蓝色' }, { value: 'green', label: '绿色' }, { value: 'orange', label: '橙色' },
  { value: 'red', label: '红色' }, { value: 'purple', label: '紫色' }, { value: 'cyan', label: '青色' }, { value: 'gold', label: '金色' },
];

function ItemTag({ row }: { row: DictionaryItemRow }) {
  return <Tag color={row.tagColor && row.tagColor !== 'default' ? row.tagColor : undefined}>{row.label}</Tag>;
}

const COLUMNS: readonly ListColumn<DictionaryItemRow>[] = [
  { key: 'label', title: '字典标签', dataIndex: 'label', search: true, width: 200, render: (row) => <ItemTag row={row} /> },
  { key: 'value', title: '字典值', dataIndex: 'value', width: 160 },
  { key: 'sortOrder', title: '排序', dataIndex: 'sortOrder', width: 80 },
  { key: 'tagColor', title: '标签颜色', width: 100, render: (row) => TAG_COLORS.find((c) => c.value === row.tagColor)?.label ?? '默认' },
  { key: 'status', title: '状态', dataIndex: 'status', valueEnum: STATUS_ENUM, search: true, width: 90 },
  { key: 'createdAt', title: '创建时间', dataIndex: 'createdAt', valueType: 'dateTime', width: 170 },
];

interface ItemFormValues {
  value: string;
  label: string;
  sortOrder: number;
  tagColor: TagColor;
  status: 'active' | 'disabled';
}

function toBody(v: ItemFormValues): DictionaryItemBody {
  return { value: v.value.trim(), label: v.label.trim(), sortOrder: v.sortOrder, tagColor: v.tagColor === 'default' ? null : v.tagColor, status: v.status };
}

const ITEM_FORM: FormSpec<DictionaryItemRow, DictionaryItemBody, DictionaryItemBody, ItemFormValues> = {
  initialValues: (row) => (row
    ? { value: row.value, label: row.label, sortOrder: row.sortOrder, tagColor: TAG_COLORS.find((c) => c.value === row.tagColor)?.value ?? 'default', status: row.status }
    : { sortOrder: 0, tagColor: 'default', status: 'active' }),
  toCreate: toBody,
  toUpdate: toBody,
  fields: () => (
    <>
      <Form.Item name="label" label="字典标签" rules={[{ required: true, whitespace: true, message: '请输入字典标签' }, { max: 100, message: '字典标签不能超过 100 个字符' }]}>
        <Input placeholder="页面上显示的文字，如：现场检查" />
      </Form.Item>
      <Form.Item name="value" label="字典值" rules={[{ required: true, whitespace: true, message: '请输入字典值' }, { max: 60, message: '字典值不能超过 60 个字符' }]}>
        <Input placeholder="保存到数据中的值，如：on_site" />
      </Form.Item>
      <Form.Item name="sortOrder" label="排序" rules={[{ required: true, message: '请输入排序号' }]}>
        <InputNumber min={0} max={9999} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="tagColor" label="标签颜色">
        <Select
          options={TAG_COLORS.map((c) => ({ value: c.value, label: <Tag color={c.value === 'default' ? undefined : c.value}>{c.label}</Tag> }))}
          style={{ width: 160 }}
        />
      </Form.Item>
      <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]}>
        <Radio.Group options={[{ value: 'active', label: '正常' }, { value: 'disabled', label: '停用' }]} />
      </Form.Item>
    </>
  ),
};

export function DictionaryItemsPage() {
  const { typeKey = '' } = useParams();
  const navigate = useNavigate();
  const api = useMemo(() => dictionaryItemsApi(typeKey), [typeKey]);
  const types = dictionaryTypesApi.useList({ keyword: typeKey, page: 1, pageSize: 50 });
  const type = types.data?.rows.find((row) => row.key === typeKey);
  useRecordTitle(type?.name);

  return (
    <ListPage
      key={typeKey}
      noun="字典项"
      api={api}
      columns={COLUMNS}
      rowKey={(row) => row.id}
      rowLabel={(row) => `${row.label}（${row.value}）`}
      permissions={{ create: 'system:dictionary:create', update: 'system:dictionary:update', delete: 'system:dictionary:delete' }}
      form={ITEM_FORM}
      header={(
        <Space style={{ marginBottom: 16 }}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/system/dictionaries')}>返回字典列表</Button>
          <Typography.Text strong style={{ fontSize: 16 }}>{type ? type.name : '字典'}</Typography.Text>
          <Typography.Text type="secondary">{typeKey}</Typography.Text>
        </Space>
      )}
    />
  );
}
