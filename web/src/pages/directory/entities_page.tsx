/**
 * 检查对象名录库: search by 名称/拼音首字母, code (or its prefix), region (lazy tree), industry (GB/T 4754 tree, any
 * level), status, type, 专项库, 登记机关 and (internally) risk class; a detail drawer; create/edit by the
 * 登记机关 only (渝北 二(三) 谁建立、谁维护); 变更登记状态 with a reason; background import with a progress bar
 * and an error file; export of the current filters as Excel or CSV.
 */
import { FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ENTITY_STATUSES, ENTITY_TYPES, RISK_CLASSES, type EntityStatus, type EntityType, type RiskClass } from '../../../../domain/directory/entity_lists';
import { errorMessage } from '../../api/client';
import {
  ENTITY_IMPORT, entitiesApi, entityExportUrl, useChangeEntityStatus, useEntityTagOptions, type EntityBody, type EntityRow, type EntityUpdateBody,
} from '../../api/entities';
import { useCan, useCurrentUser } from '../../auth/current_user';
import { DepartmentSelect } from '../../components/department_select';
import { ImportDialog } from '../../components/import_job_dialog';
import { IndustrySelect } from '../../components/industry_select';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { RegionTreeSelect } from '../../components/region_tree_select';
import { enumOptions, ValueTag } from '../../components/value_tag';
import { EntityDrawer } from './entity_drawer';
import { ENTITY_STATUS_ENUM, ENTITY_TYPE_ENUM, RISK_CLASS_ENUM } from './entity_labels';

const FILTERS = ['name', 'code', 'regionCode', 'industryCode', 'status', 'entityType', 'tagId', 'ownerDepartmentId', 'riskClass'];

