/**
 * 抽取记录 on the task page: the task's draw attempts (GET /api/draws?taskId=), the latest one's status and receipt
 * hash read-only, and the way on to 派发与匹配 once the task is 已抽取 or later.
 */
import { Card, Descriptions, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { TaskDrawLink } from '../draws/task_draw_link';
import type { TaskStatus } from '../../../../domain/workflow/task_states';
import { useCan } from '../../auth/current_user';
import { useTaskDraws, type DrawRow } from '../../api/tasks';
import { formatDateTime } from '../../components/format';

/** The statuses from which the task's objects are dispatched and matched (/workflow/dispatch/:taskId). */
const DISPATCH_STATUSES: readonly TaskStatus[] = ['drawn', 'dispatched', 'inspecting', 'completed'];

export function TaskDrawsCard({ taskId, status }: { taskId: string; status: TaskStatus }) {
  const can = useCan();
  const draws = useTaskDraws(taskId, can('workflow:draw:list'));
  const rows = [...(draws.data?.rows ?? [])].sort((a, b) => b.attempt - a.attempt);
  const latest = rows[0];
  const dispatchLink = DISPATCH_STATUSES.includes(status) && can('workflow:task:list')
    ? <Link to={`/workflow/dispatch/${taskId}`}>派发与匹配</Link> : null;
  if (!can('workflow:draw:list')) return dispatchLink ? <Card size="small" title="抽取与派发">{dispatchLink}</Card> : null;
  const ceremony = ['published', 'drawing', ...DISPATCH_STATUSES].includes(status) ? <TaskDrawLink taskId={taskId} /> : null;
  return (
    <Card size="small" title="抽取记录" extra={<Space>{ceremony}{dispatchLink}</Space>}>
      {latest ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={3} items={[
            { key: 'attempt', label: '最近一次', children: `第 ${latest.attempt} 次抽取` },
            { key: 'status', label: '状态', children: latest.statusLabel },
            { key: 'date', label: '抽取日期', children: latest.drawDate ?? '—' },
            { key: 'receipt', label: '凭证哈希', span: 3, children: latest.receiptHash
              ? <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{latest.receiptHash}</Typography.Text> : '尚未公示' },
          ]} />
          {rows.length > 1 && (
            <Table<DrawRow> size="small" rowKey="id" pagination={false} dataSource={rows} columns={[
              { title: '次序', dataIndex: 'attempt', render: (v: number) => `第 ${v} 次` },
              { title: '状态', dataIndex: 'statusLabel' },
              { title: '作废原因', dataIndex: 'voidReason', render: (v: string | null) => v ?? '—' },
              { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            ]} />
          )}
        </Space>
      ) : <Typography.Text type="secondary">{draws.isPending ? '加载中…' : '尚未抽取'}</Typography.Text>}
    </Card>
  );
}
