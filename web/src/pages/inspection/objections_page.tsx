/**
 * 异议处理 (issue #10 item 6; 威海第11条): the objections of the caller's scope — status tabs, search, the deadline that
 * applies now in traffic-light colours — the drawer where one is reviewed, and 录入异议 for those received at the
 * counter or by mail. Reached from 待办 with `?id=…`, which opens that objection.
 */
import { Button, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { objectionsApi, type ObjectionView, type StaffObjectionBody } from '../../api/objections';
import { useCan } from '../../auth/current_user';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { EnterObjectionDialog } from './objection_dialogs';
import { ObjectionDrawer } from './objection_drawer';
import { dueLabel, OBJECTION_CHANNEL_ENUM, OBJECTION_STATUS_ENUM } from './objection_labels';
import { DeadlineTag } from './object_tags';

const TABS: readonly { key: string; label: string }[] = [
  { key: 'all', label: '全部' }, { key: 'overdue', label: '已逾期' }, { key: 'received', label: '已受理' }, { key: 'reviewing', label: '复核中' },
  { key: 'upheld', label: '成立待反馈' }, { key: 'dismissed', label: '不成立待反馈' }, { key: 'answered', label: '已反馈' },
];

export function ObjectionsPage() {
  const [search, setSearch] = useSearchParams();
  const [tab, setTab] = useState('all');
  const [entering, setEntering] = useState(false);
  const openId = search.get('id');
  const can = useCan();
  const open = (id: string | null) => setSearch(id ? { id } : {}, { replace: true });

  const columns = useMemo<ListColumn<ObjectionView>[]>(() => [
    { key: 'entityName', title: '检查对象', dataIndex: 'entityName', width: 220, ellipsis: true, required: true, search: { kind: 'text', name: 'keyword', placeholder: '名称、统一社会信用代码或任务编号' } },
    { key: 'creditCode', title: '统一社会信用代码', dataIndex: 'creditCode', width: 190, defaultHidden: true },
    { key: 'task', title: '抽查任务', width: 200, ellipsis: true, render: (row) => row.taskName },
    { key: 'channel', title: '渠道', dataIndex: 'channel', width: 90, valueEnum: OBJECTION_CHANNEL_ENUM },
    { key: 'receivedOn', title: '收到日期', dataIndex: 'receivedOn', width: 110, valueType: 'date' },
    { key: 'status', title: '状态', dataIndex: 'status', width: 110, valueEnum: OBJECTION_STATUS_ENUM },
    { key: 'due', title: '期限', width: 270, render: (row) => (row.currentDue ? <DeadlineTag label={dueLabel(row.status)} date={row.currentDue} provisional={row.dueProvisional} /> : null) },
    { key: 'reason', title: '异议理由', dataIndex: 'reason', width: 260, ellipsis: true, defaultHidden: true },
  ], []);

  return (
    <>
      <ListPage<ObjectionView, StaffObjectionBody, never, object>
        noun="异议"
        api={objectionsApi}
        columns={columns}
        rowKey={(row) => row.id}
        rowLabel={(row) => row.entityName}
        fixedParams={tab === 'all' ? {} : tab === 'overdue' ? { overdue: 'true' } : { status: tab }}
        header={<Tabs activeKey={tab} onChange={setTab} items={TABS.map((t) => ({ key: t.key, label: t.label }))} style={{ marginTop: -8 }} />}
        toolbarExtra={can('inspection:objection:enter') ? <Button type="primary" onClick={() => setEntering(true)}>录入异议</Button> : undefined}
        rowActions={(row) => [{ key: 'open', label: row.allowedEvents.length > 0 && can('inspection:objection:review') ? '办理' : '查看', onClick: () => open(row.id) }]}
        actionColumnWidth={90}
      />
      <ObjectionDrawer id={openId} onClose={() => open(null)} />
      {entering && <EnterObjectionDialog onClose={() => setEntering(false)} />}
    </>
  );
}
