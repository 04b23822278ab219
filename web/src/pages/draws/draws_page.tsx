/**
 * 计划与抽取 → 随机抽取: every draw attempt in the caller's scope with its status, and at the top the
 * 待办 of the signed-in user — for a 抽取监督员 the draws awaiting their presence, for an operator the
 * draws waiting for their next step — each opening the ceremony page where it is done.
 */
import { Alert, Card, List, Space, Typography } from 'antd';
import { useNavigate, Link } from 'react-router';
import { drawsApi, useDrawList, type DrawRow } from '../../api/draws';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { ValueTag } from '../../components/value_tag';
import { DRAW_EVENT_LABELS, DRAW_STATUS_ENUM } from './draw_labels';

const COLUMNS: readonly ListColumn<DrawRow>[] = [
  { key: 'taskName', title: '抽查任务', render: (row) => <Link to={`/workflow/draws/${row.id}`}>{row.taskName}</Link>, width: 260, ellipsis: true },
  { key: 'taskCode', title: '任务编号', dataIndex: 'taskCode', width: 170 },
  { key: 'attempt', title: '次数', render: (row) => `第 ${row.attempt} 次`, width: 80 },
  { key: 'status', title: '状态', dataIndex: 'status', valueEnum: DRAW_STATUS_ENUM, search: true, width: 150 },
  { key: 'poolSize', title: '名录数', render: (row) => row.poolSize?.toLocaleString('zh-CN') ?? '—', width: 100 },
  { key: 'operatorName', title: '操作人', dataIndex: 'operatorName', width: 100 },
  { key: 'supervisors', title: '监督员', render: (row) => (row.supervisors.length > 0 ? row.supervisors.map((s) => s.name ?? '—').join('、') : `待确认（需 ${row.requiredSupervisors} 名）`), width: 160 },
  { key: 'drawDate', title: '抽取日期', dataIndex: 'drawDate', valueType: 'date', width: 110 },
  { key: 'createdAt', title: '创建时间', dataIndex: 'createdAt', valueType: 'dateTime', width: 170 },
];

/** The events other than 作废 that the caller can do now, i.e. what waits for them. */
function waitingFor(row: DrawRow): string[] {
  return row.actions.filter((a) => a !== 'void').map((a) => DRAW_EVENT_LABELS[a]);
}

function DueDraws() {
  const navigate = useNavigate();
  // The running statuses only; the server computes `actions` for the caller, the page just filters by them.
  const list = useDrawList({ page: 1, pageSize: 100 });
  const due = (list.data?.rows ?? []).filter((row) => waitingFor(row).length > 0);
  if (!list.data) return null;
  return (
    <Card variant="borderless" title={`待办（${due.length}）`} size="small">
      {due.length === 0
        ? <Typography.Text type="secondary">暂无等待您办理的抽取</Typography.Text>
        : (
          <List
            size="small" dataSource={due}
            renderItem={(row) => (
              <List.Item actions={[<a key="open" onClick={() => void navigate(`/workflow/draws/${row.id}`)}>去办理</a>]}>
                <Space wrap>
                  <Typography.Text strong>{row.taskName}</Typography.Text>
                  <Typography.Text type="secondary">第 {row.attempt} 次</Typography.Text>
                  <ValueTag value={row.status} valueEnum={DRAW_STATUS_ENUM} />
                  <Typography.Text>待{waitingFor(row).join('、')}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
    </Card>
  );
}

export function DrawsPage() {
  const navigate = useNavigate();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <DueDraws />
      <ListPage
        noun="抽取" api={drawsApi} columns={COLUMNS} rowKey={(row) => row.id} rowLabel={(row) => `${row.taskName} 第 ${row.attempt} 次`}
        rowActions={(row) => [{ key: 'open', label: '查看', onClick: () => void navigate(`/workflow/draws/${row.id}`) }]}
        header={<Alert type="info" showIcon style={{ marginBottom: 16 }} title="抽查任务发布后，在任务详情中开始随机抽取；每次抽取（含作废后的重新抽取）均在此列出并公开其承诺。" />}
      />
    </Space>
  );
}
