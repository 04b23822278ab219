/**
 * 回避申请 (威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」; 长春第13条): an inspector applies to be recused from
 * an entity or from a place in a matched team, with the reason; the head of the inspector's department approves or
 * rejects. An approved application becomes a 回避登记 the matching excludes; for a team place, the 执法回避 replacement
 * is requested for the head to approve. Every step is in the operation log.
 */
import { App, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { apiGet, errorMessage } from '../../api/client';
import type { InspectorRow } from '../../api/directory';
import {
  fetchRecusalEntityChoices, recusalApplicationsApi, useDecideRecusal, useRecusalApplicant, type RecusalApplicationBody, type RecusalApplicationRow,
} from '../../api/recusal_applications';
import { useCan } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import type { Page } from '../../../../server/http/paging';

export const RECUSAL_STATUS_ENUM = {
  pending: { text: '待审批', color: 'orange' },
  approved: { text: '已同意', color: 'green' },
  rejected: { text: '不同意', color: 'default' },
} as const;

const secondary = (text: string | null | undefined) => (text ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{text}</Typography.Text> : null);

const COLUMNS: readonly ListColumn<RecusalApplicationRow>[] = [
  { key: 'inspector', title: '执法检查人员', width: 180, render: (r) => <span>{r.inspectorName}（{r.certificateNo}）<br />{secondary(r.departmentName)}</span> },
  { key: 'entity', title: '回避对象', width: 240, render: (r) => <span>{r.entityName}<br />{secondary(r.taskName ? `检查任务：${r.taskName}` : r.entityCode)}</span> },
  { key: 'reason', title: '回避理由', dataIndex: 'reason', ellipsis: true },
  { key: 'status', title: '状态', dataIndex: 'status', valueEnum: RECUSAL_STATUS_ENUM, search: true, width: 80 },
  { key: 'applied', title: '申请', width: 150, render: (r) => <span>{r.appliedByName}<br />{secondary(formatDateTime(r.appliedAt))}</span> },
  { key: 'decided', title: '审批', width: 180, ellipsis: true, render: (r) => (r.decidedByName ? <span>{r.decidedByName} {secondary(formatDateTime(r.decidedAt))}<br />{secondary(r.decisionComment)}</span> : '—') },
];

function useSearchSelect<T>(fetch: (keyword: string) => Promise<T[]>) {
  const [options, setOptions] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef('');
  async function search(keyword: string) {
    latest.current = keyword;
    if (keyword.trim().length < 1) { setOptions([]); return; }
    setLoading(true);
    try {
      const rows = await fetch(keyword.trim());
      if (latest.current === keyword) setOptions(rows);
    } finally {
      setLoading(false);
    }
  }
  return { options, loading, search };
}

type PickerProps<V> = { value?: V; onChange?: (v: V | undefined) => void; id?: string };

function InspectorPicker({ value, onChange, id }: PickerProps<string>) {
  const { options, loading, search } = useSearchSelect((name) => apiGet<Page<InspectorRow>>('/api/directory/inspectors', { name, pageSize: 20 }).then((p) => p.rows));
  return (
    <Select
      id={id} value={value} onChange={(v: string | undefined) => onChange?.(v)} allowClear placeholder="输入姓名搜索本部门的执法检查人员"
      showSearch={{ filterOption: false, onSearch: (k) => void search(k) }} loading={loading} notFoundContent={loading ? '搜索中…' : '没有找到'}
      options={options.map((o) => ({ value: o.id, label: `${o.name}（${o.certificateNo}）` }))}
    />
  );
}

function EntityPicker({ inspectorId, value, onChange, id }: PickerProps<number> & { inspectorId: string | undefined }) {
  const { options, loading, search } = useSearchSelect((keyword) => (keyword.length < 2 ? Promise.resolve([]) : fetchRecusalEntityChoices(inspectorId, keyword)));
  return (
    <Select
      id={id} value={value} onChange={(v: number | undefined) => onChange?.(v)} allowClear placeholder="输入名称或统一社会信用代码（至少 2 个字）搜索"
      showSearch={{ filterOption: false, onSearch: (k) => void search(k) }} loading={loading} notFoundContent={loading ? '搜索中…' : '没有找到，请换个关键字'}
      options={options.map((o) => ({ value: o.id, label: `${o.name}（${o.code}）` }))}
    />
  );
}

interface Values { inspectorId?: string; kind: 'entity' | 'assignment'; entityId?: number; teamMemberId?: string; reason: string }

function ApplicationFields() {
  const can = useCan();
  const form = Form.useFormInstance<Values>();
  const picksInspector = can('directory:inspector:update');
  const inspectorId = Form.useWatch('inspectorId', form);
  const kind = Form.useWatch('kind', form) ?? 'entity';
  const applicant = useRecusalApplicant(inspectorId, !picksInspector || Boolean(inspectorId));
  const assignments = applicant.data?.assignments ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">执法检查人员与检查对象有利害关系的，应当申请回避。经部门负责人同意后登记回避，抽取匹配时排除；已分配检查任务的，同时申请执法回避替换。</Typography.Paragraph>
      {picksInspector ? (
        <Form.Item name="inspectorId" label="执法检查人员" rules={[{ required: true, message: '请选择执法检查人员' }]}>
          <InspectorPicker />
        </Form.Item>
      ) : (
        <Form.Item label="执法检查人员">
          {applicant.data ? `${applicant.data.inspectorName}（${applicant.data.certificateNo}）` : applicant.isError ? <Typography.Text type="danger">{errorMessage(applicant.error)}</Typography.Text> : '…'}
        </Form.Item>
      )}
      <Form.Item name="kind" label="回避">
        <Radio.Group options={[{ value: 'entity', label: '检查对象' }, { value: 'assignment', label: `已分配的检查任务（${assignments.length}）` }]} />
      </Form.Item>
      {kind === 'entity' ? (
        <Form.Item name="entityId" label="检查对象" rules={[{ required: true, message: '请选择检查对象' }]}>
          <EntityPicker inspectorId={inspectorId} />
        </Form.Item>
      ) : (
        <Form.Item name="teamMemberId" label="检查任务" rules={[{ required: true, message: '请选择检查任务' }]}>
          <Select placeholder={assignments.length === 0 ? '没有派发后、检查中的检查任务' : '请选择'} options={assignments.map((a) => ({ value: a.teamMemberId, label: `${a.taskName}：${a.entityName}` }))} />
        </Form.Item>
      )}
      <Form.Item name="reason" label="回避理由" rules={[{ required: true, whitespace: true, message: '请填写回避理由' }, { min: 2, max: 200, message: '回避理由应为 2–200 个字' }]}>
        <Input.TextArea rows={2} placeholder="如：配偶任该公司法定代表人" maxLength={200} showCount />
      </Form.Item>
    </>
  );
}

