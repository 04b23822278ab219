/**
 * One plan: its content (current version), the approval chain and where it stands, the approval history,
 * the versions, and the buttons the server allows the caller (row `actions`, computed by the function the
 * transition routes use). 退回 asks for comments, 调整计划 for a reason; an adjustment shows its deadline.
 */
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { PLAN_PAGE, usePlan, usePlanAction, usePlanVersions, type PlanAction, type PlanDetail, type VersionRow } from '../../api/plans';
import { formatDateTime } from '../../components/format';
import { ValueTag } from '../../components/value_tag';
import { useRecordTitle } from '../../layout/record_title';
import { BUILTIN_ROLES } from '../../../../domain/access/roles';

const ROLE_NAMES = new Map(BUILTIN_ROLES.map((r) => [r.key, r.name]));
import { PlanTasksTable } from './plan_content_table';
import { DECISION_LABELS, PLAN_KIND_ENUM, PLAN_STATUS_ENUM, SCOPE_LABELS } from './plan_labels';

interface TextAsk { action: PlanAction; title: string; label: string; field: 'comments' | 'reason' | 'comment'; required: boolean; ok: string }

const ASKS: Partial<Record<PlanAction, TextAsk>> = {
  approve: { action: 'approve', title: '审核通过', label: '审核意见（可不填）', field: 'comment', required: false, ok: '审核通过' },
  return: { action: 'return', title: '退回计划', label: '退回意见', field: 'comments', required: true, ok: '退回' },
  adjust: { action: 'adjust', title: '调整计划', label: '调整原因', field: 'reason', required: true, ok: '生成调整版本' },
  void: { action: 'void', title: '作废计划', label: '作废原因', field: 'reason', required: true, ok: '作废' },
};

function ChainSteps({ plan }: { plan: PlanDetail }) {
  const current = plan.status === 'published' ? plan.chain.steps.length : plan.status === 'in_review' ? plan.stepIndex : -1;
  const stepStatus = (i: number): 'finish' | 'process' | 'wait' => (plan.status === 'published' || i < current ? 'finish' : i === current ? 'process' : 'wait');
  return (
    <Steps
      size="small" current={Math.max(current, 0)} status={plan.status === 'returned' ? 'error' : plan.status === 'void' ? 'error' : plan.status === 'published' ? 'finish' : 'process'}
      items={[
        { title: '起草', description: plan.leadDepartmentName, status: current >= 0 || plan.status === 'published' ? 'finish' : 'process' },
        ...plan.chain.steps.map((s, i) => ({
          title: s.label, description: `${SCOPE_LABELS[s.scope] ?? s.scope} · ${ROLE_NAMES.get(s.role) ?? s.role}`,
          status: stepStatus(i),
        })),
      ]}
    />
  );
}

function History({ plan }: { plan: PlanDetail }) {
  if (plan.approvals.length === 0) return <Typography.Text type="secondary">尚未提交审核</Typography.Text>;
  return (
    <Timeline items={plan.approvals.map((a) => ({
      key: a.id, color: a.decision === 'returned' ? 'red' : a.decision === 'approved' ? 'green' : a.decision === 'withdrawn' ? 'gray' : 'blue',
      content: (
        <>
          <Typography.Text strong>{DECISION_LABELS[a.decision]}</Typography.Text>
          {a.stepLabel && a.decision !== 'submitted' && <Tag style={{ marginLeft: 8 }}>{a.stepLabel}</Tag>}
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{a.actorName} · {formatDateTime(a.createdAt)} · 第 {a.version} 版</Typography.Text>
          {a.comments && <div>意见：{a.comments}</div>}
        </>
      ),
    }))} />
  );
}

function Versions({ planId }: { planId: string }) {
  const versions = usePlanVersions(planId);
  return (
    <Table<VersionRow>
      rowKey="version" size="small" pagination={false} loading={versions.isPending} dataSource={versions.data ?? []}
      expandable={{ expandedRowRender: (v) => <PlanTasksTable tasks={v.content.tasks} /> }}
      columns={[
        { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => `第 ${v} 版` },
        { title: '调整原因', dataIndex: 'reason', render: (r: string | null) => r ?? '首次制定' },
        { title: '任务数', width: 80, render: (_: unknown, v) => v.content.tasks.length },
        { title: '起草人', dataIndex: 'createdByName', width: 120 },
        { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (d: string) => formatDateTime(d) },
        { title: '发布时间', dataIndex: 'publishedAt', width: 170, render: (d: string | null) => (d ? formatDateTime(d) : <Tag>未发布</Tag>) },
      ]}
    />
  );
}

