/**
 * 检查对象与检查组 of one task: dispatch status per department (confirm button for the receiving department), merge
 * offers into joint visits, 执行匹配 with the teams (leader marked) and loads or the reasons no assignment exists,
 * the matching record download, replacement requests, the head's approval, the replacement of an expert (by the head
 * of its department, the successor drawn from the 专家库) and the replacement history.
 */
import { CrownFilled, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router';
import { errorMessage, isApiError, type ApiError } from '../../api/client';
import {
  matchingRecordUrl, useConfirmDispatch, useDecideReplacement, useDispatch, useDispatchTasks, useGoneObject, useMatching, useMerge, useMergeOffers,
  useReplacements, useRunMatching, useTaskDispatches, useTaskObjects, type AppointmentBody, type DispatchRow, type ReplacementRow, type TaskObjectRow,
} from '../../api/dispatch';
import { useCan, useCurrentUser } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { PageLoading } from '../../components/page_states';
import { DirectAppointments } from './direct_appointments';
import { ExpertReplacementDialog, RejectDialog, ReplacementRequestDialog } from './replacement_dialogs';

const GONE = new Set(['deregistered', 'moved_out']);

function Dispatches({ taskId, status }: { taskId: string; status: string }) {
  const rows = useTaskDispatches(taskId);
  const dispatch = useDispatch(taskId);
  const confirm = useConfirmDispatch(taskId);
  const can = useCan();
  const { message } = App.useApp();
  const run = (p: Promise<unknown>, done: string) => void p.then(() => { message.success(done); }, (e: unknown) => { message.error(errorMessage(e)); });
  return (
    <Card size="small" title="派发与确认" extra={status === 'drawn' && can('workflow:draw:operate')
      ? <Popconfirm title="把已公示的抽取结果派发给参与部门？" okText="派发" cancelText="取消" onConfirm={() => run(dispatch.mutateAsync(undefined), '已派发')}><Button type="primary">派发</Button></Popconfirm>
      : null}>
      <Table<DispatchRow>
        scroll={{ x: 'max-content' }} size="small" rowKey="id" dataSource={rows.data ?? []} pagination={false} loading={rows.isLoading} locale={{ emptyText: '尚未派发' }}
        columns={[
          { key: 'dept', title: '接收部门', dataIndex: 'departmentName' },
          { key: 'sent', title: '派发时间', width: 170, render: (_, r) => formatDateTime(r.sentAt) },
          { key: 'due', title: '确认期限', width: 150, render: (_, r) => <Space size={4}>{r.dueDate}{r.dueProvisional && <Tag color="orange">暂定</Tag>}</Space> },
          {
            key: 'state', title: '状态', width: 240,
            render: (_, r) => r.confirmedAt ? <Tag color="green">{`${r.confirmedByName ?? ''} 于 ${formatDateTime(r.confirmedAt)} 确认`}</Tag>
              : r.overdue ? <Tag color="red">逾期未确认</Tag> : <Tag color="gold">待确认</Tag>,
          },
          {
            key: 'actions', title: '操作', width: 100,
            render: (_, r) => r.canConfirm && can('workflow:dispatch:confirm')
              ? <Button size="small" type="link" onClick={() => run(confirm.mutateAsync(r.departmentId), '已确认收到')}>确认收到</Button> : null,
          },
        ]}
      />
    </Card>
  );
}

function MergeOffers({ taskId }: { taskId: string }) {
  const offers = useMergeOffers(taskId);
  const merge = useMerge(taskId);
  const can = useCan();
  const { message } = App.useApp();
  if (!offers.data || offers.data.length === 0) return null;
  return (
    <Alert
      type="info" showIcon style={{ marginTop: 16 }} message="联合检查提议：以下主体同期也被其他任务抽中，可合并为一次检查（进一次门、查多项事）"
      description={offers.data.map((o) => (
        <div key={o.taskObjectId} style={{ marginTop: 4 }}>
          <Typography.Text strong>{o.entityName}</Typography.Text>：{o.others.map((x) => `${x.taskCode} ${x.taskName}（${x.periodStart} 至 ${x.periodEnd}）`).join('；')}
          {can('workflow:draw:operate') && (
            <Button size="small" type="link" onClick={() => void merge.mutateAsync({ objectId: o.taskObjectId, otherObjectIds: o.others.map((x) => x.taskObjectId) })
              .then(() => { message.success('已合并为联合检查'); }, (e: unknown) => { message.error(errorMessage(e)); })}>接受合并</Button>
          )}
        </div>
      ))}
    />
  );
}

/** The refusals that stop the matching before it runs: shown beside the controls until the next run. */
const REFUSAL_TITLES: Readonly<Record<string, string>> = {
  MATCHING_INFEASIBLE: '没有符合规则的检查人员分配', MATCHING_INVALID_INPUT: '匹配输入不符合规则（如直接委派的人员须回避或不符合条件）',
  DIRECT_APPOINTMENT_NOT_DECLARED: '不能直接委派', DIRECT_APPOINTMENT_NOT_NEEDED: '不能直接委派', VALIDATION_FAILED: '未执行匹配',
};

function Matching({ taskId, status }: { taskId: string; status: string }) {
  const matching = useMatching(taskId);
  const runMatching = useRunMatching(taskId);
  const can = useCan();
  const [date, setDate] = useState<Dayjs | null>(null);
  const [appointments, setAppointments] = useState<AppointmentBody[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const { message } = App.useApp();
  const run = () => {
    setFailure(null);
    const body = { ...(date ? { inspectionDate: date.format('YYYY-MM-DD') } : {}), ...(appointments.length > 0 ? { appointments } : {}) };
    runMatching.mutateAsync(body).then(() => { message.success('检查人员匹配完成'); }, (e: unknown) => {
      if (isApiError(e) && REFUSAL_TITLES[e.code]) setFailure(e);
      else message.error(errorMessage(e));
    });
  };
  const m = matching.data;
  const appointmentErrors = failure?.status === 400 ? failure.details : [];
  return (
    <Card size="small" title="检查人员随机匹配" style={{ marginTop: 16 }}>
      {m ? (
        <>
          <Descriptions size="small" column={2} items={[
            { key: 'date', label: '检查日期', children: m.inspectionDate },
            { key: 'time', label: '匹配时间', children: formatDateTime(m.createdAt) },
            { key: 'hash', label: '匹配记录哈希', children: <Typography.Text code copyable>{m.recordHash}</Typography.Text> },
            { key: 'download', label: '匹配记录', children: <a href={matchingRecordUrl(taskId)} download><DownloadOutlined /> 下载（可用 verify-match 复核）</a> },
          ]} />
          <Typography.Text type="secondary">每人承担的检查对象数：</Typography.Text>
          <Space wrap size={4} style={{ marginTop: 4 }}>{m.loads.map((l) => <Tag key={l.inspectorId}>{`${l.name}（${l.departmentName}）${l.objects}`}</Tag>)}</Space>
        </>
      ) : status === 'drawn' ? <Typography.Text type="secondary">派发后即可匹配检查人员。</Typography.Text> : can('workflow:matching:run') ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <DatePicker placeholder="检查日期（默认今天）" value={date} onChange={setDate} />
            <Button type="primary" loading={runMatching.isPending} onClick={run}>{appointments.length > 0 ? `执行匹配（含直接委派 ${appointments.length} 项）` : '执行匹配'}</Button>
          </Space>
          <DirectAppointments taskId={taskId} value={appointments} onChange={(v) => { setAppointments(v); setFailure(null); }} errors={appointmentErrors} />
        </Space>
      ) : <Typography.Text type="secondary">尚未匹配，由牵头部门执行。</Typography.Text>}
      {failure && !(failure.status === 400 && failure.details.some((d) => d.field.startsWith('appointments.'))) && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} message={REFUSAL_TITLES[failure.code] ?? '未执行匹配'}
          description={failure.status === 422 && failure.details.length > 0 ? <ul style={{ margin: 0, paddingLeft: 20 }}>{failure.details.map((d) => <li key={d.field}>{d.message}</li>)}</ul> : failure.message} />
      )}
    </Card>
  );
}

