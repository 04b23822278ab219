/**
 * One follow-up (issue #10 item 7): the result it follows, who owns it and who received it, the 经营异常名录 suggestion,
 * the timeline of its changes, and the buttons of the caller's side (the server's `allowedEvents` and the caller's
 * permission, both).
 */
import { Alert, App, Button, Card, Descriptions, Drawer, Grid, Popconfirm, Space, Spin, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { useAcceptFollowUp, useFollowUp, useResumeFollowUp, type FollowUpDetail } from '../../api/follow_ups';
import { useCan } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { ValueTag } from '../../components/value_tag';
import { CloseFollowUpDialog, PlanFollowUpDialog, ReturnFollowUpDialog, TransferDialog } from './follow_up_dialogs';
import { FOLLOW_UP_STATUS_ENUM } from './follow_up_labels';

type Dialog = 'transfer' | 'return' | 'close' | 'plan';

function Actions({ followUp }: { followUp: FollowUpDetail }) {
  const can = useCan();
  const { message } = App.useApp();
  const accept = useAcceptFollowUp();
  const resume = useResumeFollowUp();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const allows = (event: string) => followUp.allowedEvents.includes(event);
  const run = (p: Promise<unknown>, done: string) => void p.then(() => { message.success(done); }, (e: unknown) => { message.error(errorMessage(e)); });
  const versioned = { id: followUp.id, rowVersion: followUp.rowVersion };
  const buttons = [
    allows('accept') && can('inspection:follow_up:accept') && (
      <Popconfirm key="accept" title="接收后由本部门负责处置并办结，确认接收？" okText="接收" cancelText="取消" onConfirm={() => run(accept.mutateAsync(versioned), '已接收')}>
        <Button type="primary" loading={accept.isPending}>接收</Button>
      </Popconfirm>
    ),
    allows('return') && can('inspection:follow_up:accept') && <Button key="return" danger onClick={() => setDialog('return')}>退回</Button>,
    (allows('transfer') || allows('transfer_judicial')) && can('inspection:follow_up:transfer') && <Button key="transfer" onClick={() => setDialog('transfer')}>移送</Button>,
    allows('resume') && can('inspection:follow_up:handle') && (
      <Button key="resume" loading={resume.isPending} onClick={() => run(resume.mutateAsync(versioned), '已收回本部门处置')}>收回本部门处置</Button>
    ),
    followUp.isOwner && (followUp.status === 'open' || followUp.status === 'returned') && can('inspection:follow_up:handle') && (
      <Button key="plan" onClick={() => setDialog('plan')}>措施与期限</Button>
    ),
    allows('close') && can('inspection:follow_up:handle') && <Button key="close" type="primary" onClick={() => setDialog('close')}>办结</Button>,
  ].filter(Boolean);
  return (
    <>
      {buttons.length > 0 && <Space wrap>{buttons}</Space>}
      {dialog === 'transfer' && <TransferDialog followUp={followUp} onClose={() => setDialog(null)} />}
      {dialog === 'return' && <ReturnFollowUpDialog followUp={followUp} onClose={() => setDialog(null)} />}
      {dialog === 'close' && <CloseFollowUpDialog followUp={followUp} onClose={() => setDialog(null)} />}
      {dialog === 'plan' && <PlanFollowUpDialog followUp={followUp} onClose={() => setDialog(null)} />}
    </>
  );
}

function Facts({ followUp: f }: { followUp: FollowUpDetail }) {
  const transferredTo = f.receiverDepartmentName ?? (f.judicialOrganName ? `${f.judicialOrganName}（${f.judicialOrganKindLabel ?? '司法机关'}）` : null);
  const items = [
    { key: 'status', label: '状态', children: <Space size={4}><ValueTag value={f.status} valueEnum={FOLLOW_UP_STATUS_ENUM} />{`（${f.completionLabel}）`}</Space> },
    { key: 'result', label: '检查结果', children: <span>{`${f.resultCategoryLabel ?? '—'}；处置：${f.disposalLabel ?? '—'}`} <Link to={`/inspection/results/${f.resultId}`}>查看结果</Link></span> },
    { key: 'task', label: '抽查任务', children: `${f.taskCode} ${f.taskName}` },
    { key: 'owner', label: '发起部门', children: f.ownerDepartmentName },
    ...(f.measureLabel ? [{ key: 'measure', label: '处置措施', children: f.measureLabel }] : []),
    ...(f.dueDate ? [{ key: 'due', label: '整改或办理期限', children: <Typography.Text type={f.overdue ? 'danger' : undefined}>{`${f.dueDate}${f.overdue ? '（已逾期）' : ''}`}</Typography.Text> }] : []),
    ...(f.handler ? [{ key: 'handler', label: '承办机构', children: f.handler }] : []),
    ...(transferredTo ? [{ key: 'to', label: '移送至', children: transferredTo }] : []),
    ...(f.transferReason ? [{ key: 'reason', label: '移送理由', children: f.transferReason }] : []),
    ...(f.returnReason ? [{ key: 'returned', label: '退回理由', children: f.returnReason }] : []),
    ...(f.recheckDate ? [{ key: 'recheck', label: '复查', children: `${f.recheckDate}，${f.recheckRectified ? '已按期改正' : '逾期未改正'}` }] : []),
    ...(f.receiptNumber ? [{ key: 'receipt', label: '回执', children: `${f.receiptNumber}（${f.receiptDate ?? ''}）` }] : []),
    ...(f.outcome ? [{ key: 'outcome', label: '处理结果', children: f.outcome }] : []),
    ...(f.note && f.isOwner ? [{ key: 'note', label: '内部备注', children: f.note }] : []),
  ];
  return <Descriptions size="small" column={1} bordered items={items} styles={{ label: { width: 120 } }} />;
}

export function FollowUpDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const detail = useFollowUp(id);
  const narrow = Grid.useBreakpoint().md === false;
  const f = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={narrow ? '100%' : 720} destroyOnHidden
      title={f ? `后续处置：${f.entityName}` : '后续处置'} extra={f && !narrow ? <Actions followUp={f} /> : null}>
      {detail.isPending && id !== null && <Spin />}
      {detail.isError && <Alert type="error" showIcon title="后续处置加载失败" description={errorMessage(detail.error)} />}
      {f && (
        <>
          {narrow && <div style={{ marginBottom: 12 }}><Actions followUp={f} /></div>}
          <Typography.Paragraph type="secondary">{`${f.creditCode} · 检查日期 ${f.checkDate ?? '—'}`}</Typography.Paragraph>
          {f.listingSuggestion && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`经营异常名录：${f.listingSuggestion.advice}`}
              description={`情形：${f.listingSuggestion.ground}。依据：${f.listingSuggestion.basis}`} />
          )}
          <Facts followUp={f} />
          <Card size="small" title="办理记录" style={{ marginTop: 12 }}>
            <Timeline items={f.history.map((h, i) => ({
              key: `${h.at}-${i}`,
              content: <span>{`${formatDateTime(h.at)} ${h.actorName ?? ''} ${h.summary}`}{h.reason ? <Typography.Text type="secondary">{`：${h.reason}`}</Typography.Text> : null}</span>,
            }))} />
          </Card>
        </>
      )}
    </Drawer>
  );
}
