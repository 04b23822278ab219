/**
 * 检查对象满意度 (issue #11 item 3): the entities' anonymous evaluations per inspecting department, as aggregates only;
 * a department with fewer than the minimum is shown as such, without numbers. Comments only reach the 双随机办.
 */
import { Alert, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { errorMessage } from '../../api/client';
import { useEvaluationAggregates, type EvaluationAggregates } from '../../api/evaluations';
import type { StatisticsFilter } from '../../api/statistics';

type Row = EvaluationAggregates['rows'][number];

export function EvaluationTable({ filter }: { filter: StatisticsFilter }) {
  const query = useEvaluationAggregates(filter);
  if (query.isError) return <Alert type="error" showIcon title="满意度数据加载失败" description={errorMessage(query.error)} />;
  const data = query.data;
  const columns: ColumnsType<Row> = [
    { title: '检查部门', dataIndex: 'departmentName', key: 'department', width: 200 },
    { title: '评价份数', key: 'count', width: 90, render: (_, r) => (r.suppressed ? `不足 ${data?.minGroup ?? 5} 份` : r.count) },
    ...(data?.aspects ?? []).map((a) => ({
      title: a.label, key: a.key, width: 90,
      render: (_: unknown, r: Row) => (r.averages ? (r.averages as Record<string, number>)[a.key]?.toFixed(1) : '—'),
    })),
    { title: '满意率', key: 'satisfied', width: 90, render: (_, r) => (r.satisfiedPercent === null ? '—' : `${r.satisfiedPercent.toFixed(1)}%`) },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0' }}>
        检查对象对已公示检查的匿名评价（5 分为非常满意，1 分为非常不满意）。按检查部门和年度汇总，不足 {data?.minGroup ?? 5} 份的不显示，以免识别出评价单位；满意率为“满意”“非常满意”评分的占比。
        {data && !data.commentsVisible && ' 意见建议仅双随机办可见。'}
      </Typography.Paragraph>
      <Table<Row> size="small" loading={query.isPending} dataSource={data?.rows ?? []} columns={columns} rowKey="departmentId" pagination={false}
        scroll={{ x: 'max-content' }} aria-label="检查对象满意度" locale={{ emptyText: '本年度暂无评价' }}
        expandable={data?.commentsVisible ? {
          rowExpandable: (r) => (r.comments?.length ?? 0) > 0,
          expandedRowRender: (r) => <ul style={{ margin: 0, paddingLeft: 20 }}>{(r.comments ?? []).map((c, i) => <li key={i}>{c}</li>)}</ul>,
        } : undefined} />
    </>
  );
}