function TagFilter({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const tags = useEntityTagOptions();
  return (
    <Select id={id} value={value} onChange={(v: string | undefined) => onChange?.(v)} allowClear placeholder="请选择专项库" style={{ width: 200 }}
      loading={tags.isPending} showSearch={{ optionFilterProp: 'label' }} popupMatchSelectWidth={false}
      options={(tags.data ?? []).map((t) => ({ value: t.id, label: `${t.name}（${t.departmentName}）` }))} />
  );
}

/** The flags first, then the name: inline, so a long name ends in an ellipsis (whole on hover) and never hides a flag. */
function nameCell(row: EntityRow) {
  return (
    <>
      {row.abnormalList && <Tooltip title="列入经营异常名录"><Tag color="orange" style={{ marginInlineEnd: 4 }}>异常</Tag></Tooltip>}
      {row.seriousViolation && <Tooltip title="列入严重违法失信名单"><Tag color="red" style={{ marginInlineEnd: 4 }}>失信</Tag></Tooltip>}
      <span title={row.name}>{row.name}</span>
    </>
  );
}

/** 吉林省长春市朝阳区 → 长春市朝阳区: the province adds nothing inside one region's directory (full name on hover). */
function shortRegion(fullName: string): string {
  const cut = fullName.replace(/^(.{2,7}?(省|自治区))/, '');
  return cut === '' ? fullName : cut;
}

function columnsOf(seesInternal: boolean, open: (row: EntityRow) => void): ListColumn<EntityRow>[] {
  const columns: ListColumn<EntityRow>[] = [
    {
      key: 'name', title: '名称', width: 200, ellipsis: true, render: (row) => <a onClick={() => open(row)}>{nameCell(row)}</a>,
      search: { kind: 'text', name: 'name', placeholder: '名称或拼音首字母，如 鑫源 / xysm' },
    },
    { key: 'code', title: '统一社会信用代码', dataIndex: 'code', width: 175, search: { kind: 'text', name: 'code', placeholder: '完整代码或前几位' } },
    { key: 'status', title: '登记状态', dataIndex: 'status', valueEnum: ENTITY_STATUS_ENUM, width: 80, search: true },
    { key: 'entityType', title: '主体类型', dataIndex: 'entityType', valueEnum: ENTITY_TYPE_ENUM, width: 110, defaultHidden: true, search: true },
    {
      key: 'industry', title: '行业', width: 180, ellipsis: true, defaultHidden: true,
      render: (row) => (row.industryCode ? <Tooltip title={`${row.industryCode} ${row.industryName ?? ''}`}>{row.industryName ?? row.industryCode}</Tooltip> : '—'),
      search: { kind: 'custom', name: 'industryCode', input: <IndustrySelect style={{ width: 200 }} placeholder="门类至小类均可" /> },
    },
    {
      key: 'region', title: '行政区划', width: 130, ellipsis: true, render: (row) => <Tooltip title={`${row.regionName}（${row.regionCode}）`}>{shortRegion(row.regionName)}</Tooltip>,
      search: { kind: 'custom', name: 'regionCode', input: <RegionTreeSelect style={{ width: 200 }} /> },
    },
    {
      key: 'owner', title: '登记机关', dataIndex: 'ownerDepartmentName', width: 190, ellipsis: true, defaultHidden: true,
      search: { kind: 'custom', name: 'ownerDepartmentId', input: <DepartmentSelect style={{ width: 200 }} placeholder="请选择登记机关" /> },
    },
    { key: 'lastInspectedOn', title: '最近检查', dataIndex: 'lastInspectedOn', valueType: 'date', width: 110, defaultHidden: true },
    { key: 'inspectionsThisYear', title: '本年检查', width: 90, defaultHidden: true, render: (row) => (row.inspectionsThisYear > 0 ? `${row.inspectionsThisYear} 次` : '—') },
    { key: 'tag', title: '专项库', hideInTable: true, search: { kind: 'custom', name: 'tagId', input: <TagFilter /> } },
  ];
  if (seesInternal) {
    columns.push({
      key: 'riskClass', title: '信用风险', width: 110, render: (row) => <ValueTag value={row.internal?.riskClass ?? null} valueEnum={RISK_CLASS_ENUM} />,
      search: { kind: 'select', name: 'riskClass', options: enumOptions(RISK_CLASS_ENUM) },
    });
  }
  return columns;
}

interface Values {
  code: string;
  name: string;
  entityType: EntityType;
  regionCode?: string;
  industryCode?: string;
  legalRepresentative?: string;
  address?: string;
  registeredOn?: Dayjs | null;
  businessScope?: string;
  status: EntityStatus;
  ownerDepartmentId?: string;
  abnormalList: boolean;
  seriousViolation: boolean;
  riskClass?: RiskClass | null;
  complaintsCount?: number | null;
}

function toUpdate(v: Values, seesInternal: boolean): EntityUpdateBody {
  return {
    code: v.code.trim(), name: v.name.trim(), entityType: v.entityType, regionCode: v.regionCode ?? '', industryCode: v.industryCode ?? null,
    legalRepresentative: v.legalRepresentative?.trim() || null, address: v.address?.trim() || null,
    registeredOn: v.registeredOn ? v.registeredOn.format('YYYY-MM-DD') : null, businessScope: v.businessScope?.trim() || null,
    ownerDepartmentId: v.ownerDepartmentId ?? '', abnormalList: v.abnormalList, seriousViolation: v.seriousViolation,
    ...(seesInternal ? { riskClass: v.riskClass ?? null, complaintsCount: v.complaintsCount ?? 0 } : {}),
  };
}

function formOf(seesInternal: boolean, myDepartmentId: string | null): FormSpec<EntityRow, EntityBody, EntityUpdateBody, Values> {
  return {
    width: 720,
    initialValues: (row) => (row
      ? {
        code: row.code, name: row.name, entityType: row.entityType, regionCode: row.regionCode, industryCode: row.industryCode ?? undefined,
        legalRepresentative: row.legalRepresentative ?? '', address: row.address ?? '', registeredOn: row.registeredOn ? dayjs(row.registeredOn) : null,
        status: row.status, ownerDepartmentId: row.ownerDepartmentId ?? undefined, abnormalList: row.abnormalList, seriousViolation: row.seriousViolation,
        riskClass: row.internal?.riskClass ?? null, complaintsCount: row.internal?.complaintsCount ?? 0,
      }
      : { entityType: 'enterprise', status: 'active', abnormalList: false, seriousViolation: false, ownerDepartmentId: myDepartmentId ?? undefined, complaintsCount: 0 }),
    toCreate: (v) => ({ ...toUpdate(v, seesInternal), status: v.status }),
    toUpdate: (v) => toUpdate(v, seesInternal),
    fields: ({ mode, row }) => (
      <>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }, { min: 2, max: 200, message: '名称应为 2–200 个字符' }]}>
          <Input placeholder="营业执照上的名称" />
        </Form.Item>
        <Form.Item name="entityType" label="主体类型" rules={[{ required: true, message: '请选择主体类型' }]}
          extra="企业、个体工商户、农民专业合作社须填统一社会信用代码或注册号；其他检查对象可填自有标识">
          <Select options={Object.entries(ENTITY_TYPES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="code" label="代码" rules={[{ required: true, whitespace: true, message: '请输入统一社会信用代码/注册号' }, { max: 40, message: '不能超过 40 个字符' }]}
          extra="18 位统一社会信用代码（校验位按 GB 32100 检查）或 15 位注册号">
          <Input placeholder="如 91220104MA0000000X" />
        </Form.Item>
        <Form.Item name="regionCode" label="行政区划" rules={[{ required: true, message: '请选择行政区划' }]}>
          <RegionTreeSelect fallbackLabel={row?.regionName} />
        </Form.Item>
        <Form.Item name="industryCode" label="行业" extra="国民经济行业分类（GB/T 4754-2017），细到大类以下">
          <IndustrySelect leafLevels placeholder="请选择行业（可输入代码或名称搜索）" />
        </Form.Item>
        <Form.Item name="legalRepresentative" label="法定代表人" rules={[{ max: 64, message: '不能超过 64 个字符' }]}><Input placeholder="法定代表人、经营者或负责人，选填" /></Form.Item>
        <Form.Item name="address" label="住所" rules={[{ max: 300, message: '不能超过 300 个字符' }]}><Input placeholder="住所或经营场所，选填" /></Form.Item>
        <Form.Item name="registeredOn" label="成立日期"><DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
        <Form.Item name="businessScope" label="经营范围" rules={[{ max: 4000, message: '不能超过 4000 个字符' }]}><Input.TextArea rows={3} placeholder="选填" /></Form.Item>
        {mode === 'create' && (
          <Form.Item name="status" label="登记状态" rules={[{ required: true, message: '请选择登记状态' }]}>
            <Select options={Object.entries(ENTITY_STATUSES).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        )}
        <Form.Item name="ownerDepartmentId" label="登记机关" rules={[{ required: true, message: '请选择登记机关' }]} extra="谁建立、谁维护：只有登记机关和本级双随机办可以修改该记录">
          <DepartmentSelect fallback={row?.ownerDepartmentId ? { id: row.ownerDepartmentId, name: row.ownerDepartmentName ?? row.ownerDepartmentId } : null} />
        </Form.Item>
        <Form.Item label="信用信息" style={{ marginBottom: 8 }}>
          <Space size={24}>
            <Form.Item name="abnormalList" valuePropName="checked" noStyle><Checkbox>列入经营异常名录</Checkbox></Form.Item>
            <Form.Item name="seriousViolation" valuePropName="checked" noStyle><Checkbox>列入严重违法失信名单</Checkbox></Form.Item>
          </Space>
        </Form.Item>
        {seesInternal && (
          <>
            <Form.Item name="riskClass" label="信用风险分类" extra="内部信息，不对外公示（国市监信发〔2022〕6号）">
              <Select allowClear placeholder="未分类" options={Object.entries(RISK_CLASSES).map(([value, label]) => ({ value, label: `${value} ${label}` }))} />
            </Form.Item>
            <Form.Item name="complaintsCount" label="投诉举报次数"><InputNumber min={0} precision={0} style={{ width: 160 }} /></Form.Item>
          </>
        )}
        {mode === 'edit' && <Typography.Text type="secondary">登记状态请在列表中用「变更状态」修改，并填写原因。</Typography.Text>}
      </>
    ),
  };
}

function StatusDialog({ row, onClose }: { row: EntityRow | null; onClose: () => void }) {
  const { message } = App.useApp();
  const change = useChangeEntityStatus();
  const [form] = Form.useForm<{ status: EntityStatus; reason: string }>();
  // Fill the form as the dialog opens, not after its opening animation: a quick hand could otherwise
  // choose a status and write a reason that are then wiped out.
  useEffect(() => {
    if (row) form.setFieldsValue({ status: row.status, reason: '' });
  }, [row, form]);
  async function submit() {
    if (!row) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await change.mutateAsync({ id: row.id, body: values });
      message.success('登记状态已变更');
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  return (
    <Modal title={row ? `变更登记状态：${row.name}` : '变更登记状态'} open={row !== null} onOk={() => void submit()} onCancel={onClose} okText="确定" cancelText="取消"
      confirmLoading={change.isPending} forceRender>
      <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item name="status" label="登记状态" rules={[{ required: true, message: '请选择登记状态' }]}>
          <Select options={Object.entries(ENTITY_STATUSES).map(([value, label]) => ({ value, label, disabled: value === row?.status }))} />
        </Form.Item>
        <Form.Item name="reason" label="变更原因" rules={[{ required: true, whitespace: true, message: '请填写变更原因' }, { max: 200, message: '不能超过 200 个字' }]}>
          <Input.TextArea rows={3} placeholder="如：已于 2026-10-12 注销登记（注销通知书编号）" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 导出 CSV with the list's current filters: it alone reads the URL, so a page change does not re-render the whole page. */
function CsvExportButton() {
  const [params] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.flatMap((name) => { const v = params.get(name); return v ? [[name, v]] : []; }));
  return (
    <Tooltip title="按当前搜索条件导出为 CSV（UTF-8，数据量大时比 Excel 快）">
      <Button icon={<FileTextOutlined />} onClick={() => window.location.assign(entityExportUrl(filters, 'csv'))}>导出 CSV</Button>
    </Tooltip>
  );
}

const rowKey = (row: EntityRow) => row.id;
const rowLabel = (row: EntityRow) => `${row.name}（${row.code}）`;
const PERMISSIONS = { create: 'directory:entity:create', update: 'directory:entity:update', export: 'directory:entity:export' } as const;
const IMPORT_SPEC = { ...ENTITY_IMPORT, hint: '按代码匹配：名录中已有的代码按表格更新（空白单元格不修改原值），其余新增。登记机关留空时为您本部门。' };

// The page's props to ListPage are kept stable (memoised), so that only the list itself re-renders with a page change:
// the dialogs below (forceRender'd forms of selects and pickers) stay as they are.
export function EntitiesPage() {
  const can = useCan();
  const me = useCurrentUser();
  const seesInternal = can('directory:entity:risk');
  const [viewing, setViewing] = useState<string | null>(null);
  const [changing, setChanging] = useState<EntityRow | null>(null);
  const columns = useMemo(() => columnsOf(seesInternal, (row) => setViewing(row.id)), [seesInternal]);
  const [importing, setImporting] = useState(false);
  const myDepartmentId = me.department?.id ?? null;
  const form = useMemo(() => formOf(seesInternal, myDepartmentId), [seesInternal, myDepartmentId]);
  const rowActions = useCallback((row: EntityRow) => [
    { key: 'view', label: '详情', onClick: () => setViewing(row.id) },
    { key: 'status', label: '变更状态', permission: 'directory:entity:update' as const, disabled: row.actions.edit !== null, reason: row.actions.edit ?? undefined, onClick: () => setChanging(row) },
  ], []);
  const canImport = can('directory:entity:import');
  const canExport = can('directory:entity:export');
  const toolbarExtra = useMemo(() => (
    <>
      {canImport && <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>导入</Button>}
      {canExport && <CsvExportButton />}
    </>
  ), [canImport, canExport]);
  const header = useMemo(() => (
    <Typography.Paragraph type="secondary">
      各部门可查看本区域的全部检查对象以便抽取；记录由登记机关维护（谁建立、谁维护），其他部门只能查看。名称可输入两个字或拼音首字母查找；符合条件的超过 1 万条时总数显示为“10000+”，并从先找到的 1 万条中按新到旧列出，请增加条件缩小范围。
    </Typography.Paragraph>
  ), []);
  return (
    <>
      <ListPage
        noun="检查对象"
        api={entitiesApi}
        columns={columns}
        rowKey={rowKey}
        rowLabel={rowLabel}
        permissions={PERMISSIONS}
        form={form}
        rowActions={rowActions}
        actionColumnWidth={210}
        toolbarExtra={toolbarExtra}
        header={header}
      />
      <EntityDrawer id={viewing} onClose={() => setViewing(null)} />
      <StatusDialog row={changing} onClose={() => setChanging(null)} />
      <ImportDialog spec={IMPORT_SPEC} open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
