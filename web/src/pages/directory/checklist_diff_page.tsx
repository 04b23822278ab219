/**
 * 版本比较: what changed between two versions of a list (立改废释), node by node, matched by code —
 * 新增 in green, 删除 in red, 修改 in orange with each changed field as before → after.
 */
import { Alert, Button, Card, Empty, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { ChecklistKind } from '../../../../domain/checklist/types';
import { CHECKLIST_PAGES, useChecklist, useChecklistDiff, type ChecklistDiff } from '../../api/checklists';
import { errorMessage } from '../../api/client';
import { ValueTag } from '../../components/value_tag';
import { CHECKLIST_LEVEL_LABELS, DIFF_ROW_BACKGROUND, DIFF_STATUS_ENUM, LEVEL_COLORS } from './checklist_labels';
import { useRecordTitle } from '../../layout/record_title';

type DiffRow = ChecklistDiff['rows'][number];

function Changes({ row }: { row: DiffRow }) {
  if (row.status !== 'changed') return null;
  return (
    <Space orientation="vertical" size={4}>
      {row.changes.map((c) => (
        <div key={c.field}>
          <Typography.Text strong>{c.label}：</Typography.Text>
          <Typography.Text delete type="danger">{c.before || '（空）'}</Typography.Text>
          <Typography.Text type="secondary"> → </Typography.Text>
          <Typography.Text type="success">{c.after || '（空）'}</Typography.Text>
        </div>
      ))}
    </Space>
  );
}

function ChecklistDiffView({ kind }: { kind: ChecklistKind }) {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const detail = useChecklist(kind, id);
  useRecordTitle(detail.data?.name);
  const versions = detail.data?.versions ?? [];
  const current = versions.find((v) => v.status === 'published')?.version ?? versions[0]?.version ?? null;
  const previous = versions.find((v) => current !== null && v.version < current)?.version ?? null;
  const from = Number(search.get('from')) || previous;
  const to = Number(search.get('to')) || current;
  const diff = useChecklistDiff(kind, id, from, to);
  const [onlyChanges, setOnlyChanges] = useState(true);
  const options = versions.map((v) => ({ value: v.version, label: `第 ${v.version} 版（${v.statusLabel}）` }));
  const rows = (diff.data?.rows ?? []).filter((r) => !onlyChanges || r.status !== 'unchanged');

  return (
    <Card variant="borderless" title={`版本比较 · ${detail.data?.name ?? ''}`} extra={<Button onClick={() => void navigate(`${CHECKLIST_PAGES[kind]}/${id}`)}>返回清单</Button>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>从</span>
        <Select style={{ width: 200 }} value={from ?? undefined} options={options} onChange={(v: number) => setSearch({ from: String(v), to: String(to ?? '') })} placeholder="选择版本" />
        <span>到</span>
        <Select style={{ width: 200 }} value={to ?? undefined} options={options} onChange={(v: number) => setSearch({ from: String(from ?? ''), to: String(v) })} placeholder="选择版本" />
        <Switch checked={onlyChanges} onChange={setOnlyChanges} /> <span>只看变化</span>
      </Space>
      {diff.data && (
        <Space style={{ marginBottom: 12 }}>
          <Tag color="green">新增 {diff.data.added}</Tag>
          <Tag color="red">删除 {diff.data.removed}</Tag>
          <Tag color="orange">修改 {diff.data.changed}</Tag>
          <Tag>未变 {diff.data.unchanged}</Tag>
        </Space>
      )}
      {diff.isError && <Alert type="error" showIcon title="比较失败" description={errorMessage(diff.error)} />}
      {from !== null && from === to && <Alert type="info" showIcon title="请选择两个不同的版本" />}
      {versions.length < 2 ? <Empty description="只有一个版本，暂无可比较的版本" /> : (
        <Table<DiffRow>
          rowKey="code"
          size="middle"
          loading={diff.isFetching}
          dataSource={rows}
          pagination={false}
          onRow={(row) => ({ style: { background: DIFF_ROW_BACKGROUND[row.status] } })}
          locale={{ emptyText: diff.data ? '两个版本没有差异' : '请选择要比较的版本' }}
          columns={[
            { key: 'status', title: '变化', width: 80, render: (_, row) => <ValueTag value={row.status} valueEnum={DIFF_STATUS_ENUM} /> },
            { key: 'code', title: '编码', dataIndex: 'code', width: 170 },
            {
              key: 'name', title: '名称', width: 420,
              render: (_, row) => (
                <span style={{ paddingLeft: row.depth * 20, textDecoration: row.status === 'removed' ? 'line-through' : undefined }}>
                  <Tag color={LEVEL_COLORS[row.level]}>{CHECKLIST_LEVEL_LABELS[row.level]}</Tag>{row.name}
                </span>
              ),
            },
            { key: 'changes', title: '修改内容（原 → 新）', render: (_, row) => <Changes row={row} /> },
          ]}
        />
      )}
    </Card>
  );
}

export function ChecklistDiffPage() {
  return <ChecklistDiffView kind="department" />;
}

export function JointChecklistDiffPage() {
  return <ChecklistDiffView kind="joint" />;
}