function Objects({ taskId }: { taskId: string }) {
  const objects = useTaskObjects(taskId);
  const matching = useMatching(taskId);
  const appointed = new Set(matching.data?.appointedMemberIds ?? []);
  const gone = useGoneObject(taskId);
  const me = useCurrentUser();
  const can = useCan();
  const { message } = App.useApp();
  const [target, setTarget] = useState<TaskObjectRow | null>(null);
  const [expertTarget, setExpertTarget] = useState<TaskObjectRow | null>(null);
  const departmentId = me.department?.id ?? null;
  const expertsOf = (o: TaskObjectRow) => (matching.data?.experts ?? []).filter((x) => x.taskObjectId === o.id);
  /** Experts of the object the caller, as head of their department, may replace. */
  const replaceable = (o: TaskObjectRow) => (can('workflow:replacement:approve') ? expertsOf(o).filter((x) => x.active && x.departmentId === departmentId) : []);
  return (
    <Card size="small" title="检查对象与检查组" style={{ marginTop: 16 }}>
      <Table<TaskObjectRow>
        scroll={{ x: 'max-content' }} size="small" rowKey="id" dataSource={objects.data ?? []} loading={objects.isLoading} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: '派发后显示检查对象' }}
        columns={[
          { key: 'entity', title: '检查对象', render: (_, o) => <Space direction="vertical" size={0}><span>{o.entityName}</span><Typography.Text type="secondary">{o.entityCode}</Typography.Text></Space> },
          { key: 'status', title: '状态', width: 150, render: (_, o) => <Space size={4} wrap><Tag color={o.status === 'pending' ? 'blue' : 'default'}>{o.statusLabel}</Tag>{o.fromReserve && <Tag color="purple">备选替补</Tag>}{o.visitId && <Tag color="cyan">{`联合检查：${o.visitTaskCodes.join('、')}`}</Tag>}</Space> },
          {
            key: 'team', title: '检查组（★ 组长）',
            render: (_, o) => <Space size={4} wrap>{o.team.filter((m) => m.active).map((m) => (
              <Tag key={m.memberId} color={m.role === 'leader' ? 'gold' : undefined} icon={m.role === 'leader' ? <CrownFilled /> : undefined}>{`${m.name}·${m.departmentName}${appointed.has(m.memberId) ? '·直接委派' : ''}`}</Tag>
            ))}{expertsOf(o).filter((x) => x.active).map((x) => <Tag key={x.teamExpertId} color="blue">{`${x.name}·专家·${x.organisation}`}</Tag>)}{[...o.team.filter((m) => !m.active), ...expertsOf(o).filter((x) => !x.active)].length > 0 && (
              <Typography.Text type="secondary" delete>{[...o.team.filter((m) => !m.active).map((m) => m.name), ...expertsOf(o).filter((x) => !x.active).map((x) => `${x.name}（专家）`)].join('、')}</Typography.Text>
            )}</Space>,
          },
          {
            key: 'actions', title: '操作', width: 160,
            render: (_, o) => o.status !== 'pending' ? null : (
              <Space size={0}>
                {can('workflow:replacement:request') && o.team.some((m) => m.active && m.departmentId === departmentId) && <Button size="small" type="link" onClick={() => setTarget(o)}>申请替换</Button>}
                {replaceable(o).length > 0 && <Button size="small" type="link" onClick={() => setExpertTarget(o)}>替换专家</Button>}
                {can('workflow:replacement:request') && GONE.has(o.entityStatus) && (
                  <Button size="small" type="link" danger onClick={() => void gone.mutateAsync(o.id).then(() => { message.success('已按规定处理'); }, (e: unknown) => { message.error(errorMessage(e)); })}>注销/迁出处理</Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {target && <ReplacementRequestDialog taskId={taskId} object={target} departmentId={departmentId} onClose={() => setTarget(null)} />}
      {expertTarget && <ExpertReplacementDialog taskId={taskId} object={expertTarget} experts={replaceable(expertTarget)} onClose={() => setExpertTarget(null)} />}
    </Card>
  );
}

function Replacements({ taskId }: { taskId: string }) {
  const rows = useReplacements(taskId);
  const decide = useDecideReplacement();
  const { message } = App.useApp();
  const [rejecting, setRejecting] = useState<ReplacementRow | null>(null);
  if (!rows.data || rows.data.length === 0) return null;
  return (
    <Card size="small" title="替换记录" style={{ marginTop: 16 }}>
      <Table<ReplacementRow>
        scroll={{ x: 'max-content' }} size="small" rowKey="id" dataSource={rows.data} pagination={false}
        columns={[
          { key: 'seq', title: '序号', dataIndex: 'seq', width: 60 },
          { key: 'kind', title: '类型', dataIndex: 'kindLabel', width: 90 },
          { key: 'what', title: '对象 / 人员', render: (_, r) => `${r.entityName ?? ''}${r.leavingName ? `：${r.leavingName} → ${r.chosenName ?? '（待系统确定）'}` : ''}` },
          { key: 'reason', title: '原因', width: 110, render: (_, r) => <span title={r.note ?? ''}>{r.reasonLabel}</span> },
          { key: 'by', title: '申请', width: 180, render: (_, r) => `${r.requestedByName} ${formatDateTime(r.requestedAt)}` },
          { key: 'status', title: '状态', width: 170, render: (_, r) => <Space size={4}><Tag color={r.status === 'pending' ? 'gold' : r.status === 'rejected' ? 'red' : 'green'}>{r.statusLabel}</Tag>{r.decidedByName}</Space> },
          {
            key: 'actions', title: '审批', width: 150,
            render: (_, r) => r.canDecide ? (
              <Space size={0}>
                <Popconfirm title="同意替换？替换人员由系统在符合条件的人员中随机确定" okText="同意" cancelText="取消"
                  onConfirm={() => void decide.mutateAsync({ id: r.id, approve: true, rowVersion: r.rowVersion }).then(() => { message.success('已同意，系统已确定替换人员'); }, (e: unknown) => { message.error(errorMessage(e)); })}>
                  <Button size="small" type="link">同意</Button>
                </Popconfirm>
                <Button size="small" type="link" danger onClick={() => setRejecting(r)}>不同意</Button>
              </Space>
            ) : null,
          },
        ]}
      />
      {rejecting && <RejectDialog row={rejecting} onClose={() => setRejecting(null)} />}
    </Card>
  );
}

export function DispatchTaskPage() {
  const { id = '' } = useParams();
  const tasks = useDispatchTasks();
  if (tasks.isLoading) return <PageLoading />;
  if (tasks.isError) return <Alert type="error" showIcon message={errorMessage(tasks.error)} />;
  const task = tasks.data?.find((t) => t.id === id);
  if (!task) return <Alert type="warning" showIcon message="任务不存在、不在派发与匹配阶段，或不在您的数据权限范围内" />;
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={3} title={`${task.code} ${task.name}`} items={[
          { key: 'lead', label: '牵头部门', children: task.leadDepartmentName },
          { key: 'period', label: '检查期间', children: `${task.periodStart} 至 ${task.periodEnd}` },
          { key: 'status', label: '状态', children: <Tag color="blue">{task.statusLabel}</Tag> },
        ]} />
      </Card>
      <Dispatches taskId={id} status={task.status} />
      <MergeOffers taskId={id} />
      <Matching taskId={id} status={task.status} />
      <Objects taskId={id} />
      <Replacements taskId={id} />
    </>
  );
}
