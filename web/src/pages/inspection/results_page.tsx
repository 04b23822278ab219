/**
 * 检查结果 (issue #10 item 4): the department's list — status tabs, search form, toolbar with 批量公示, table, pagination
 * — and the result drawer where it is reviewed (退回 / 通过), published, and corrected.
 */
import { App, Button, Popconfirm, Tabs, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { resultsApi, usePublishResults, type ResultRow } from '../../api/inspection';
import { useCan } from '../../auth/current_user';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { DeadlineTag } from './object_tags';
import { RESULT_STATUS_ENUM } from './result_labels';
import { ResultDrawer } from './result_drawer';
import { TaskPublishButton } from './task_publish_button';

const TABS: readonly { key: string; label: string }[] = [
  { key: 'submitted', label: '待审核' }, { key: 'approved', label: '待公示' }, { key: 'published', label: '已公示' },
  { key: 'returned', label: '已退回' }, { key: 'all', label: '全部' },
];

function publishDueTag(row: ResultRow) {
  if (!row.publishDue || row.status === 'published') return null;
  return <DeadlineTag label="公示期限" date={row.publishDue} provisional={row.dueProvisional} />;
}

/**
 * Also reached from 待办: `?taskId=…&status=submitted|approved` (a task's results to review or publish) and
 * `/inspection/results/:id` (a correction to approve), which opens that result's drawer.
 */
export function ResultsPage() {
  const [search] = useSearchParams();
  const { id: routeId } = useParams();
  const navigate = useNavigate();
  const [tab, setTab] = useState(() => {
    const status = search.get('status');
    return status && TABS.some((t) => t.key === status) ? status : 'submitted';
  });
  const [taskId, setTaskId] = useState(() => search.get('taskId'));
  const [openId, setOpenId] = useState<string | null>(routeId ?? null);
  function closeDrawer() {
    setOpenId(null);
    if (routeId) void navigate('/inspection/results', { replace: true });
  }
  const can = useCan();
  const { message } = App.useApp();
  const publishMany = usePublishResults();

  const columns = useMemo<ListColumn<ResultRow>[]>(() => [
    { key: 'entityName', title: '检查对象', dataIndex: 'entityName', width: 220, ellipsis: true, required: true, search: { kind: 'text', name: 'keyword', placeholder: '名称或统一社会信用代码' } },
    { key: 'creditCode', title: '统一社会信用代码', dataIndex: 'creditCode', width: 190 },
    { key: 'task', title: '抽查任务', width: 240, ellipsis: true, render: (row) => `${row.taskCode} ${row.taskName}` },
    { key: 'status', title: '状态', dataIndex: 'status', width: 90, valueEnum: RESULT_STATUS_ENUM },
    { key: 'resultCategory', title: '检查结果', dataIndex: 'resultCategoryLabel', width: 200, ellipsis: true },
    { key: 'correction', title: '更正', width: 90, render: (row) => (row.pendingCorrection ? <Tag color="gold">待审批</Tag> : null), defaultHidden: true },
    { key: 'checkDate', title: '检查日期', dataIndex: 'checkDate', width: 110, valueType: 'date' },
    { key: 'submittedAt', title: '提交时间', dataIndex: 'submittedAt', width: 170, valueType: 'dateTime', defaultHidden: true },
    { key: 'publishDue', title: '公示期限', width: 200, render: publishDueTag },
  ], []);

  return (
    <>
      <ListPage<ResultRow, never, never, object>
        noun="检查结果"
        api={resultsApi}
        columns={columns}
        rowKey={(row) => row.id}
        rowLabel={(row) => row.entityName}
        fixedParams={{ ...(tab === 'all' ? {} : { status: tab }), ...(taskId ? { taskId } : {}) }}
        header={(
          <Tabs activeKey={tab} onChange={setTab} items={TABS.map((t) => ({ key: t.key, label: t.label }))} style={{ marginTop: -8 }}
            tabBarExtraContent={taskId ? <Tag closable onClose={() => setTaskId(null)} color="blue">仅本任务的结果</Tag> : null} />
        )}
        toolbarExtra={taskId ? <TaskPublishButton taskId={taskId} /> : null}
        rowActions={(row) => [
          { key: 'open', label: row.status === 'submitted' ? '审核' : '查看', onClick: () => setOpenId(row.id) },
          ...(taskId ? [] : [{ key: 'task', label: '只看本任务', onClick: () => setTaskId(row.taskId) }]),
        ]}
        actionColumnWidth={taskId ? 90 : 140}
        batchActions={can('inspection:result:publish') ? (selected, clear) => {
          const notApproved = selected.filter((row) => row.status !== 'approved');
          const disabled = selected.length === 0 || notApproved.length > 0;
          return (
            <Tooltip title={notApproved.length > 0 ? `只能公示已通过审核的结果（${notApproved[0]?.entityName ?? ''} 等 ${notApproved.length} 条不是）` : '公示选中的结果：全部成功或全部不公示'}>
              <Popconfirm title={`公示选中的 ${selected.length} 条结果？公示后不可修改，只能更正。`} okText="公示" cancelText="取消" disabled={disabled}
                onConfirm={() => void publishMany.mutateAsync(selected.map((row) => row.id)).then(
                  () => { message.success(`已公示 ${selected.length} 条`); clear(); },
                  (e: unknown) => { message.error(`未公示：${errorMessage(e)}`); },
                )}>
                <Button type="primary" disabled={disabled} loading={publishMany.isPending}>{`批量公示${selected.length > 0 ? `（${selected.length}）` : ''}`}</Button>
              </Popconfirm>
            </Tooltip>
          );
        } : undefined}
      />
      <ResultDrawer id={openId} onClose={closeDrawer} />
    </>
  );
}
