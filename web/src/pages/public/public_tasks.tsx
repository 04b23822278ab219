/**
 * 抽查任务公示 (长春第4条、第13条; 东胜 四（四）): every published task with its period and departments, linking to its
 * 实施方案 (/public/tasks/:id), the draw's commitment and receipt and the matching record.
 */
import { Alert, Card, Empty, Pagination, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { usePublicTasks, type PublicTaskRow } from '../../api/portal';
import { formatDate } from '../../components/format';
import type { SearchField } from '../../components/list_types';
import { SearchForm } from '../../components/search_form';
import { useListQuery } from '../../components/url_query';

const FILTERS = ['year', 'keyword'];

export function taskPath(id: string): string {
  return `/public/tasks/${encodeURIComponent(id)}`;
}

function TaskCard({ task }: { task: PublicTaskRow }) {
  return (
    <Card size="small" title={<Link to={taskPath(task.id)} style={{ whiteSpace: 'normal' }}>{task.name}</Link>} extra={<Tag>{task.status}</Tag>}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{task.code} · {task.kind}{task.planName ? `（${task.planName}）` : ''}</Typography.Text>
        <span>牵头部门：{task.leadDepartmentName}{task.participatingDepartmentNames.length > 0 ? `；参与部门：${task.participatingDepartmentNames.join('、')}` : ''}</span>
        <span>实施期间：{formatDate(task.periodStart)} 至 {formatDate(task.periodEnd)}</span>
        <Space wrap size={12}>
          <Link to={taskPath(task.id)}>实施方案</Link>
          {task.publishedDrawId && <Link to={`/public/draws/${encodeURIComponent(task.publishedDrawId)}`}>抽取凭证与复核</Link>}
          {task.matchingPublished && <Link to={`${taskPath(task.id)}#matching`}>检查人员匹配记录</Link>}
        </Space>
      </Space>
    </Card>
  );
}

export function PublicTasks() {
  const query = useListQuery(FILTERS, 10);
  const tasks = usePublicTasks({ ...query.filters, page: query.page, pageSize: query.pageSize });
  const fields: SearchField[] = [
    { kind: 'text', name: 'year', label: '年度', placeholder: '如 2026' },
    { kind: 'text', name: 'keyword', label: '任务名称或编号', placeholder: '任务名称或编号中的字词' },
  ];
  return (
    <>
      <SearchForm fields={fields} filters={query.filters} onSearch={query.search} />
      {tasks.isError && <Alert type="error" showIcon title="查询失败" description={errorMessage(tasks.error)} style={{ marginBottom: 16 }} />}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {(tasks.data?.rows ?? []).map((t) => <TaskCard key={t.id} task={t} />)}
        {tasks.data?.total === 0 && <Empty description="没有已发布的抽查任务" />}
        {tasks.data && tasks.data.total > query.pageSize && <Pagination current={query.page} pageSize={query.pageSize} total={tasks.data.total} onChange={query.setPage} size="small" />}
      </Space>
    </>
  );
}
