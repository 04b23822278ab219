/**
 * 执法检查人员名录库 (东胜 四(二)2, 曲阳第12条): the department's inspectors with their 执法证 and its expiry
 * (有效 / 30 天内到期 / 已过期), expertise, status and 回避 declarations (managed in a drawer).
 */
import { DatePicker, Form, Input, Radio, Select, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { inspectorsApi, useInspectorFieldOptions, type InspectorBody, type InspectorRow } from '../../api/directory';
import { DepartmentSelect } from '../../components/department_select';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { RegionTreeSelect } from '../../components/region_tree_select';
import { enumOptions, ValueTag } from '../../components/value_tag';
import { CERTIFICATE_ENUM, GENDER_ENUM, INSPECTOR_STATUS_ENUM } from './directory_labels';
import { RecusalDrawer } from './recusal_drawer';

type Labels = ReadonlyMap<string, string>;

function ExpertiseFilter({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const options = useInspectorFieldOptions();
  return (
    <Select id={id} value={value} onChange={(v: string | undefined) => onChange?.(v)} allowClear placeholder="请选择业务专长" style={{ width: 200 }}
      options={options.data?.expertise ?? []} loading={options.isPending} showSearch={{ optionFilterProp: 'label' }} />
  );
}

function certificateCell(row: InspectorRow) {
  const days = row.certificateDaysLeft;
  const hint = days === null ? '未填写执法证有效期，不能证明具备执法资格' : days < 0 ? `已过期 ${-days} 天` : `还有 ${days} 天到期`;
  return (
    <Space size={4}>
      <span>{row.certificateValidUntil ?? '—'}</span>
      <Tooltip title={hint}><span><ValueTag value={row.certificateState} valueEnum={CERTIFICATE_ENUM} /></span></Tooltip>
    </Space>
  );
}

function columnsOf(posts: Labels, expertise: Labels): ListColumn<InspectorRow>[] {
  return [
    { key: 'name', title: '姓名', dataIndex: 'name', search: true, width: 90, ellipsis: true },
    { key: 'gender', title: '性别', dataIndex: 'gender', valueEnum: GENDER_ENUM, width: 70, defaultHidden: true },
    {
      key: 'department', title: '部门', dataIndex: 'departmentName', ellipsis: true, width: 160,
      search: { kind: 'custom', name: 'departmentId', input: <DepartmentSelect style={{ width: 200 }} /> },
    },
    { key: 'post', title: '执法岗位', width: 120, ellipsis: true, defaultHidden: true, render: (row) => (row.post ? posts.get(row.post) ?? row.post : '—') },
    { key: 'certificateNo', title: '执法证号', dataIndex: 'certificateNo', search: true, width: 170, defaultHidden: true },
    {
      key: 'certificate', title: '证件有效期', width: 180, render: certificateCell,
      search: { kind: 'select', name: 'certificate', options: enumOptions(CERTIFICATE_ENUM) },
    },
    {
      key: 'expertise', title: '业务专长', width: 170, ellipsis: true,
      render: (row) => {
        const labels = row.expertise.map((t) => expertise.get(t) ?? t);
        if (labels.length === 0) return '—';
        return (
          <Tooltip title={labels.join('、')}>
            <Space size={0} wrap={false}>{labels.slice(0, 2).map((label) => <Tag key={label}>{label}</Tag>)}{labels.length > 2 && <Tag>+{labels.length - 2}</Tag>}</Space>
          </Tooltip>
        );
      },
      search: { kind: 'custom', name: 'expertise', input: <ExpertiseFilter /> },
    },
    { key: 'phone', title: '联系电话', dataIndex: 'phone', width: 120, defaultHidden: true },
    { key: 'status', title: '状态', dataIndex: 'status', valueEnum: INSPECTOR_STATUS_ENUM, search: true, width: 80 },
    {
      key: 'recusals', title: '回避', width: 70,
      render: (row) => (row.activeRecusalCount > 0 ? <Tag color="volcano">{row.activeRecusalCount} 项</Tag> : <Typography.Text type="secondary">无</Typography.Text>),
    },
    { key: 'region', title: '行政区划', dataIndex: 'regionName', width: 100, ellipsis: true, defaultHidden: true },
  ];
}

interface Values {
  name: string;
  gender?: 'male' | 'female';
  departmentId?: string;
  post?: string;
  certificateNo: string;
  certificateValidUntil?: Dayjs | null;
  expertise: string[];
  phone?: string;
  status: InspectorRow['status'];
  regionCode?: string;
}

function toBody(v: Values, row: InspectorRow | null): InspectorBody {
  return {
    name: v.name.trim(), gender: v.gender ?? null, departmentId: v.departmentId ?? '', post: v.post ?? null, certificateNo: v.certificateNo.trim(),
    certificateValidUntil: v.certificateValidUntil ? v.certificateValidUntil.format('YYYY-MM-DD') : null, expertise: v.expertise,
    phone: v.phone?.trim() || null, status: v.status, regionCode: v.regionCode ?? null, userId: row?.userId ?? null,
  };
}

function OptionSelect({ kind, ...props }: { kind: 'posts' | 'expertise'; value?: string | string[]; onChange?: (v: string | string[] | undefined) => void; id?: string }) {
  const options = useInspectorFieldOptions();
  return (
    <Select {...props} mode={kind === 'expertise' ? 'multiple' : undefined} allowClear placeholder={kind === 'posts' ? '请选择执法岗位' : '请选择业务专长（可多选）'}
      options={options.data?.[kind] ?? []} loading={options.isPending} showSearch={{ optionFilterProp: 'label' }} />
  );
}

const FORM: FormSpec<InspectorRow, InspectorBody, InspectorBody, Values> = {
  width: 640,
  initialValues: (row) => (row
    ? {
      name: row.name, gender: row.gender ?? undefined, departmentId: row.departmentId, post: row.post ?? undefined, certificateNo: row.certificateNo,
      certificateValidUntil: row.certificateValidUntil ? dayjs(row.certificateValidUntil) : null, expertise: row.expertise, phone: row.phone ?? '',
      status: row.status, regionCode: row.regionCode,
    }
    : { status: 'on_duty', expertise: [] }),
  toCreate: (v) => toBody(v, null),
  toUpdate: (v, row) => toBody(v, row),
  fields: ({ row }) => (
    <>
      <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 32, message: '姓名不能超过 32 个字符' }]}>
        <Input placeholder="请输入姓名" />
      </Form.Item>
      <Form.Item name="gender" label="性别"><Radio.Group options={enumOptions(GENDER_ENUM)} /></Form.Item>
      <Form.Item name="departmentId" label="所属部门" rules={[{ required: true, message: '请选择所属部门' }]}>
        <DepartmentSelect fallback={row ? { id: row.departmentId, name: row.departmentName } : null} />
      </Form.Item>
      <Form.Item name="post" label="执法岗位"><OptionSelect kind="posts" /></Form.Item>
      <Form.Item name="certificateNo" label="执法证号" extra="司法行政部门核发的行政执法证号，全平台唯一"
        rules={[{ required: true, whitespace: true, message: '请输入执法证号' }, { min: 4, max: 40, message: '执法证号应为 4–40 个字符' }]}>
        <Input placeholder="如：吉220104000123" />
      </Form.Item>
      <Form.Item name="certificateValidUntil" label="有效期至" extra="过期的执法证不具备执法资格，不能被抽取">
        <DatePicker style={{ width: '100%' }} placeholder="请选择执法证有效期" />
      </Form.Item>
      <Form.Item name="expertise" label="业务专长"><OptionSelect kind="expertise" /></Form.Item>
      <Form.Item name="phone" label="联系电话" extra="仅内部可见，不对外公示" rules={[{ pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, message: '请输入 11 位手机号或带区号的固定电话' }]}>
        <Input placeholder="选填" />
      </Form.Item>
      <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]}>
        <Radio.Group options={enumOptions(INSPECTOR_STATUS_ENUM)} />
      </Form.Item>
      <Form.Item name="regionCode" label="工作区划" extra="不选则为所属部门所在区划">
        <RegionTreeSelect fallbackLabel={row?.regionName ?? undefined} />
      </Form.Item>
    </>
  ),
};

