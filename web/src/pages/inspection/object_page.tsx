/**
 * 检查对象 (issue #10 items 1 and 3): the entity (its address as a map link), the team, every participating
 * department's checklist items, the notice, the photos and the result — entered by the team leader, read by the
 * members; read by everyone once submitted. Works offline from the kept answer and the device's outbox.
 */
import { CrownFilled, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Grid, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { errorMessage, isApiError } from '../../api/client';
import { useInspectionObject, type ObjectDetail } from '../../api/inspection';
import { useCan } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { PageLoading } from '../../components/page_states';
import { useRecordTitle } from '../../layout/record_title';
import { deleteRecord, getRecord } from '../../offline/idb';
import { OutboxBanner } from '../../offline/offline_status';
import type { SubmissionEntry } from '../../offline/outbox';
import { useOutboxEntries } from '../../offline/outbox_instance';
import { mapLink, ObjectTags } from './object_tags';
import { PhotoSection } from './photo_section';
import { ENTITY_STATUSES, type EntityStatus } from '../../../../domain/directory/entity_lists';
import { NoticeActions } from './notice_actions';
import { ResultForm } from './result_form';
import { FindingsList, ResultFacts } from './result_summary';
import { draftOfResult, type ResultDraft } from './result_values';

const DONE = new Set(['submitted', 'approved', 'published']);

function EntityCard({ detail }: { detail: ObjectDetail }) {
  const { entity } = detail;
  const waiting = useOutboxEntries().some((entry) => entry.taskObjectId === detail.taskObjectId);
  return (
    <Card size="small" title={<Typography.Text strong style={{ fontSize: 16, whiteSpace: 'normal' }}>{entity.name}</Typography.Text>}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <ObjectTags row={detail} waiting={waiting} />
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
          { key: 'code', label: '统一社会信用代码', children: entity.creditCode },
          { key: 'legal', label: '法定代表人', children: entity.legalRepresentative ?? '—' },
          { key: 'industry', label: '行业代码', children: entity.industryCode ?? '—' },
          { key: 'registration', label: '登记状态', children: ENTITY_STATUSES[entity.registrationStatus as EntityStatus] ?? entity.registrationStatus },
          { key: 'task', label: '抽查任务', children: `${detail.taskCode} ${detail.taskName}` },
          {
            key: 'address', label: '地址', span: 'filled',
            children: entity.address ? <a href={mapLink(entity.address)} target="_blank" rel="noreferrer"><EnvironmentOutlined /> {entity.address}（地图）</a> : '—',
          },
        ]} />
      </Space>
    </Card>
  );
}

function TeamCard({ detail }: { detail: ObjectDetail }) {
  return (
    <Card size="small" title="检查组" style={{ marginTop: 12 }}>
      <List size="small" dataSource={detail.team} renderItem={(m) => (
        <List.Item>
          <Space wrap size={4}>
            {m.role === 'leader' ? <Tag color="gold" icon={<CrownFilled />}>{m.roleLabel}</Tag> : <Tag>{m.roleLabel}</Tag>}
            <Typography.Text>{m.name}</Typography.Text>
            <Typography.Text type="secondary">{`${m.departmentName} · 执法证 ${m.certificateNo}`}</Typography.Text>
          </Space>
        </List.Item>
      )} />
    </Card>
  );
}

/** The device's draft of this object, once read (undefined while reading). */
function useDeviceDraft(taskObjectId: string): ResultDraft | null | undefined {
  const [draft, setDraft] = useState<ResultDraft | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    getRecord<ResultDraft>('drafts', taskObjectId).then((row) => { if (live) setDraft(row?.value ?? null); }, () => { if (live) setDraft(null); });
    return () => { live = false; };
  }, [taskObjectId]);
  return draft;
}

/**
 * The form of the leader, from the device's draft when there is one (read when the form appears, so that a submission
 * refused after it was queued comes back as it was typed), else from the server's result.
 */
