/**
 * The ceremony pages: /workflow/draws/:id (one attempt) and /workflow/draws/task/:taskId (a task's draw,
 * reached from the task detail: its latest attempt, or 开始抽取 when it has none), each with the task's
 * earlier attempts linked below (a redraw never hides the attempt it replaces).
 */
import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Result, Space, Table } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage, isApiError } from '../../api/client';
import { useDraw, useDrawList, useStartDraw, type DrawRow } from '../../api/draws';
import { useCan } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { PageLoading } from '../../components/page_states';
import { ValueTag } from '../../components/value_tag';
import { useRecordTitle } from '../../layout/record_title';
import { NotFoundPage } from '../error_pages';
import { CeremonyView } from './ceremony_view';
import { DRAW_STATUS_ENUM } from './draw_labels';
import { HashText } from './hash_text';

function Attempts({ rows, current }: { rows: readonly DrawRow[]; current: string | null }) {
  if (rows.length <= 1) return null;
  return (
    <Card variant="borderless" title="历次抽取" size="small">
      <Table<DrawRow>
        size="small" rowKey="id" pagination={false} dataSource={[...rows].sort((a, b) => b.attempt - a.attempt)} scroll={{ x: 'max-content' }}
        columns={[
          { title: '次数', key: 'attempt', render: (_, r) => (r.id === current ? `第 ${r.attempt} 次（当前）` : <Link to={`/workflow/draws/${r.id}`}>第 {r.attempt} 次</Link>) },
          { title: '状态', dataIndex: 'status', render: (s: string) => <ValueTag value={s} valueEnum={DRAW_STATUS_ENUM} /> },
          { title: '承诺哈希', dataIndex: 'commitmentHash', render: (h: string | null) => <HashText hash={h} copyable={false} /> },
          { title: '作废原因', dataIndex: 'voidReason', render: (v: string | null) => v ?? '—' },
          { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}

function useTaskDraws(taskId: string | undefined) {
  return useDrawList({ taskId, page: 1, pageSize: 100 }, Boolean(taskId));
}

export function DrawPage() {
  const { id } = useParams();
  const draw = useDraw(id, true);
  const attempts = useTaskDraws(draw.data?.taskId);
  useRecordTitle(draw.data ? `${draw.data.taskName} 第 ${draw.data.attempt} 次` : undefined);
  if (draw.isPending) return <PageLoading />;
  if (draw.isError) return isApiError(draw.error) && draw.error.status === 404 ? <NotFoundPage /> : <Alert type="error" showIcon title={errorMessage(draw.error)} />;
  const rows = attempts.data?.rows ?? [];
  const latest = rows.length === 0 || rows.every((r) => r.attempt <= draw.data.attempt);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <CeremonyView draw={draw.data} latest={latest} />
      <Attempts rows={rows} current={draw.data.id} />
    </Space>
  );
}

export function TaskDrawPage() {
  const { taskId } = useParams();
  const list = useTaskDraws(taskId);
  const start = useStartDraw();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const rows = list.data?.rows ?? [];
  const latest = rows.reduce<DrawRow | null>((a, r) => (a === null || r.attempt > a.attempt ? r : a), null);
  const draw = useDraw(latest?.id, true);
  if (list.isPending || (latest && draw.isPending)) return <PageLoading />;
  if (list.isError) return <Alert type="error" showIcon title={errorMessage(list.error)} />;
  if (!latest) {
    return (
      <Card variant="borderless">
        <Result
          icon={<PlayCircleOutlined />}
          title="该任务尚未抽取"
          subTitle="开始抽取后，先冻结名录并发布承诺，再由抽取监督员到场确认、录入开奖号码、执行抽取并公布凭证。抽取前须完成两库确认。"
          extra={can('workflow:draw:operate') && (
            <Button type="primary" size="large" loading={start.isPending} onClick={() => start.mutate({ taskId: taskId ?? '' }, {
              onSuccess: (next) => void navigate(`/workflow/draws/${next.id}`, { replace: true }),
              onError: (error) => { void message.error({ content: errorMessage(error), duration: 8 }); },
            })}
            >开始抽取</Button>
          )}
        />
      </Card>
    );
  }
  if (!draw.data) return draw.isError ? <Alert type="error" showIcon title={errorMessage(draw.error)} /> : <PageLoading />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <CeremonyView draw={draw.data} latest />
      <Attempts rows={rows} current={draw.data.id} />
    </Space>
  );
}