export function InspectorsPage() {
  const options = useInspectorFieldOptions();
  const columns = useMemo(() => columnsOf(
    new Map((options.data?.posts ?? []).map((o) => [o.value, o.label])),
    new Map((options.data?.expertise ?? []).map((o) => [o.value, o.label])),
  ), [options.data]);
  const [recusing, setRecusing] = useState<InspectorRow | null>(null);
  return (
    <>
      <ListPage
        noun="执法检查人员"
        api={inspectorsApi}
        columns={columns}
        rowKey={(row) => row.id}
        rowLabel={(row) => `${row.name}（${row.certificateNo}）`}
        permissions={{
          create: 'directory:inspector:create', update: 'directory:inspector:update', delete: 'directory:inspector:delete',
          import: 'directory:inspector:import', export: 'directory:inspector:export',
        }}
        form={FORM}
        rowActions={(row) => [{ key: 'recusal', label: '回避', onClick: () => setRecusing(row) }]}
        actionColumnWidth={170}
        importSpec={{
          noun: '执法检查人员',
          templateUrl: '/api/directory/inspectors/import-template',
          importPath: '/api/directory/inspectors/import',
          invalidates: ['inspectors'],
          hint: '按执法证号匹配：已登记的执法证号将按表格更新该人员，其余新增。部门须填写全称。',
        }}
      />
      <RecusalDrawer owner="inspectors" subject={recusing && { id: recusing.id, title: `${recusing.name}（${recusing.certificateNo}）` }} onClose={() => setRecusing(null)} />
    </>
  );
}
