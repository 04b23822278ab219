/**
 * 我的检查 (issue #10 item 1): the objects of dispatched tasks where the user is on the team — cards on a phone, a table
 * on a desktop — with the deadline as a traffic light, the result's state and what still waits on this device.
 * Readable offline: the last answer is kept on the device (offline/offline_cache.ts).
 */
import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Card, Grid, Input, List, Segmented, Space, Table, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { objectQuery, useMyObjects, type MyObjectRow } from '../../api/inspection';
import { formatDateTime } from '../../components/format';
import { EmptyState, PageLoading } from '../../components/page_states';
import { OutboxBanner } from '../../offline/offline_status';
import { useOnline, useOutboxEntries } from '../../offline/outbox_instance';
import { objectDue } from './due_light';
import { mapLink, ObjectTags } from './object_tags';

type Show = 'todo' | 'all';

const objectPath = (row: MyObjectRow) => `/inspection/objects/${row.taskObjectId}`;

/** Still to do first, the nearest deadline first. */
function byDue(a: MyObjectRow, b: MyObjectRow): number {
  const da = objectDue(a)?.date ?? '9999-12-31';
  const db = objectDue(b)?.date ?? '9999-12-31';
  return da === db ? a.entity.name.localeCompare(b.entity.name, 'zh-CN') : da < db ? -1 : 1;
}

/** How many of the day's objects are fetched ahead, so that they open without a connection later. */
const KEEP_AHEAD = 50;

/**
 * While online, the objects still to do are fetched ahead (their items and team kept on the device by the query), and
 * the object page's code is loaded so the service worker keeps it too.
 */
function useKeepAhead(rows: readonly MyObjectRow[] | undefined, online: boolean) {
  const client = useQueryClient();
  useEffect(() => {
    if (!online || !rows) return;
    void import('./object_page');
    const todo = rows.filter((row) => objectDue(row) !== null).slice(0, KEEP_AHEAD);
    void (async () => {
      for (const row of todo) await client.prefetchQuery({ ...objectQuery(row.taskObjectId), staleTime: 60_000 }).catch(() => undefined);
    })();
  }, [rows, online, client]);
}

function AddressLink({ address }: { address: string | null }) {
  if (!address) return <Typography.Text type="secondary">（无登记地址）</Typography.Text>;
  return (
    <a href={mapLink(address)} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
      <EnvironmentOutlined /> {address}
    </a>
  );
}

function ObjectCard({ row, waiting }: { row: MyObjectRow; waiting: boolean }) {
  const navigate = useNavigate();
  return (
    <Card size="small" hoverable onClick={() => void navigate(objectPath(row))} data-testid="object-card" styles={{ body: { padding: 12 } }}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Link to={objectPath(row)} style={{ fontSize: 16, fontWeight: 600 }}>{row.entity.name}</Link>
        <ObjectTags row={row} waiting={waiting} />
        <AddressLink address={row.entity.address} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${row.taskCode} ${row.taskName}`}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`检查组：${row.teamSummary}`}</Typography.Text>
      </Space>
    </Card>
  );
}

export function MyObjectsPage() {
  const query = useMyObjects();
  const entries = useOutboxEntries();
  const narrow = Grid.useBreakpoint().md === false;
  const [show, setShow] = useState<Show>('todo');
  const [keyword, setKeyword] = useState('');
  const waitingIds = useMemo(() => new Set(entries.map((entry) => entry.taskObjectId)), [entries]);
  useKeepAhead(query.data && !query.data.offlineSince ? query.data.value.rows : undefined, useOnline());

  const rows = useMemo(() => {
    const all = query.data?.value.rows ?? [];
    const text = keyword.trim();
    return all
      .filter((row) => show === 'all' || objectDue(row) !== null || waitingIds.has(row.taskObjectId))
      .filter((row) => !text || row.entity.name.includes(text) || row.entity.creditCode.includes(text.toUpperCase()) || row.taskName.includes(text))
      .sort(byDue);
  }, [query.data, show, keyword, waitingIds]);

  if (query.isPending) return <PageLoading />;
  if (query.isError) return <Alert type="error" showIcon title="检查对象加载失败" description={errorMessage(query.error)} />;

  const filters = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Segmented<Show> value={show} onChange={setShow} options={[{ value: 'todo', label: '待办' }, { value: 'all', label: '全部' }]} />
      <Input.Search allowClear placeholder="名称、信用代码或任务" style={{ width: narrow ? 220 : 280 }} onSearch={setKeyword} onChange={(e) => { if (!e.target.value) setKeyword(''); }} />
    </Space>
  );

  return (
    <Card variant="borderless" title="我的检查" styles={{ body: { padding: narrow ? 12 : 20 } }}>
      <OutboxBanner />
      {query.data.offlineSince && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`无法连接服务器，显示的是本机保存的数据（${formatDateTime(query.data.offlineSince)}）`} />
      )}
      {filters}
      {narrow ? (
        <List
          dataSource={rows}
          locale={{ emptyText: <EmptyState description={show === 'todo' ? '没有待办的检查对象' : '没有检查对象'} /> }}
          renderItem={(row) => <List.Item style={{ padding: '6px 0', border: 'none' }}><div style={{ width: '100%' }}><ObjectCard row={row} waiting={waitingIds.has(row.taskObjectId)} /></div></List.Item>}
        />
      ) : (
        <Table<MyObjectRow>
          rowKey="taskObjectId" size="middle" dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState description={show === 'todo' ? '没有待办的检查对象' : '没有检查对象'} /> }}
          columns={[
            {
              key: 'entity', title: '检查对象',
              render: (_, row) => <Space orientation="vertical" size={0}><Link to={objectPath(row)}>{row.entity.name}</Link><Typography.Text type="secondary">{row.entity.creditCode}</Typography.Text></Space>,
            },
            { key: 'state', title: '状态与期限', width: 300, render: (_, row) => <ObjectTags row={row} waiting={waitingIds.has(row.taskObjectId)} /> },
            { key: 'address', title: '地址', width: 280, render: (_, row) => <AddressLink address={row.entity.address} /> },
            { key: 'task', title: '抽查任务', width: 240, render: (_, row) => `${row.taskCode} ${row.taskName}` },
            { key: 'team', title: '检查组', width: 200, dataIndex: 'teamSummary' },
          ]}
        />
      )}
    </Card>
  );
}
