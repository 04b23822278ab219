/**
 * 行政区划: GB/T 2260 regions as a lazy tree table (children load when a row is expanded). A keyword
 * search lists matches flat. Regions are enabled or disabled here; codes and names are not edited.
 */
import { App, Card, Spin, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { fetchRegions, regionQueryKey, useSetRegionEnabled, type RegionRow } from '../../api/system';
import { useCan } from '../../auth/current_user';
import type { ListColumn } from '../../components/list_types';
import { EmptyState } from '../../components/page_states';
import { SearchForm, searchFieldsOf } from '../../components/search_form';
import { useListQuery } from '../../components/url_query';

interface RegionNode extends RegionRow {
  children?: RegionNode[];
}

const LEVEL_LABELS: Readonly<Record<number, string>> = { 1: '省级', 2: '地级', 3: '县级', 4: '乡级', 5: '村级' };

const SEARCH_COLUMNS: readonly ListColumn<RegionRow>[] = [
  { key: 'keyword', title: '关键字', search: { kind: 'text', name: 'keyword', placeholder: '区划名称或代码' } },
];
const SEARCH_FIELDS = searchFieldsOf(SEARCH_COLUMNS);

export function RegionsPage() {
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const query = useListQuery(['keyword']);
  const keyword = query.filters['keyword'];
  const [children, setChildren] = useState<ReadonlyMap<string, RegionRow[]>>(new Map());
  const [expanded, setExpanded] = useState<string[]>([]);
  const [loading, setLoading] = useState<ReadonlySet<string>>(new Set());
  const setEnabled = useSetRegionEnabled();

  const top = useQuery({ queryKey: regionQueryKey(null, keyword), queryFn: () => fetchRegions(null, keyword) });

  function nodeOf(row: RegionRow): RegionNode {
    const loaded = children.get(row.code);
    if (loaded) return { ...row, children: loaded.map(nodeOf) };
    return row.hasChildren ? { ...row, children: [] } : row;
  }

  async function expand(row: RegionRow, open: boolean) {
    setExpanded((keys) => (open ? [...keys, row.code] : keys.filter((k) => k !== row.code)));
    if (!open || children.has(row.code)) return;
    setLoading((codes) => new Set(codes).add(row.code));
    try {
      const rows = await client.fetchQuery({ queryKey: regionQueryKey(row.code), queryFn: () => fetchRegions(row.code) });
      setChildren((map) => new Map(map).set(row.code, rows));
    } catch (error) {
      message.error(`下级区划加载失败：${errorMessage(error)}`);
      setExpanded((keys) => keys.filter((k) => k !== row.code));
    } finally {
      setLoading((codes) => { const next = new Set(codes); next.delete(row.code); return next; });
    }
  }

  function toggle(row: RegionRow, enabled: boolean) {
    setEnabled.mutate({ code: row.code, enabled }, {
      onSuccess: (updated) => {
        message.success(`已${enabled ? '启用' : '停用'}：${row.name}`);
        const replace = (rows: RegionRow[]) => rows.map((r) => (r.code === updated.code ? { ...r, enabled: updated.enabled } : r));
        setChildren((map) => new Map([...map].map(([code, rows]) => [code, replace(rows)])));
        void top.refetch();
      },
      onError: (error) => { message.error(errorMessage(error)); },
    });
  }

  const columns: TableColumnsType<RegionNode> = [
    {
      key: 'name', title: '区划名称', width: 320,
      render: (_, row) => <span>{row.name}{loading.has(row.code) && <Spin size="small" style={{ marginLeft: 8 }} />}</span>,
    },
    { key: 'code', title: '区划代码', width: 120, render: (_, row) => <Typography.Text copyable={{ text: row.code }}>{row.code}</Typography.Text> },
    { key: 'level', title: '级别', width: 90, render: (_, row) => LEVEL_LABELS[row.level] ?? `${row.level} 级` },
    // A keyword search lists matches from everywhere (two 朝阳区): the parent code tells them apart.
    ...(keyword ? [{ key: 'parent', title: '上级区划代码', width: 130, render: (_: unknown, row: RegionNode) => row.parentCode ?? '—' }] : []),
    {
      key: 'enabled', title: '状态', width: 120,
      render: (_, row) => (can('system:region:update')
        ? <Switch checked={row.enabled} checkedChildren="启用" unCheckedChildren="停用" loading={setEnabled.isPending && setEnabled.variables.code === row.code} onChange={(on) => toggle(row, on)} />
        : <Tag color={row.enabled ? 'green' : 'red'}>{row.enabled ? '启用' : '停用'}</Tag>),
    },
  ];

  return (
    <Card variant="borderless" styles={{ body: { padding: '20px 20px 8px' } }}>
      <SearchForm fields={SEARCH_FIELDS} filters={query.filters} onSearch={query.search} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        按《中华人民共和国行政区划代码》（GB/T 2260）逐级展开。停用的区划不能再被新建部门选用，已有数据不受影响。
      </Typography.Paragraph>
      {top.isError && <Typography.Text type="danger">区划加载失败：{errorMessage(top.error)}</Typography.Text>}
      <Table<RegionNode>
        rowKey="code"
        columns={columns}
        dataSource={(top.data ?? []).map(nodeOf)}
        loading={top.isFetching}
        pagination={false}
        size="middle"
        expandable={{ expandedRowKeys: expanded, onExpand: (open, row) => void expand(row, open), indentSize: 24 }}
        locale={{ emptyText: top.isPending ? <div style={{ height: 80 }} /> : <EmptyState description={keyword ? '没有符合条件的区划' : '暂无数据'} /> }}
      />
    </Card>
  );
}
