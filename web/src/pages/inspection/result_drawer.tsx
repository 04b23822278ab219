/**
 * One result for the department (issue #10 items 4–5): the facts, the findings per department, the photos, the
 * signature, the corrections and the history; 退回 / 通过 / 公示 shown only when the state allows it and the caller
 * holds the permission; 申请更正 of a published result and the head's decision on a pending correction.
 */
import { Alert, App, Button, Card, Descriptions, Drawer, Grid, Popconfirm, Space, Spin, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { DISPOSALS, labelOf, RESULT_CATEGORIES } from '../../../../domain/inspection/categories';
import { errorMessage } from '../../api/client';
import { usePublishResult, useResultDetail, type CorrectionView, type ObjectItem, type ResultDetail } from '../../api/inspection';
import { useCan } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { ValueTag } from '../../components/value_tag';
import { FollowUpSection } from './follow_up_section';
import { CORRECTION_STATUS_ENUM } from './result_labels';
import { AttachmentGallery, FindingsList, ResultFacts } from './result_summary';
import { ApproveDialog, CorrectionDialog, DecideCorrectionDialog, ReturnDialog } from './review_dialogs';

/**
 * The checklist items the findings answer: each finding carries its item's code and name as entered (the reviewer is
 * not on the team and cannot read the object's items).
 */
function itemsOf(result: ResultDetail): ObjectItem[] {
  return result.itemFindings.map((f) => ({
    itemId: f.itemId, departmentId: f.departmentId, departmentName: f.departmentId === result.departmentId ? result.departmentName : '其他参与部门',
    code: f.code, name: f.name, basis: null, method: null,
  }));
}

function changesText(changes: CorrectionView['changes']): string {
  const parts: string[] = [];
  if (typeof changes.resultCategory === 'string') parts.push(`检查结果 → ${labelOf(RESULT_CATEGORIES, changes.resultCategory) ?? ''}`);
  if (typeof changes.disposal === 'string') parts.push(`处置 → ${labelOf(DISPOSALS, changes.disposal) ?? ''}`);
  if (typeof changes.note === 'string') parts.push(`备注 → ${changes.note}`);
  if (Array.isArray(changes.itemFindings)) parts.push(`检查事项结论更正 ${changes.itemFindings.length} 项`);
  return parts.join('；');
}

function Corrections({ result }: { result: ResultDetail }) {
  const can = useCan();
  const [deciding, setDeciding] = useState<{ correction: CorrectionView; approve: boolean } | null>(null);
  if (result.corrections.length === 0) return null;
  return (
    <Card size="small" title="更正" style={{ marginTop: 12 }}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {result.corrections.map((c) => (
          <Descriptions key={c.id} size="small" column={1} bordered title={<Space>{`第 ${c.seq} 次更正`}<ValueTag value={c.status} valueEnum={CORRECTION_STATUS_ENUM} /></Space>}
            extra={c.status === 'pending' && can('inspection:correction:approve') ? (
              <Space>
                <Button size="small" type="primary" onClick={() => setDeciding({ correction: c, approve: true })}>批准</Button>
                <Button size="small" danger onClick={() => setDeciding({ correction: c, approve: false })}>不批准</Button>
              </Space>
            ) : null}
            items={[
              { key: 'reason', label: '原因', children: c.reason },
              { key: 'changes', label: '更正内容', children: (c.changeLabels.length > 0 ? c.changeLabels.map((l) => `${l.label}：${l.value}`).join('；') : changesText(c.changes)) || '—' },
              { key: 'requested', label: '申请', children: `${c.requestedByName ?? ''} ${formatDateTime(c.requestedAt)}` },
              ...(c.decidedAt ? [{ key: 'decided', label: '审批', children: `${c.decidedByName ?? ''} ${formatDateTime(c.decidedAt)}${c.decisionComments ? `：${c.decisionComments}` : ''}` }] : []),
            ]} />
        ))}
      </Space>
      {deciding && <DecideCorrectionDialog correction={deciding.correction} approve={deciding.approve} onClose={() => setDeciding(null)} />}
    </Card>
  );
}

function Actions({ result }: { result: ResultDetail }) {
  const can = useCan();
  const { message } = App.useApp();
  const publish = usePublishResult();
  const [dialog, setDialog] = useState<'return' | 'approve' | 'correction' | null>(null);
  const run = (p: Promise<unknown>, done: string) => void p.then(() => { message.success(done); }, (e: unknown) => { message.error(errorMessage(e)); });
  const pendingCorrection = result.corrections.some((c) => c.status === 'pending');
  // The state machine's answer (domain/inspection/result_states.ts) and the caller's permission, both.
  const allows = (event: string) => result.allowedEvents.includes(event);
  const buttons = [
    allows('return') && can('inspection:result:review') && (
      <Button key="return" danger onClick={() => setDialog('return')}>退回</Button>
    ),
    allows('approve') && can('inspection:result:review') && (
      <Button key="approve" type="primary" onClick={() => setDialog('approve')}>通过</Button>
    ),
    allows('publish') && can('inspection:result:publish') && (
      <Popconfirm key="publish" title="公示后结果不可修改，只能经主要负责人批准更正。确认公示？" okText="公示" cancelText="取消"
        onConfirm={() => run(publish.mutateAsync({ id: result.id, rowVersion: result.rowVersion }), '已公示')}>
        <Button type="primary" loading={publish.isPending}>公示</Button>
      </Popconfirm>
    ),
    result.status === 'published' && !pendingCorrection && can('inspection:correction:request') && (
      <Button key="correct" onClick={() => setDialog('correction')}>申请更正</Button>
    ),
  ].filter(Boolean);
  return (
    <>
      {buttons.length > 0 && <Space wrap>{buttons}</Space>}
      {dialog === 'return' && <ReturnDialog result={result} onClose={() => setDialog(null)} />}
      {dialog === 'approve' && <ApproveDialog result={result} onClose={() => setDialog(null)} />}
      {dialog === 'correction' && <CorrectionDialog result={result} onClose={() => setDialog(null)} />}
    </>
  );
}

export function ResultDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const detail = useResultDetail(id);
  const narrow = Grid.useBreakpoint().md === false;
  const result = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={narrow ? '100%' : 720} destroyOnHidden
      title={result ? `${result.entityName}` : '检查结果'} extra={result ? <Actions result={result} /> : null}>
      {detail.isPending && id !== null && <Spin />}
      {detail.isError && <Alert type="error" showIcon title="检查结果加载失败" description={errorMessage(detail.error)} />}
      {result && (
        <>
          <Typography.Paragraph type="secondary">{`${result.creditCode} · ${result.taskCode} ${result.taskName}`}</Typography.Paragraph>
          <ResultFacts result={result} />
          <Card size="small" title="检查事项" style={{ marginTop: 12 }}><FindingsList items={itemsOf(result)} findings={result.itemFindings} /></Card>
          <Card size="small" title="附件" style={{ marginTop: 12 }}><AttachmentGallery attachments={result.attachments} /></Card>
          <Corrections result={result} />
          <FollowUpSection result={result} />
          <Card size="small" title="处理记录" style={{ marginTop: 12 }}>
            <Timeline items={result.history.map((h, i) => ({
              key: `${h.at}-${i}`,
              content: <span>{`${formatDateTime(h.at)} ${h.actorName ?? ''} ${h.summary}`}{h.reason ? <Typography.Text type="secondary">{`：${h.reason}`}</Typography.Text> : null}</span>,
            }))} />
          </Card>
        </>
      )}
    </Drawer>
  );
}
