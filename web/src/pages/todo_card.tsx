/**
 * 待办 on the 工作台: what is due for this user (GET /api/todos), overdue first, each with a traffic light — red 逾期,
 * orange due within 3 working days, green otherwise — the rule it comes from on hover, and a link to its record.
 */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Card, List, Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { useTodos, type TodoItemRow } from '../api/insight';
import { EmptyState } from '../components/page_states';

/** Items per page of the card: the overdue ones come first, the rest a click away. */
const PAGE_SIZE = 8;

const URGENCY: Readonly<Record<TodoItemRow['urgency'], { color: string; label: (item: TodoItemRow) => string }>> = {
  overdue: { color: 'red', label: (item) => (item.dueOn ? `已逾期（${item.dueOn}）` : '已逾期') },
  soon: { color: 'orange', label: (item) => `即将到期（${item.dueOn ?? ''}）` },
  normal: { color: 'green', label: (item) => (item.dueOn ? `${item.dueOn} 前` : '待办理') },
};

function TodoRow({ item }: { item: TodoItemRow }) {
  const urgency = URGENCY[item.urgency];
  return (
    <List.Item>
      <Space align="start" style={{ width: '100%' }} wrap={false}>
        <Tooltip title={`依据：${item.source}`}>
          <Tag color={urgency.color} style={{ marginInlineEnd: 0 }}>{urgency.label(item)}{item.provisional ? '（暂定）' : ''}</Tag>
        </Tooltip>
        <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
          <Tooltip title={`依据：${item.source}`} placement="topLeft">
            <Link to={item.link}>{item.title}</Link>
          </Tooltip>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{item.kindLabel}</Typography.Text>
        </Space>
      </Space>
    </List.Item>
  );
}

export function TodoCard() {
  const todos = useTodos();
  const items = todos.data?.items ?? [];
  const overdue = todos.data?.overdue ?? 0;
  return (
    <Card
      title={<Space>待办<Badge count={items.length} showZero color={overdue > 0 ? 'red' : 'blue'} overflowCount={99} /></Space>}
      extra={overdue > 0 ? <Typography.Text type="danger">{overdue} 项已逾期</Typography.Text> : null}
      loading={todos.isPending}
      data-testid="todo-card"
    >
      {todos.isError ? <Typography.Text type="secondary">待办暂时无法加载</Typography.Text> : (
        <List
          size="small"
          dataSource={items}
          pagination={items.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, size: 'small', showSizeChanger: false } : false}
          locale={{ emptyText: <EmptyState description="目前没有需要您办理或即将到期的事项" /> }}
          renderItem={(item) => <TodoRow key={`${item.kind}:${item.recordId}`} item={item} />}
        />
      )}
    </Card>
  );
}

/** The header's bell: how many 待办 (red when one is overdue), linking to the 工作台. */
export function TodoBell() {
  const todos = useTodos();
  const count = todos.data?.items.length ?? 0;
  const overdue = todos.data?.overdue ?? 0;
  return (
    <Tooltip title={count === 0 ? '暂无待办' : `待办 ${count} 项${overdue > 0 ? `，其中 ${overdue} 项已逾期` : ''}`}>
      <Link to="/" aria-label="待办" data-testid="todo-bell" style={{ display: 'inline-flex', padding: '0 6px', flex: 'none' }}>
        <Badge count={count} size="small" color={overdue > 0 ? 'red' : 'blue'} overflowCount={99}>
          <BellOutlined style={{ fontSize: 18, color: 'rgba(0,0,0,.65)' }} />
        </Badge>
      </Link>
    </Tooltip>
  );
}