const FORM: FormSpec<RecusalApplicationRow, RecusalApplicationBody, never, Values> = {
  width: 620,
  initialValues: () => ({ kind: 'entity' }),
  toCreate: (v) => ({
    inspectorId: v.inspectorId ?? null, entityId: v.kind === 'entity' ? v.entityId ?? null : null,
    teamMemberId: v.kind === 'assignment' ? v.teamMemberId ?? null : null, reason: v.reason.trim(),
  }),
  toUpdate: () => { throw new Error('a recusal application is never edited'); },
  fields: () => <ApplicationFields />,
};

export function RecusalApplicationsPage() {
  const decide = useDecideRecusal();
  const { message, modal } = App.useApp();

  function confirmDecision(row: RecusalApplicationRow, decision: 'approve' | 'reject') {
    let comment = '';
    modal.confirm({
      title: `${decision === 'approve' ? '同意' : '不同意'}${row.inspectorName}回避「${row.entityName}」？`,
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {decision === 'approve' ? `同意后登记回避，抽取匹配时排除${row.taskName ? `；并申请替换其在「${row.taskName}」检查组中的位置，由您在派发页审批` : ''}。` : '请写明不同意的理由。'}
          </Typography.Text>
          <Input.TextArea rows={2} maxLength={200} placeholder={decision === 'approve' ? '审批意见（选填）' : '不同意的理由（必填）'} onChange={(e) => { comment = e.target.value; }} />
        </Space>
      ),
      okText: decision === 'approve' ? '同意' : '不同意', cancelText: '取消', okButtonProps: { danger: decision === 'reject' },
      onOk: async () => {
        try {
          await decide.mutateAsync({ row, decision, comment: comment.trim() || null });
          message.success(decision === 'approve' ? '已同意，已登记回避' : '已不同意');
        } catch (error) {
          message.error(errorMessage(error));
          throw error;
        }
      },
    });
  }

  return (
    <ListPage
      noun="回避申请"
      api={recusalApplicationsApi}
      columns={COLUMNS}
      rowKey={(row) => row.id}
      rowLabel={(row) => `${row.inspectorName}：${row.entityName}`}
      permissions={{ create: 'directory:recusal:apply' }}
      form={FORM}
      capabilities={() => ({ edit: '回避申请不能修改', delete: '回避申请不能删除' })}
      rowActions={(row) => (row.status !== 'pending' ? [] : [
        { key: 'approve', label: '同意', permission: 'directory:recusal:decide', onClick: () => confirmDecision(row, 'approve'), disabled: row.decideRefusal !== null, reason: row.decideRefusal ?? undefined },
        { key: 'reject', label: '不同意', danger: true, permission: 'directory:recusal:decide', onClick: () => confirmDecision(row, 'reject'), disabled: row.decideRefusal !== null, reason: row.decideRefusal ?? undefined },
      ])}
      actionColumnWidth={130}
    />
  );
}