export function PlanDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const detail = usePlan(id);
  const act = usePlanAction(id);
  const [ask, setAsk] = useState<TextAsk | null>(null);
  const [form] = Form.useForm<{ text: string }>();
  useRecordTitle(detail.data?.name);
  if (detail.isError) return <Card><Alert type="error" showIcon title="计划加载失败" description={errorMessage(detail.error)} /></Card>;
  const plan = detail.data;
  if (!plan) return <Card loading />;

  const run = async (action: PlanAction, extra: Record<string, unknown> = {}) => {
    try {
      await act.mutateAsync({ action, body: { rowVersion: plan.rowVersion, ...extra } });
      message.success('已办理');
      setAsk(null);
    } catch (error) { message.error(errorMessage(error)); }
  };
  const open = (action: PlanAction) => { form.resetFields(); setAsk(ASKS[action] ?? null); };
  const allowed = (action: keyof PlanDetail['actions']) => plan.actions[action] === null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless">
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <div style={{ flex: 1, minWidth: 420 }}>
            <Typography.Title level={4} style={{ marginTop: 0 }}>{plan.name}</Typography.Title>
            <Descriptions size="small" column={3} items={[
              { key: 'kind', label: '类型', children: <ValueTag value={plan.kind} valueEnum={PLAN_KIND_ENUM} /> },
              { key: 'year', label: '年度', children: `${plan.year} 年` },
              { key: 'status', label: '状态', children: <Space size={4}><ValueTag value={plan.status} valueEnum={PLAN_STATUS_ENUM} />{plan.currentStep && <span>{plan.currentStep}</span>}</Space> },
              { key: 'lead', label: '牵头部门', children: plan.leadDepartmentName },
              { key: 'partners', label: '参与部门', children: plan.participatingDepartments.map((d) => d.name).join('、') || '—' },
              { key: 'version', label: '版本', children: `当前第 ${plan.version} 版${plan.publishedVersion !== null ? `，现行第 ${plan.publishedVersion} 版` : '，尚未发布'}` },
            ]} />
          </div>
          <Space wrap>
            {allowed('edit') && <Button type="primary" ghost onClick={() => void navigate(`${PLAN_PAGE}/${plan.id}/edit`)}>编辑</Button>}
            {allowed('submit') && <Button type="primary" loading={act.isPending} onClick={() => void run('submit')}>提交审核</Button>}
            {allowed('withdraw') && <Button onClick={() => void run('withdraw')}>撤回</Button>}
            {allowed('approve') && <Button type="primary" onClick={() => open('approve')}>审核通过</Button>}
            {allowed('return') && <Button danger onClick={() => open('return')}>退回</Button>}
            {allowed('adjust') && <Button onClick={() => open('adjust')}>调整计划</Button>}
            {allowed('void') && <Button danger type="text" onClick={() => open('void')}>作废</Button>}
            <Button onClick={() => void navigate(`${PLAN_PAGE}/${plan.id}/simulation`)}>模拟测算</Button>
            <Button onClick={() => void navigate(PLAN_PAGE)}>返回列表</Button>
          </Space>
        </div>
        {plan.status === 'returned' && plan.returnComments && <Alert type="warning" showIcon style={{ marginTop: 12 }} title="计划已退回" description={`退回意见：${plan.returnComments}`} />}
        {plan.adjustment && (
          <Alert type="info" showIcon style={{ marginTop: 12 }} title={`调整中：${plan.adjustment.reason}`}
            description={`调整自 ${plan.adjustment.startedOn} 开始，须于 ${plan.adjustment.deadline ?? '—'}${plan.adjustment.provisional ? '（暂定）' : ''} 前重新发布（10 个工作日）；重新发布前现行第 ${plan.publishedVersion ?? ''} 版继续有效。`} />
        )}
        {plan.status === 'void' && <Alert type="error" showIcon style={{ marginTop: 12 }} title="计划已作废" description={plan.voidReason ?? ''} />}
        {plan.status === 'draft' && plan.actions.submit !== null && plan.actions.edit === null && <Alert type="warning" showIcon style={{ marginTop: 12 }} title="还不能提交" description={plan.actions.submit} />}
      </Card>
      <Card title={`审批流程：${plan.chain.label}`} variant="borderless"><ChainSteps plan={plan} /></Card>
      <Card title={`抽查任务（第 ${plan.version} 版）`} variant="borderless">
        {plan.content.summary && <Typography.Paragraph>{plan.content.summary}</Typography.Paragraph>}
        <PlanTasksTable tasks={plan.content.tasks} />
      </Card>
      {plan.publishedContent && <Card title={`现行第 ${plan.publishedVersion ?? ''} 版（继续有效）`} variant="borderless"><PlanTasksTable tasks={plan.publishedContent.tasks} /></Card>}
      <Card title="审批记录" variant="borderless"><History plan={plan} /></Card>
      <Card title="版本记录" variant="borderless"><Versions planId={plan.id} /></Card>
      <Modal open={ask !== null} title={ask?.title} okText={ask?.ok} cancelText="取消" confirmLoading={act.isPending} onCancel={() => setAsk(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} name="planDecision" layout="vertical" onFinish={(v) => { if (ask) void run(ask.action, { [ask.field]: v.text ?? '' }); }}>
          <Form.Item name="text" label={ask?.label} rules={ask?.required ? [{ required: true, whitespace: true, message: `请填写${ask.label}` }] : []}>
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
