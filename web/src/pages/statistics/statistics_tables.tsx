/** The dashboard's tables (antd Table over the small aggregated rows), each with 导出Excel. */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { exportTableUrl, type Dashboard, type ProblemRow, type StatisticsFilter, type StatisticsTable, type UnitRow, type WorkloadView } from '../../api/statistics';
import { useCan } from '../../auth/current_user';

export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${rate}%`;
}

export function ExportButton({ table, filter }: { table: StatisticsTable; filter: StatisticsFilter }) {
  const can = useCan();
  if (!can('statistics:report:export')) return null;
  return (
    <div style={{ marginBottom: 8 }}>
      <Tooltip title="按当前筛选条件导出（Excel）">
        <Button size="small" icon={<DownloadOutlined />} href={exportTableUrl(table, filter)} data-export={table}>导出Excel</Button>
      </Tooltip>
    </div>
  );
}

const rate = (title: string, key: keyof UnitRow, width = 100) => ({
  title, key, width, align: 'right' as const, render: (_: unknown, row: UnitRow) => rateText(row[key] as number | null),
});

export function unitColumns(first: string): ColumnsType<UnitRow> {
  return [
    { title: first, dataIndex: 'name', key: 'name', fixed: 'left', width: 200, ellipsis: true },
    { title: '检查对象', dataIndex: 'objects', key: 'objects', width: 90, align: 'right' },
    { title: '已完成', dataIndex: 'completed', key: 'completed', width: 80, align: 'right' },
    rate('任务完成率', 'completion'),
    rate('按期录入率', 'entryOnTime'),
    rate('按期公示率', 'publicationOnTime'),
    rate('清单覆盖率', 'coverage'),
    rate('联合抽查占比', 'jointShare', 110),
    {
      title: '逾期', key: 'overdue', width: 150, render: (_, row) => (
        <>
          {row.entryOverdue > 0 && <Tag color="orange">未录入 {row.entryOverdue}</Tag>}
          {row.publicationOverdue > 0 && <Tag color="red">未公示 {row.publicationOverdue}</Tag>}
          {row.missingAfterPeriod > 0 && <Tag color="red">期满无结果 {row.missingAfterPeriod}</Tag>}
          {row.entryOverdue + row.publicationOverdue + row.missingAfterPeriod === 0 && '—'}
        </>
      ),
    },
    rate('问题发现率', 'problemRate'),
    { title: '考核得分', dataIndex: 'score', key: 'score', width: 90, align: 'right', fixed: 'right', render: (score: number | null) => (score === null ? <span title="本年度未牵头任务，不计分">—</span> : <b>{score}</b>) },
  ];
}

export const problemColumns = (first: string): ColumnsType<ProblemRow> => [
  { title: first, dataIndex: 'label', key: 'label', width: 220, ellipsis: true },
  { title: '结果数', dataIndex: 'results', key: 'results', width: 80, align: 'right' },
  { title: '已审核', dataIndex: 'inspected', key: 'inspected', width: 80, align: 'right' },
  { title: '发现问题', dataIndex: 'problems', key: 'problems', width: 90, align: 'right' },
  { title: '问题发现率', dataIndex: 'rate', key: 'rate', width: 100, align: 'right', render: (r: number | null) => rateText(r) },
];

export const workloadColumns: ColumnsType<WorkloadView> = [
  { title: '检查人员', dataIndex: 'name', key: 'name', width: 110 },
  { title: '所在部门', dataIndex: 'departmentName', key: 'departmentName', width: 220, ellipsis: true },
  { title: '检查对象', dataIndex: 'objects', key: 'objects', width: 90, align: 'right' },
  { title: '任组长', dataIndex: 'leads', key: 'leads', width: 80, align: 'right' },
  { title: '已录入', dataIndex: 'completed', key: 'completed', width: 80, align: 'right' },
];

export const burdenColumns: ColumnsType<Dashboard['burden'][number]> = [
  { title: '本年度受检次数', dataIndex: 'label', key: 'label', width: 140 },
  { title: '主体数', dataIndex: 'entities', key: 'entities', width: 100, align: 'right' },
  { title: '超过每年 2 次上限', dataIndex: 'overCap', key: 'overCap', width: 150, render: (over: boolean, row) => (over && row.entities > 0 ? <Tag color="red">是</Tag> : '否') },
];

export function StatTable<T extends object>({ rows, columns, rowKey, caption }: { rows: readonly T[]; columns: ColumnsType<T>; rowKey: keyof T & string; caption: string }) {
  return (
    <Table<T> size="small" dataSource={[...rows]} columns={columns} rowKey={rowKey} pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }} aria-label={caption} locale={{ emptyText: '本年度暂无数据' }} />
  );
}
