/** 部门管理: the government departments of each region, by type. */
import { Form, Input, InputNumber, Radio, Select } from 'antd';
import type { CSSProperties } from 'react';
import { departmentsApi, useDepartmentTypes, type DepartmentBody, type DepartmentRow } from '../../api/system';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { RegionTreeSelect } from '../../components/region_tree_select';
import { STATUS_ENUM } from '../../components/value_tag';

function DepartmentTypeSelect({ value, onChange, id, style }: { value?: string; onChange?: (v: string | undefined) => void; id?: string; style?: CSSProperties }) {
  const types = useDepartmentTypes();
  return (
    <Select
      id={id}
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      options={(types.data ?? []).map((t) => ({ value: t.key, label: t.label }))}
      loading={types.isPending}
      allowClear
      placeholder="请选择部门类型"
      notFoundContent={types.isError ? '部门类型加载失败' : '暂无数据'}
      style={style}
    />
  );
}

const COLUMNS: readonly ListColumn<DepartmentRow>[] = [
  { key: 'name', title: '部门名称', dataIndex: 'name', search: true, ellipsis: true, width: 220 },
  { key: 'shortName', title: '简称', dataIndex: 'shortName', width: 120 },
  {
    key: 'type', title: '部门类型', dataIndex: 'typeLabel', width: 120,
    search: { kind: 'custom', name: 'type', input: <DepartmentTypeSelect style={{ width: 200 }} /> },
  },
  {
    key: 'region', title: '行政区划', dataIndex: 'regionName', width: 110,
    search: { kind: 'custom', name: 'regionCode', input: <RegionTreeSelect style={{ width: 200 }} /> },
  },
  { key: 'phone', title: '联系电话', dataIndex: 'phone', width: 130, defaultHidden: true },
  { key: 'userCount', title: '用户数', dataIndex: 'userCount', width: 80 },
  { key: 'sortOrder', title: '排序', dataIndex: 'sortOrder', width: 70, defaultHidden: true },
  { key: 'status', title: '状态', dataIndex: 'status', valueEnum: STATUS_ENUM, search: true, width: 90 },
];

interface DepartmentFormValues {
  name: string;
  shortName?: string;
  type?: string;
  regionCode?: string;
  sortOrder: number;
  status: 'active' | 'disabled';
  phone?: string;
}

function toBody(v: DepartmentFormValues): DepartmentBody {
  return {
    name: v.name.trim(), shortName: v.shortName?.trim() || null, type: v.type ?? '', regionCode: v.regionCode ?? '',
    sortOrder: v.sortOrder, status: v.status, phone: v.phone?.trim() || null,
  };
}

const DEPARTMENT_FORM: FormSpec<DepartmentRow, DepartmentBody, DepartmentBody, DepartmentFormValues> = {
  initialValues: (row) => (row
    ? { name: row.name, shortName: row.shortName ?? '', type: row.type, regionCode: row.regionCode, sortOrder: row.sortOrder, status: row.status, phone: row.phone ?? '' }
    : { sortOrder: 0, status: 'active' }),
  toCreate: toBody,
  toUpdate: toBody,
  fields: ({ row }) => (
    <>
      <Form.Item name="name" label="部门名称" rules={[{ required: true, whitespace: true, message: '请输入部门名称' }, { min: 2, max: 100, message: '部门名称应为 2–100 个字符' }]}>
        <Input placeholder="如：长春市朝阳区市场监督管理局" />
      </Form.Item>
      <Form.Item name="shortName" label="简称" rules={[{ max: 40, message: '简称不能超过 40 个字符' }]}>
        <Input placeholder="选填，如：朝阳区市场监管局" />
      </Form.Item>
      <Form.Item name="type" label="部门类型" rules={[{ required: true, message: '请选择部门类型' }]}>
        <DepartmentTypeSelect />
      </Form.Item>
      <Form.Item name="regionCode" label="行政区划" rules={[{ required: true, message: '请选择行政区划' }]}>
        <RegionTreeSelect fallbackLabel={row?.regionName} />
      </Form.Item>
      <Form.Item name="phone" label="联系电话" rules={[{ pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, message: '请输入 11 位手机号或带区号的固定电话' }]}>
        <Input placeholder="选填" />
      </Form.Item>
      <Form.Item name="sortOrder" label="排序" rules={[{ required: true, message: '请输入排序号' }]} extra="数字越小越靠前">
        <InputNumber min={0} max={9999} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]}>
        <Radio.Group options={[{ value: 'active', label: '正常' }, { value: 'disabled', label: '停用' }]} />
      </Form.Item>
    </>
  ),
};

export function DepartmentsPage() {
  return (
    <ListPage
      noun="部门"
      api={departmentsApi}
      columns={COLUMNS}
      rowKey={(row) => row.id}
      rowLabel={(row) => row.name}
      permissions={{ create: 'system:department:create', update: 'system:department:update', delete: 'system:department:delete', export: 'system:department:export' }}
      form={DEPARTMENT_FORM}
    />
  );
}
