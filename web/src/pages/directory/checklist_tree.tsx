/**
 * The items of one version as a tree table: 检查事项 → 检查子项 → 检查内容, with the fields of each
 * level. For a draft its maintainer adds, edits, moves and deletes nodes here; inherited nodes (from
 * the city's list) and the content of a joint list's items are read-only.
 */
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { childLevelOf } from '../../../../domain/checklist/tree';
import type { ChecklistKind } from '../../../../domain/checklist/types';
import type { ItemRow } from '../../api/checklists';
import { ValueTag } from '../../components/value_tag';
import { CATEGORY_ENUM, CHECK_METHODS, CHECKLIST_LEVEL_LABELS, LEVEL_COLORS } from './checklist_labels';

type TreeRow = ItemRow & { children?: TreeRow[] };

export function treeOf(items: readonly ItemRow[]): TreeRow[] {
  const byId = new Map<string, TreeRow>(items.map((i) => [i.id, { ...i }]));
  const roots: TreeRow[] = [];
  for (const item of items) {
    const row = byId.get(item.id) as TreeRow;
    const parent = item.parentId ? byId.get(item.parentId) : undefined;
    if (parent) parent.children = [...(parent.children ?? []), row];
    else roots.push(row);
  }
  return roots;
}

export interface TreeActions {
  onAdd: (parent: ItemRow) => void;
  onEdit: (item: ItemRow) => void;
  onDelete: (item: ItemRow) => void;
  onMove: (item: ItemRow, direction: -1 | 1) => void;
}

const muted = { color: 'rgba(0,0,0,.45)' };

export function ChecklistTree({ items, kind, editable, actions, loading }: {
  items: readonly ItemRow[];
  kind: ChecklistKind;
  editable: boolean;
  actions: TreeActions;
  loading: boolean;
}) {
  const tree = useMemo(() => treeOf(items), [items]);
  const parents = useMemo(() => items.filter((i) => items.some((c) => c.parentId === i.id)).map((i) => i.id), [items]);
  const [expanded, setExpanded] = useState<readonly string[]>(parents);
  useEffect(() => setExpanded(parents), [parents]);
  const siblingsOf = (item: ItemRow) => items.filter((i) => i.parentId === item.parentId);

  const columns: TableColumnsType<TreeRow> = [
    { key: 'code', title: '编码', dataIndex: 'code', width: 200, fixed: 'left' },
    {
      key: 'name', title: '名称', width: 380,
      render: (_, row) => (
        <Space orientation="vertical" size={2}>
          <span>
            <Tag color={LEVEL_COLORS[row.level]}>{CHECKLIST_LEVEL_LABELS[row.level]}</Tag>
            {row.inherited && <Tooltip title="来自上级清单，本级只读"><Tag color="purple">上级</Tag></Tooltip>}
            {row.name}
          </span>
          {row.source && !row.inherited && row.level === 'item' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              来源：{row.source.departmentName ?? ''}《{row.source.checklistName}》第 {row.source.version} 版 {row.source.code}
              {row.source.versionStatus === 'superseded' && <Tag color="orange" style={{ marginLeft: 6 }}>来源已有新版本</Tag>}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'category', title: '事项类别', width: 90, render: (_, row) => (row.level === 'item' ? <ValueTag value={row.category} valueEnum={CATEGORY_ENUM} /> : null) },
    {
      key: 'target', title: '检查对象 / 检查方式 / 检查主体', width: 280,
      render: (_, row) => (row.level !== 'item' ? null : (
        <Space orientation="vertical" size={0} style={{ fontSize: 13 }}>
          <span><span style={muted}>对象：</span>{row.target}</span>
          <span><span style={muted}>方式：</span>{row.methods.map((m) => CHECK_METHODS[m]).join('、')}</span>
          <span><span style={muted}>主体：</span>{row.subject}</span>
        </Space>
      )),
    },
    {
      key: 'check', title: '检查方法 / 是 / 否', width: 300,
      render: (_, row) => (row.level !== 'content' ? null : (
        <Space orientation="vertical" size={0} style={{ fontSize: 13 }}>
          <span><span style={muted}>方法：</span>{row.checkMethod}</span>
          <span><span style={muted}>是：</span>{row.yesWording}</span>
          <span><span style={muted}>否：</span>{row.noWording}</span>
        </Space>
      )),
    },
    { key: 'basis', title: '检查依据', dataIndex: 'basis', width: 280, ellipsis: { showTitle: true } },
  ];
  if (editable) {
    columns.push({
      key: 'actions', title: '操作', width: 250, fixed: 'right',
      render: (_, row) => {
        const child = childLevelOf(row.level);
        const locked = row.inherited || (kind === 'joint' && row.level !== 'item');
        const siblings = siblingsOf(row);
        const at = siblings.findIndex((s) => s.id === row.id);
        const movable = kind === 'department' || row.level === 'item';
        return (
          <Space size={0}>
            {kind === 'department' && child && !row.inherited && <Button type="link" size="small" onClick={() => actions.onAdd(row)}>添加{CHECKLIST_LEVEL_LABELS[child].slice(2)}</Button>}
            {kind === 'department' && !row.inherited && <Button type="link" size="small" onClick={() => actions.onEdit(row)}>修改</Button>}
            {movable && <Button type="link" size="small" aria-label="上移" icon={<ArrowUpOutlined />} disabled={at <= 0} onClick={() => actions.onMove(row, -1)} />}
            {movable && <Button type="link" size="small" aria-label="下移" icon={<ArrowDownOutlined />} disabled={at < 0 || at >= siblings.length - 1} onClick={() => actions.onMove(row, 1)} />}
            {!locked && <Button type="link" size="small" danger onClick={() => actions.onDelete(row)}>删除</Button>}
          </Space>
        );
      },
    });
  }

  return (
    <Table<TreeRow>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={tree}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      expandable={{ expandedRowKeys: [...expanded], onExpandedRowsChange: (keys) => setExpanded(keys.map(String)), indentSize: 18 }}
      locale={{ emptyText: editable ? `还没有检查事项，请点击「${kind === 'joint' ? '从部门清单纳入' : '新增检查事项'}」` : '本版本没有检查事项' }}
    />
  );
}
