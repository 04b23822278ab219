/**
 * One objection for the department (威海第11条): the objection, its deadlines as traffic lights, the result objected
 * to, and the steps the state allows and the caller may take — 开始复核, 复核结论, 反馈 — with the correction an upheld
 * objection requested (approved by the head on the result's page).
 */
import { Alert, App, Button, Card, Descriptions, Drawer, Grid, Popconfirm, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { useObjectionDetail, useObjectionStep, type ObjectionDetail } from '../../api/objections';
import { useCan } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { ValueTag } from '../../components/value_tag';
import { ObjectionAttachments } from './objection_attachments';
import { DecideDialog, FeedbackDialog } from './objection_dialogs';
import { dueLabel, OBJECTION_STATUS_ENUM } from './objection_labels';
import { DeadlineTag } from './object_tags';
import { ResultFacts } from './result_summary';

function Actions({ objection }: { objection: ObjectionDetail }) {
  const can = useCan();
  const { message } = App.useApp();
  const step = useObjectionStep();
  const [dialog, setDialog] = useState<'decide' | 'feedback' | null>(null);
  if (!can('inspection:objection:review')) return null;
  const allows = (event: string) => objection.allowedEvents.includes(event);
  return (
    <>
      <Space wrap>
        {allows('start_review') && (
          <Popconfirm title="开始复核这条异议？" okText="开始复核" cancelText="取消"
            onConfirm={() => void step.mutateAsync({ id: objection.id, action: 'start-review', body: { rowVersion: objection.rowVersion } })
              .then(() => { message.success('已开始复核'); }, (e: unknown) => { message.error(errorMessage(e)); })}>
            <Button type="primary" loading={step.isPending}>开始复核</Button>
          </Popconfirm>
        )}
        {(allows('uphold') || allows('dismiss')) && <Button type="primary" onClick={() => setDialog('decide')}>复核结论</Button>}
        {allows('feed_back') && <Button type="primary" onClick={() => setDialog('feedback')}>反馈</Button>}
      </Space>
      {dialog === 'decide' && <DecideDialog objection={objection} onClose={() => setDialog(null)} />}
      {dialog === 'feedback' && <FeedbackDialog objection={objection} onClose={() => setDialog(null)} />}
    </>
  );
}

export function ObjectionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const detail = useObjectionDetail(id);
  const narrow = Grid.useBreakpoint().md === false;
  const o = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={narrow ? '100%' : 720} destroyOnHidden
      title={o ? `异议：${o.entityName}` : '异议'} extra={o ? <Actions objection={o} /> : null}>
      {detail.isPending && id !== null && <Spin />}
      {detail.isError && <Alert type="error" showIcon title="异议加载失败" description={errorMessage(detail.error)} />}
      {o && (
        <>
          <Typography.Paragraph type="secondary">{`${o.creditCode} · ${o.taskCode} ${o.taskName}`}</Typography.Paragraph>
          <Card size="small" title={<Space>异议<ValueTag value={o.status} valueEnum={OBJECTION_STATUS_ENUM} /></Space>}
            extra={o.currentDue ? <DeadlineTag label={dueLabel(o.status)} date={o.currentDue} provisional={o.dueProvisional} /> : null}>
            <Descriptions size="small" column={1} bordered items={[
              { key: 'received', label: '受理', children: `${o.channelLabel} · 收到于 ${o.receivedOn}${o.enteredByName ? ` · 录入人 ${o.enteredByName}` : ''}${o.contactName ? ` · 联系人 ${o.contactName}` : ''}` },
              { key: 'reason', label: '异议理由', children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.reason}</span> },
              { key: 'due', label: '期限', children: `复核 ${o.reviewDue}（收到之日起 20 个工作日）；反馈 ${o.feedbackDue}（${o.decidedOn ? '结论之日起' : '最迟，结论之日起'} 15 个工作日）${o.dueProvisional ? '，暂定' : ''}` },
              ...(o.reviewStartedByName ? [{ key: 'review', label: '复核人', children: o.reviewStartedByName }] : []),
              ...(o.decidedOn ? [{ key: 'decision', label: '复核结论', children: `${o.statusLabel === '已反馈' ? (o.correction ? '异议成立' : '异议不成立') : o.statusLabel} · ${o.decidedOn} ${o.decidedByName ?? ''}：${o.decisionComments ?? ''}` }] : []),
              ...(o.correction ? [{ key: 'correction', label: '结果更正', children: <Link to={`/inspection/results/${o.resultId}`}>{`第 ${o.correction.seq} 次更正 · ${o.correction.statusLabel}`}</Link> }] : []),
              ...(o.fedBackOn ? [{ key: 'feedback', label: '反馈', children: `${o.fedBackOn} ${o.feedbackMethodLabel ?? ''}：${o.feedback ?? ''}` }] : []),
              { key: 'created', label: '登记时间', children: formatDateTime(o.createdAt) },
            ]} />
          </Card>
          <ObjectionAttachments objectionId={o.id} />
          <Card size="small" title={<Space>被异议的检查结果<Link to={`/inspection/results/${o.resultId}`}>查看</Link></Space>} style={{ marginTop: 12 }}>
            <ResultFacts result={o.result} />
          </Card>
        </>
      )}
    </Drawer>
  );
}
