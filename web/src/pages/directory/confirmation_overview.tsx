/**
 * 各部门两库确认情况 (issue #8 item 8; 长春第7条): for the 双随机办, every department of its region with each directory
 * 已确认, 即将到期 (lapsing within the 待办's warning window) or 已逾期 (a draw would be refused), filtered by status.
 * 「查看」 opens the department in the status card below.
 */
import { Alert, Button, Card, Grid, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useConfirmationOverview, type OverviewRow } from '../../api/directory';
import { ValueTag } from '../../components/value_tag';

const STATUS_ENUM = {
  overdue: { text: '已逾期', color: 'red' },
  due: { text: '即将到期', color: 'orange' },
  confirmed: { text: '已确认', color: 'green' },
} as const;

type Status = OverviewRow['status'];
type DirectoryCell = OverviewRow['directories'][number];

function DirectoryState({ state }: { state: DirectoryCell | undefined }) {
  if (!state) return <span>—</span>;
  return (
    <Space orientation="vertical" size={0}>
      <ValueTag value={state.overviewStatus} valueEnum={STATUS_ENUM} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {state.lastConfirmedOn ? `确认于 ${state.lastConfirmedOn}，有效至 ${state.validUntil ?? ''}` : '从未确认'}
      </Typography.Text>
    </Space>
  );
}

export function ConfirmationOverviewCard({ onOpen }: { onOpen: (departmentId: string) => void }) {
  const [status, setStatus] = useState<Status | 'all'>('all');
  const overview = useConfirmationOverview(status === 'all' ? undefined : status);
  // On a phone the time limit goes below the title, which has no room for it.
  const narrow = Grid.useBreakpoint().md === false;
  const data = overview.data;
  if (overview.isError) return <Alert type="error" showIcon title={errorMessage(overview.error)} />;
  // One department (a department's own staff) is the status card below: no overview.
  if (!data || data.totals.confirmed + data.totals.due + data.totals.overdue <= 1) return null;
  const { totals } = data;
  const limit = <Typography.Text type="secondary">确认时限 {data.maxAgeDays} 天，到期前 {data.warnDays} 天提示</Typography.Text>;
  return (
    <Card title="各部门两库确认情况" variant="borderless" extra={narrow ? undefined : limit}>
      {narrow && <div style={{ marginBottom: 12 }}>{limit}</div>}
      <Segmented<Status | 'all'>
        value={status} onChange={setStatus} style={{ marginBottom: 16, maxWidth: '100%', overflowX: 'auto' }}
        options={[
          { value: 'all', label: `全部 ${totals.confirmed + totals.due + totals.overdue}` },
          { value: 'overdue', label: `已逾期 ${totals.overdue}` },
          { value: 'due', label: `即将到期 ${totals.due}` },
          { value: 'confirmed', label: `已确认 ${totals.confirmed}` },
        ]}
      />
      <Table<OverviewRow>
        size="small" rowKey="departmentId" dataSource={data.rows} loading={overview.isFetching} pagination={data.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 760 }}
        columns={[
          { key: 'department', title: '部门', render: (_, r) => <span>{r.departmentName}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.regionName}</Typography.Text></span> },
          { key: 'status', title: '状态', width: 100, render: (_, r) => <ValueTag value={r.status} valueEnum={STATUS_ENUM} /> },
          { key: 'entities', title: '检查对象名录库', width: 230, render: (_, r) => <DirectoryState state={r.directories.find((d) => d.directory === 'entities')} /> },
          { key: 'inspectors', title: '执法检查人员名录库', width: 230, render: (_, r) => <DirectoryState state={r.directories.find((d) => d.directory === 'inspectors')} /> },
          { key: 'actions', title: '操作', width: 70, render: (_, r) => <Button type="link" size="small" onClick={() => onOpen(r.departmentId)}>查看</Button> },
        ]}
      />
    </Card>
  );
}