function EditableResult({ detail }: { detail: ObjectDetail }) {
  const deviceDraft = useDeviceDraft(detail.taskObjectId);
  if (deviceDraft === undefined) return <PageLoading />;
  const initial: ResultDraft = deviceDraft ?? (detail.result ? draftOfResult(detail.result)
    : { checkMethod: 'on_site', checkDate: dayjs().format('YYYY-MM-DD'), disposal: 'none' });
  return <ResultForm detail={detail} initial={initial} />;
}

function ResultSection({ detail }: { detail: ObjectDetail }) {
  const can = useCan();
  const entries = useOutboxEntries();
  const status = detail.result?.status;
  const submission = entries.find((e): e is SubmissionEntry => e.kind === 'submission' && e.taskObjectId === detail.taskObjectId);

  // Once the server holds the submitted result, the device's draft has served its purpose.
  useEffect(() => {
    if (status && DONE.has(status)) void deleteRecord('drafts', detail.taskObjectId).catch(() => undefined);
  }, [status, detail.taskObjectId]);

  if (detail.result && status && DONE.has(status)) {
    return (
      <Card size="small" title="检查结果" style={{ marginTop: 12 }}>
        <ResultFacts result={detail.result} />
        <div style={{ marginTop: 12 }}><FindingsList items={detail.items} findings={detail.result.itemFindings} /></div>
      </Card>
    );
  }
  if (submission && submission.state === 'pending') {
    return (
      <Card size="small" title="检查结果" style={{ marginTop: 12 }}>
        <Alert type="info" showIcon data-testid="submission-waiting" style={{ marginBottom: 12 }}
          title="已提交，待发送" description={`结果保存在本机（${formatDateTime(submission.queuedAt)}），联网后自动发送，不会重复提交。`} />
        <FindingsList items={detail.items} findings={submission.result.itemFindings} />
      </Card>
    );
  }
  const editable = detail.isLeader && can('inspection:result:enter');
  if (!editable) {
    return (
      <Card size="small" title="检查结果" style={{ marginTop: 12 }}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={detail.isLeader ? '您没有录入检查结果的权限' : '检查结果由组长录入和提交（谁检查、谁录入），组员可查看'} />
        {detail.result ? <ResultFacts result={detail.result} /> : null}
        <div style={{ marginTop: 12 }}><FindingsList items={detail.items} findings={detail.result?.itemFindings ?? []} /></div>
      </Card>
    );
  }
  return (
    <>
      {status === 'returned' && detail.result?.reviewComments && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title="部门已退回，请修改后重新提交" description={`审核意见：${detail.result.reviewComments}`} />
      )}
      {submission?.state === 'refused' && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="submission-refused" title="上次提交未被接受，请修改后重新提交" description={submission.refusal?.message} />
      )}
      <EditableResult detail={detail} />
    </>
  );
}

export function InspectionObjectPage() {
  const { taskObjectId = '' } = useParams();
  const query = useInspectionObject(taskObjectId);
  const can = useCan();
  const narrow = Grid.useBreakpoint().md === false;
  useRecordTitle(query.data?.value.entity.name);

  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    const notMine = isApiError(query.error) && (query.error.status === 403 || query.error.status === 404);
    return <Alert type="error" showIcon title={notMine ? '检查对象不存在或您不在其检查组中' : '检查对象加载失败'} description={errorMessage(query.error)} />;
  }
  const detail = query.data.value;
  // Every active member may add photos (the server checks membership); nothing changes once published.
  const canAddPhotos = can('inspection:result:enter') && detail.result?.status !== 'published';
  return (
    <div style={{ maxWidth: narrow ? undefined : 960 }}>
      <OutboxBanner />
      {query.data.offlineSince && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`无法连接服务器，显示的是本机保存的数据（${formatDateTime(query.data.offlineSince)}）`} />
      )}
      <EntityCard detail={detail} />
      <TeamCard detail={detail} />
      <Card size="small" title="行政检查通知书与实地核查记录表" style={{ marginTop: 12 }}>
        <NoticeActions taskObjectId={detail.taskObjectId} />
      </Card>
      <PhotoSection taskObjectId={detail.taskObjectId} label={detail.entity.name} attachments={detail.attachments} canAdd={canAddPhotos} />
      <ResultSection detail={detail} />
    </div>
  );
}
