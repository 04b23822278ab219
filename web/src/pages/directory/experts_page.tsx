/**
 * 专家库 (威海第6条 「某些检查事项需要专家参与的，可根据实际情况从专家库中随机抽取或直接委派」): experts from
 * 检测机构、科研院所、高校, maintained per department.
 */
import { Form, Input, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { expertsApi, type ExpertBody, type ExpertRow } from '../../api/directory';
import { DepartmentSelect } from '../../components/department_select';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { enumOptions } from '../../components/value_tag';
import { EXPERT_STATUS_ENUM } from './directory_labels';
import { RecusalDrawer } from './recusal_drawer';

const COLUMNS: readonly ListColumn<ExpertRow>[] = [
  { key: 'name', title: '姓名', dataIndex: 'name', search: true, width: 100 },
  { key: 'organisation', title: '工作单位', dataIndex: 'organisation', search: true, ellipsis: true, width: 200 },
  { key: 'specialty', title: '专业领域', dataIndex: 'specialty', search: true, ellipsis: true, width: 180 },
  { key: 'contact', title: '联系方式', dataIndex: 'contact', width: 130, ellipsis: true },
  { key: 'status', title: '状态', dataIndex: 'status', valueEnum: EXPERT_STATUS_ENUM, search: true, width: 80 },
  {
    key: 'department', title: '维护部门', dataIndex: 'departmentName', ellipsis: true, width: 120,
    search: { kind: 'custom', name: 'departmentId', input: <DepartmentSelect style={{ width: 200 }} /> },
  },
  {
    key: 'conflicts', title: '回避', width: 70,
    render: (row) => (row.activeConflictCount > 0 ? <Tag color="volcano">{row.activeConflictCount} 项</Tag> : <Typography.Text type="secondary">无</Typography.Text>),
  },
  { key: 'updatedAt', title: '更新时间', dataIndex: 'updatedAt', valueType: 'dateTime', width: 170, defaultHidden: true },
];

interface Values { name: string; organisation: string; specialty: string; contact?: string; status: ExpertRow['status']; departmentId?: string }

const toBody = (v: Values): ExpertBody => ({
  name: v.name.trim(), organisation: v.organisation.trim(), specialty: v.specialty.trim(), contact: v.contact?.trim() || null, status: v.status, departmentId: v.departmentId ?? '',
});

const FORM: FormSpec<ExpertRow, ExpertBody, ExpertBody, Values> = {
  width: 600,
  initialValues: (row) => (row ? { ...row, contact: row.contact ?? '' } : { status: 'available' }),
  toCreate: toBody,
  toUpdate: toBody,
  fields: ({ row }) => (
    <>
      <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 32, message: '姓名不能超过 32 个字符' }]}>
        <Input placeholder="请输入姓名" />
      </Form.Item>
      <Form.Item name="organisation" label="工作单位" rules={[{ required: true, whitespace: true, message: '请输入工作单位' }, { max: 100, message: '不能超过 100 个字符' }]}>
        <Input placeholder="如：吉林省特种设备检验中心" />
      </Form.Item>
      <Form.Item name="specialty" label="专业领域" rules={[{ required: true, whitespace: true, message: '请输入专业领域' }, { max: 100, message: '不能超过 100 个字符' }]}>
        <Input placeholder="如：承压类特种设备检验" />
      </Form.Item>
      <Form.Item name="contact" label="联系方式" extra="仅内部可见" rules={[{ max: 40, message: '不能超过 40 个字符' }]}>
        <Input placeholder="电话或邮箱，选填" />
      </Form.Item>
      <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]}>
        <Radio.Group options={enumOptions(EXPERT_STATUS_ENUM)} />
      </Form.Item>
      <Form.Item name="departmentId" label="维护部门" rules={[{ required: true, message: '请选择维护部门' }]}>
        <DepartmentSelect fallback={row ? { id: row.departmentId, name: row.departmentName } : null} />
      </Form.Item>
    </>
  ),
};

export function ExpertsPage() {
  const [recusing, setRecusing] = useState<ExpertRow | null>(null);
  return (
    <>
      <ListPage
        noun="专家"
        api={expertsApi}
        columns={COLUMNS}
        rowKey={(row) => row.id}
        rowLabel={(row) => `${row.name}（${row.organisation}）`}
        permissions={{ create: 'directory:expert:create', update: 'directory:expert:update', delete: 'directory:expert:delete', import: 'directory:expert:import', export: 'directory:expert:export' }}
        form={FORM}
        rowActions={(row) => [{ key: 'recusal', label: '回避', onClick: () => setRecusing(row) }]}
        actionColumnWidth={170}
        importSpec={{
          noun: '专家', templateUrl: '/api/directory/experts/import-template', importPath: '/api/directory/experts/import', invalidates: ['experts'],
          hint: '同一维护部门下姓名与工作单位相同的专家将按表格更新，其余新增。',
        }}
      />
      <RecusalDrawer owner="experts" subject={recusing && { id: recusing.id, title: `${recusing.name}（${recusing.organisation}）` }} onClose={() => setRecusing(null)} />
    </>
  );
}
