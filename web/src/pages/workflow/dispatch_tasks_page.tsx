/** 计划与抽取 → 派发与匹配: tasks whose draw is done, awaiting dispatch, confirmations or inspector matching. */
import { Alert, Card, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { useDispatchTasks, type DispatchTaskRow } from '../../api/dispatch';

export function DispatchTasksPage() {
  const tasks = useDispatchTasks();
  if (tasks.isError) return <Alert type="error" showIcon message={errorMessage(tasks.error)} />;
  return (
    <Card title="派发与匹配" size="small">
      <Table<DispatchTaskRow>
        scroll={{ x: 'max-content' }} size="small" rowKey="id" loading={tasks.isLoading} dataSource={tasks.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '没有待派发或待匹配的任务' }}
        columns={[
          { key: 'code', title: '任务编号', dataIndex: 'code', width: 150 },
          { key: 'name', title: '任务名称', render: (_, row) => <Link to={`/workflow/dispatch/${row.id}`}>{row.name}</Link> },
          { key: 'lead', title: '牵头部门', dataIndex: 'leadDepartmentName' },
          { key: 'period', title: '检查期间', width: 200, render: (_, row) => `${row.periodStart} 至 ${row.periodEnd}` },
          { key: 'status', title: '状态', width: 90, render: (_, row) => <Tag color={row.status === 'drawn' ? 'orange' : 'blue'}>{row.statusLabel}</Tag> },
          { key: 'objects', title: '待检查对象', dataIndex: 'objects', width: 100 },
          { key: 'unconfirmed', title: '未确认部门', width: 100, render: (_, row) => (row.unconfirmed > 0 ? <Tag color="red">{row.unconfirmed}</Tag> : '—') },
          { key: 'matched', title: '检查人员', width: 90, render: (_, row) => (row.matched ? <Tag color="green">已匹配</Tag> : <Tag>未匹配</Tag>) },
        ]}
      />
    </Card>
  );
}
