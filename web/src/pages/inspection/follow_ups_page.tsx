/**
 * 后续处置 (issue #10 item 7): what the department started (我部门发起) and what other departments transferred to it
 * (移送给我部门), 未完结 first; the drawer shows the result, the timeline and the caller's actions. Reached from 待办 as
 * `/inspection/follow-ups/:id`, which opens that follow-up's drawer.
 */
import { Tabs, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { followUpsApi, type FollowUpRow } from '../../api/follow_ups';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { FollowUpDrawer } from './follow_up_drawer';
import { FOLLOW_UP_STATUS_ENUM } from './follow_up_labels';

const TABS: readonly { key: string; label: string }[] = [
  { key: 'incoming', label: '移送给我部门' }, { key: 'outgoing', label: '我部门发起' }, { key: 'all', label: '全部' },
];
const COMPLETION = [{ value: 'open', label: '未完结' }, { value: 'closed', label: '已完结' }];

function transferredTo(row: FollowUpRow): string {
  return row.receiverDepartmentName ?? row.judicialOrganName ?? '—';
}

export function FollowUpsPage() {
  const [search] = useSearchParams();
  const { id: routeId } = useParams();
  const navigate = useNavigate();
  const [tab, setTab] = useState(() => {
    const box = search.get('box');
    return box && TABS.some((t) => t.key === box) ? box : 'outgoing';
  });
  const [openId, setOpenId] = useState<string | null>(routeId ?? null);
  function closeDrawer() {
    setOpenId(null);
    if (routeId) void navigate('/inspection/follow-ups', { replace: true });
  }

  const columns = useMemo<ListColumn<FollowUpRow>[]>(() => [
    { key: 'entityName', title: '检查对象', dataIndex: 'entityName', width: 220, ellipsis: true, required: true, search: { kind: 'text', name: 'keyword', placeholder: '名称、统一社会信用代码或任务编号' } },
    { key: 'status', title: '状态', dataIndex: 'status', width: 130, valueEnum: FOLLOW_UP_STATUS_ENUM, search: { kind: 'select', name: 'status' } },
    { key: 'completion', title: '完结情况', dataIndex: 'completionLabel', width: 90, search: { kind: 'select', name: 'completion', options: COMPLETION } },
    { key: 'resultCategory', title: '检查结果', dataIndex: 'resultCategoryLabel', width: 180, ellipsis: true },
    { key: 'measure', title: '处置', width: 160, render: (row) => row.measureLabel ?? (row.listingSuggestion ? '建议列入经营异常名录' : row.disposalLabel) ?? '—' },
    { key: 'owner', title: '发起部门', dataIndex: 'ownerDepartmentName', width: 200, ellipsis: true },
    { key: 'receiver', title: '移送至', width: 200, ellipsis: true, render: transferredTo },
    {
      key: 'dueDate', title: '期限', width: 130,
      render: (row) => (row.dueDate ? <Tag color={row.overdue ? 'red' : 'default'}>{`${row.dueDate}${row.overdue ? ' 已逾期' : ''}`}</Tag> : null),
    },
    { key: 'listing', title: '经营异常名录', width: 120, render: (row) => (row.listingSuggestion ? <Tag color="orange">建议列入</Tag> : null), defaultHidden: true },
    { key: 'task', title: '抽查任务', width: 220, ellipsis: true, render: (row) => `${row.taskCode} ${row.taskName}`, defaultHidden: true },
  ], []);

  return (
    <>
      <ListPage<FollowUpRow, never, never, object>
        noun="后续处置"
        api={followUpsApi}
        columns={columns}
        rowKey={(row) => row.id}
        rowLabel={(row) => row.entityName}
        fixedParams={tab === 'all' ? {} : { box: tab }}
        header={<Tabs activeKey={tab} onChange={setTab} items={TABS.map((t) => ({ key: t.key, label: t.label }))} style={{ marginTop: -8 }} />}
        rowActions={(row) => [{ key: 'open', label: row.status === 'awaiting' && tab === 'incoming' ? '接收' : '办理', onClick: () => setOpenId(row.id) }]}
        actionColumnWidth={90}
      />
      <FollowUpDrawer id={openId} onClose={closeDrawer} />
    </>
  );
}
