/**
 * 检查通知 on the entity's home (server/modules/notices/entity_routes.ts; 渝北 附件2): the 行政检查通知书 numbered for
 * the signed-in entity — number, task, department, the planned inspection date and how it was delivered.
 */
import { Alert, Card, Descriptions, List, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { useEntityNotices, type EntityNotice } from '../../api/notices';
import { formatDate } from '../../components/format';

function delivery(n: EntityNotice): string {
  if (!n.deliveryMethodLabel) return '待送达';
  return n.deliveredAt ? `${n.deliveryMethodLabel}（${formatDate(n.deliveredAt)}）` : n.deliveryMethodLabel;
}

export function EntityNotices() {
  const notices = useEntityNotices(true);
  const rows = notices.data?.rows ?? [];
  return (
    <Card size="small" title="检查通知" data-entity-notices loading={notices.isPending}>
      {notices.isError && <Alert type="error" showIcon title="检查通知加载失败" description={errorMessage(notices.error)} />}
      {notices.data && rows.length === 0 && <Typography.Text type="secondary">暂无检查通知</Typography.Text>}
      {rows.length > 0 && (
        <List size="small" dataSource={rows} renderItem={(n) => (
          <List.Item style={{ paddingInline: 0, display: 'block' }}>
            <Typography.Text strong style={{ wordBreak: 'break-all' }}>{n.number}</Typography.Text>
            <Descriptions size="small" column={1} style={{ marginTop: 4 }} items={[
              { key: 'task', label: '抽查任务', children: n.taskName },
              { key: 'dept', label: '检查部门', children: n.departmentName },
              { key: 'date', label: '检查日期', children: n.inspectionDate ?? '另行通知' },
              { key: 'delivery', label: '送达方式', children: delivery(n) },
            ]} />
          </List.Item>
        )} />
      )}
    </Card>
  );
}
