/**
 * 抽查事项清单公示 (长春第6条 「及时通过相关网站和平台向社会公开」; 东胜 四(二)1; 曲阳第11条): the lists in force in a region,
 * each as the tree 检查事项 → 检查子项 → 检查内容 with category, object, methods, subject and basis.
 */
import { Alert, Collapse, Empty, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { usePublicChecklistRegions, usePublicChecklists, type PublicChecklist } from '../../api/public';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../components/format';

type Item = PublicChecklist['items'][number];
interface ItemNode extends Item {
  children?: ItemNode[];
}

/** The flat items (pre-order, parent before child) as a tree for the table. */
function treeOf(items: readonly Item[]): ItemNode[] {
  const byCode = new Map<string, ItemNode>();
  const roots: ItemNode[] = [];
  for (const item of items) {
    const node: ItemNode = { ...item };
    byCode.set(item.code, node);
    const parent = item.parentCode ? byCode.get(item.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

const columns: TableColumnsType<ItemNode> = [
  { title: '编码', dataIndex: 'code', width: 180, render: (code: string) => <span style={{ whiteSpace: 'nowrap' }}>{code}</span> },
  { title: '名称', dataIndex: 'name', width: 240, render: (name: string, row) => <span><Tag style={{ marginInlineEnd: 6 }}>{row.levelLabel}</Tag>{name}</span> },
  { title: '事项类别', dataIndex: 'categoryLabel', width: 90, render: (v: string | null) => v ?? '' },
  { title: '检查对象', dataIndex: 'target', width: 120, render: (v: string | null) => v ?? '' },
  { title: '检查方式', dataIndex: 'methodLabels', width: 110, render: (v: string[]) => v.join('、') },
  { title: '检查主体', dataIndex: 'subject', width: 110, render: (v: string | null) => v ?? '' },
  // 检查依据 is read whole: it takes the room left (at least 280 px) and wraps, never cut.
  { title: '检查依据', dataIndex: 'basis', render: (v: string | null) => <Typography.Text style={{ fontSize: 12, whiteSpace: 'normal', wordBreak: 'break-word' }}>{v ?? ''}</Typography.Text> },
];

function ChecklistTable({ list }: { list: PublicChecklist }) {
  const tree = useMemo(() => treeOf(list.items), [list.items]);
  return (
    <Table<ItemNode> rowKey="code" size="small" columns={columns} dataSource={tree} pagination={false} expandable={{ defaultExpandAllRows: true }}
      scroll={{ x: 1130 }} tableLayout="fixed" locale={{ emptyText: '该清单没有检查事项' }} />
  );
}

export function PublicChecklists() {
  const regions = usePublicChecklistRegions();
  // The region is in the URL (/public?region=220104): a reload, a shared link and the back button keep it.
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('region') ?? regions.data?.[0]?.code ?? null;
  const setChosen = (code: string) => setParams({ region: code });
  const lists = usePublicChecklists(regionCode);
  if (regions.isError) return <Alert type="error" showIcon title="加载失败" description={errorMessage(regions.error)} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>行政区划：</Typography.Text>
        <Select aria-label="行政区划" style={{ width: 220 }} loading={regions.isPending} value={regionCode} onChange={setChosen}
          options={(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))} placeholder="请选择行政区划" />
        <Typography.Text type="secondary">区县在市级清单基础上增加的本地事项，见该区县的清单。</Typography.Text>
      </Space>
      {lists.isError && <Alert type="error" showIcon title="加载失败" description={errorMessage(lists.error)} />}
      {lists.data && lists.data.length === 0 && <Empty description="该行政区划暂无公示的抽查事项清单" />}
      {lists.data && lists.data.length > 0 && (
        <Collapse defaultActiveKey={[0]} items={lists.data.map((list, k) => ({
          key: k,
          label: (
            <Space wrap size={8}>
              <Typography.Text strong>{list.name}</Typography.Text>
              <Tag color={list.kindLabel.includes('联合') ? 'purple' : 'blue'}>{list.kindLabel}</Tag>
              {list.departmentName && <Typography.Text type="secondary">{list.departmentName}</Typography.Text>}
              <Typography.Text type="secondary">第 {list.version} 版 · {formatDateTime(list.publishedAt)} 发布</Typography.Text>
              {list.changeReasonLabel && <Tag>{list.changeReasonLabel}</Tag>}
            </Space>
          ),
          children: <ChecklistTable list={list} />,
        }))} />
      )}
    </Space>
  );
}
