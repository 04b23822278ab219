/**
 * One 抽查任务: the 实施方案 (items, scope, strata with the rounding rule and an example, team settings), the approval
 * chain and its history, and the actions the server says the caller may take now (编辑, 提交审核, 审核通过, 退回, 终止).
 * 退回 asks for comments and 终止 for a reason, as the state machine requires.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Steps, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ENTITY_TYPES } from '../../../../domain/directory/entity_lists';
import { ROUNDING_LABELS } from '../../../../domain/draw/quota';
import { CREDIT_STRATUM_LABELS, ratioExample } from '../../../../domain/workflow/task_spec_check';
import { TASK_STATUS_ALLOWS } from '../../../../domain/workflow/task_states';
import { errorMessage } from '../../api/client';
import { useTask, useTaskAction, type TaskActionName, type TaskDetail } from '../../api/tasks';
import { formatDateTime } from '../../components/format';
import { EmptyState, PageLoading } from '../../components/page_states';
import { ValueTag } from '../../components/value_tag';
import { useRecordTitle } from '../../layout/record_title';
import { TaskArchiveCard } from './task_archive_card';
import { TaskDrawsCard } from './task_draws_card';
import { EXAMPLE_POOL } from './task_editor_sections';
import { DECISION_LABELS, TASK_KIND_ENUM, TASK_STATUS_ENUM } from './task_labels';

const NO_PERMISSION = '没有执行此操作的权限';

function ActionDialog({ task, action, onClose }: { task: TaskDetail; action: 'return' | 'terminate' | null; onClose: () => void }) {
  const [text, setText] = useState('');
  const run = useTaskAction();
  const { message } = App.useApp();
  const label = action === 'return' ? '退回意见' : '终止原因';
  async function ok() {
    if (!action) return;
    try {
      await run.mutateAsync({ id: task.id, action, rowVersion: task.rowVersion, ...(action === 'return' ? { comments: text } : { reason: text }) });
      message.success(action === 'return' ? '已退回，牵头部门修改后可重新提交' : '任务已终止');
      setText('');
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  return (
    <Modal title={action === 'return' ? '退回实施方案' : '终止任务'} open={action !== null} onCancel={onClose} onOk={() => { void ok(); }} okText="确定"
      okButtonProps={{ disabled: text.trim() === '', danger: action === 'terminate', loading: run.isPending }}>
      <Form layout="vertical">
        <Form.Item label={label} required>
          <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} showCount placeholder={`请填写${label}`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SpecView({ task }: { task: TaskDetail }) {
  const { spec } = task;
  const t = spec.targeting;
  const name = (id: string) => task.departmentNames[id] ?? id;
  return (
    <>
      <Card size="small" title="检查事项" style={{ marginBottom: 16 }}>
        <Table size="small" rowKey="itemId" pagination={false} dataSource={spec.items} columns={[
          { title: '部门', key: 'd', width: 220, render: (_v, i) => name(i.departmentId) },
          { title: '事项编码', dataIndex: 'code', width: 140 },
          { title: '检查事项', dataIndex: 'name' },
        ]} />
      </Card>
      <Card size="small" title="对象范围" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={2} items={[
          { key: 'mode', label: '抽查方式', children: t.mode === 'targeted' ? <Tag color="blue">定向抽查</Tag> : <Tag>不定向抽查</Tag> },
          { key: 'regions', label: '抽取区域', children: spec.regionCodes.join('、') },
          ...(t.mode === 'targeted' ? [
            { key: 'types', label: '主体类型', children: t.entityTypes.map((e) => ENTITY_TYPES[e as keyof typeof ENTITY_TYPES] ?? e).join('、') || '不限' },
            { key: 'industry', label: '行业', children: t.industryCodes.join('、') || '不限' },
            { key: 'tag', label: '专项库', children: task.entityTagName ?? '不限' },
            { key: 'kw', label: '经营范围关键字', children: t.scopeKeywords.join('、') || '不限' },
          ] : []),
        ]} />
      </Card>
      <Card size="small" title="分层与比例" style={{ marginBottom: 16 }}>
        <Table size="small" rowKey="key" pagination={false} dataSource={spec.strata} columns={[
          { title: '分层', key: 'k', width: 180, render: (_v, s) => CREDIT_STRATUM_LABELS[s.key] ?? s.key },
          { title: '比例 / 户数', key: 'v', width: 120, render: (_v, s) => (s.mode === 'ratio' ? `${s.value}%` : `${s.value} 户`) },
          { title: '取整规则', key: 'r', width: 150, render: (_v, s) => ROUNDING_LABELS[s.rounding] },
          { title: '最低比例', key: 'm', width: 100, render: (_v, s) => (s.minPercent ? `${s.minPercent}%` : '—') },
          { title: `示例（按 ${EXAMPLE_POOL.toLocaleString('en-US')} 户）`, key: 'e', render: (_v, s) => (s.mode === 'ratio' ? ratioExample(EXAMPLE_POOL, s.value, s.rounding) : `${s.value} 户`) },
        ]} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          总体最低抽查比例：{spec.minTotalPercent ? `${spec.minTotalPercent}%` : '不限'}；同一对象每年抽查不超过 {spec.annualCap} 次；检查方式：{spec.methods.join('、')}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title="检查组设置" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={3} items={[
          { key: 'size', label: '每个对象检查人员', children: `${spec.team.teamSize} 人` },
          { key: 'leader', label: '组长', children: spec.team.leaderFromLead ? '由牵头部门人员担任' : '不限' },
          { key: 'experts', label: '每个对象专家', children: `${spec.team.expertsPerObject} 人` },
          { key: 'cap', label: '每人检查对象上限', children: spec.team.maxObjectsPerInspector },
          { key: 'recusal', label: '回避年限', children: spec.team.recusalYears === 0 ? '不回避' : `${spec.team.recusalYears} 年` },
          { key: 'sup', label: '抽取监督员', children: `${spec.supervisorsRequired} 名` },
          { key: 'cross', label: '相邻区域匹配', children: spec.team.crossArea ? '允许' : '不允许' },
          { key: 'direct', label: '直接委派', children: spec.team.directAppointment ? '允许' : '不允许' },
          { key: 'quotas', label: '各部门派员', children: spec.team.departmentQuotas.map((q) => `${name(q.departmentId)} ${q.members} 人`).join('；') || '由匹配程序分配' },
        ]} />
      </Card>
    </>
  );
}

export function TaskDetailPage() {
  const { id } = useParams();
  const task = useTask(id);
  const run = useTaskAction();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<'return' | 'terminate' | null>(null);
  useRecordTitle(task.data?.name);
  if (task.isPending) return <PageLoading />;
  if (!task.data) return <EmptyState description={errorMessage(task.error)} />;
  const t = task.data;

  async function direct(action: TaskActionName, done: string) {
    try {
      await run.mutateAsync({ id: t.id, action, rowVersion: t.rowVersion });
      message.success(done);
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  const button = (key: keyof TaskDetail['actions'], label: string, onClick: () => void, extra: { type?: 'primary'; danger?: boolean } = {}) => {
    const reason = t.actions[key];
    if (reason === NO_PERMISSION) return null;
    const b = <Button key={key} {...extra} disabled={reason !== null} loading={run.isPending && reason === null} onClick={onClick}>{label}</Button>;
    return reason ? <Tooltip key={key} title={reason}><span>{b}</span></Tooltip> : b;
  };
  const reviewing = t.status === 'in_review';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space>
          <Link to="/workflow/tasks"><ArrowLeftOutlined /> 抽查任务</Link>
          <Typography.Title level={4} style={{ margin: 0 }}>{t.name}</Typography.Title>
          <ValueTag value={t.status} valueEnum={TASK_STATUS_ENUM} />
        </Space>
        <Space>
          {button('edit', '编辑', () => { void navigate(`/workflow/tasks/${t.id}/edit`); })}
          {button('submit', '提交审核', () => { void direct('submit', '已提交审核'); }, { type: 'primary' })}
          {reviewing && button('approve', '审核通过', () => { void direct('approve', '审核通过'); }, { type: 'primary' })}
          {reviewing && button('return', '退回', () => setDialog('return'))}
          {button('terminate', '终止', () => setDialog('terminate'), { danger: true })}
        </Space>
      </Space>
      {t.returnComments && t.status === 'draft' && <Alert type="warning" showIcon message="审核退回" description={t.returnComments} />}
      {t.terminationReason && <Alert type="error" showIcon message="任务已终止" description={t.terminationReason} />}
      <Alert type="info" showIcon message={TASK_STATUS_ALLOWS[t.status]} />
      {t.status !== 'draft' && t.status !== 'in_review' && <TaskDrawsCard taskId={t.id} status={t.status} />}
      {t.status !== 'draft' && t.status !== 'in_review' && <TaskArchiveCard taskId={t.id} taskCode={t.code} />}
      <Card size="small" title="基本信息">
        <Descriptions size="small" column={3} items={[
          { key: 'code', label: '任务编号', children: t.code },
          { key: 'kind', label: '类型', children: <ValueTag value={t.kind} valueEnum={TASK_KIND_ENUM} /> },
          { key: 'plan', label: '所属计划', children: t.planName ? `${t.planName}（${t.planTaskKey ?? ''}）` : '临时任务' },
          { key: 'period', label: '实施期间', children: `${t.periodStart} 至 ${t.periodEnd}` },
          { key: 'lead', label: '牵头部门', children: t.leadDepartmentName },
          { key: 'parts', label: '参与部门', children: t.participatingDepartmentNames.join('、') || '—' },
          { key: 'published', label: '发布时间', children: t.publishedAt ? formatDateTime(t.publishedAt) : '—' },
        ]} />
      </Card>
      <Card size="small" title={`审批（${t.chain.label}）`}>
        <Steps size="small" style={{ marginBottom: 16 }}
          current={t.status === 'in_review' ? t.stepIndex + 1 : t.status === 'draft' ? 0 : t.status === 'terminated' && t.publishedAt === null ? 0 : t.chain.steps.length + 2}
          items={[{ title: '起草' }, ...t.chain.steps.map((s) => ({ title: s.label })), { title: '发布' }]} />
        {t.approvals.length === 0 ? <Typography.Text type="secondary">尚未提交审核</Typography.Text> : (
          <Timeline items={t.approvals.map((a) => ({
            key: a.id, color: a.decision === 'returned' ? 'red' : a.decision === 'approved' ? 'green' : 'blue',
            children: (
              <span>
                <Typography.Text strong>{DECISION_LABELS[a.decision] ?? a.decision}</Typography.Text>
                {a.stepLabel ? ` · ${a.stepLabel}` : ''} · {a.actorName} · {formatDateTime(a.createdAt)}
                {a.comments ? <div><Typography.Text type="secondary">意见：{a.comments}</Typography.Text></div> : null}
              </span>
            ),
          }))} />
        )}
      </Card>
      <SpecView task={t} />
      <ActionDialog task={t} action={dialog} onClose={() => setDialog(null)} />
    </Space>
  );
}
