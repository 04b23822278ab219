/**
 * 统计分析 (issue #11 item 4): the year's indicators with their formulas and the rules behind them, the overdue work,
 * charts (echarts, loaded only here) and the tables — by department, region, credit class, industry section, burden and
 * workload — each exportable to Excel, and the year report as Word.
 */
import { FileWordOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Statistic, Tabs, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { errorMessage } from '../../api/client';
import { useDashboard, yearReportUrl, type Dashboard } from '../../api/statistics';
import { useCan } from '../../auth/current_user';
import { PageLoading } from '../../components/page_states';
import { burdenOption, departmentRatesOption, problemRateOption } from './charts';
import { EChart } from './echart';
import { EvaluationTable } from './evaluation_table';
import { StatisticsFilters, useStatisticsFilter } from './statistics_filters';
import { burdenColumns, ExportButton, problemColumns, rateText, StatTable, unitColumns, workloadColumns } from './statistics_tables';

function IndicatorCards({ d }: { d: Dashboard }) {
  return (
    <Row gutter={[12, 12]}>
      {d.indicators.map((i) => (
        <Col key={i.key} xs={12} md={8} xl={4}>
          <Card size="small" style={{ height: '100%' }} data-indicator={i.key}>
            <Statistic
              title={<Tooltip title={<>{i.formula}<br />依据：{i.basis}</>}><span>{i.label} <InfoCircleOutlined style={{ color: '#999' }} /></span></Tooltip>}
              value={rateText(i.rate)}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.numerator} / {i.denominator}</Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function rateCount(d: Dashboard, key: Dashboard['indicators'][number]['key']): number {
  return d.indicators.find((i) => i.key === key)?.denominator ?? 0;
}

export function StatisticsPage() {
  const [filter, setFilter] = useStatisticsFilter();
  const dashboard = useDashboard(filter);
  const can = useCan();
  const d = dashboard.data;
  const options = useMemo(() => (d ? {
    departments: departmentRatesOption(d), credit: problemRateOption(d.byCreditClass, false), industry: problemRateOption(d.byIndustry, true), burden: burdenOption(d),
  } : null), [d]);

  return (
    <Card title="统计分析" extra={can('statistics:report:export') && (
      <Button icon={<FileWordOutlined />} href={yearReportUrl(filter)} data-report="year">年度报告</Button>
    )}>
      <StatisticsFilters filter={filter} onChange={setFilter} />
      <div style={{ marginTop: 16 }}>
        {dashboard.isError && <Alert type="error" showIcon title="统计数据加载失败" description={errorMessage(dashboard.error)} />}
        {dashboard.isPending && <PageLoading />}
        {d && options && (
          <>
            {rateCount(d, 'completion') === 0 && (
              <Alert style={{ marginBottom: 12 }} type="info" showIcon title={`${d.year} 年度尚无已派发的检查对象，完成率、按期率等指标暂无数据`}
                action={<Button size="small" onClick={() => setFilter({ ...filter, year: d.year - 1 })}>查看 {d.year - 1} 年度</Button>} />
            )}
            <IndicatorCards d={d} />
            {(d.overdue.entry + d.overdue.publication + d.overdue.missingAfterPeriod > 0) && (
              <Alert style={{ marginTop: 12 }} type="warning" showIcon
                title={`逾期未录入 ${d.overdue.entry} 项，逾期未公示 ${d.overdue.publication} 项，任务期满仍无结果 ${d.overdue.missingAfterPeriod} 个检查对象`}
                description="未在规定时间内录入检查结果或未按期公示的，视为未完成任务。" />
            )}
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              <Col xs={24} lg={12}>
                <Card size="small" title="各部门完成与按期情况">
                  <EChart option={options.departments} height={Math.max(220, 60 + d.departments.filter((r) => r.objects > 0).length * 56)} label="各部门完成率、按期录入率与按期公示率" />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title="主体受检频次（原则上每年不超过 2 次）">
                  <EChart option={options.burden} height={260} label="主体受检频次分布" />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title="问题发现率 · 按信用风险分类" extra={<Typography.Text type="secondary">下一年度抽查比例的依据</Typography.Text>}>
                  <EChart option={options.credit} height={240} label="按信用风险分类的问题发现率" />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title="问题发现率 · 按行业门类">
                  <EChart option={options.industry} height={Math.max(220, 40 + d.byIndustry.length * 36)} label="按行业门类的问题发现率" />
                </Card>
              </Col>
            </Row>
            <Alert style={{ marginTop: 12 }} type="info" showIcon
              title="按信用风险分类的问题发现率可作为下一年度各类主体抽查比例的依据"
              description="汇总统计抽查结果，掌握违法活动的特征，有针对性地开展随机抽查：对信用风险高、问题发现率高的类别，下一年度可提高抽查比例和频次。" />
            <Tabs style={{ marginTop: 12 }} items={[
              { key: 'departments', label: '部门', children: <><ExportButton table="departments" filter={filter} /><StatTable rows={d.departments} columns={unitColumns('部门')} rowKey="key" caption="部门统计" /></> },
              { key: 'regions', label: '区域', children: <><ExportButton table="regions" filter={filter} /><StatTable rows={d.regions} columns={unitColumns('区域')} rowKey="key" caption="区域统计" /></> },
              { key: 'credit', label: '信用风险分类', children: <><ExportButton table="credit" filter={filter} /><StatTable rows={d.byCreditClass} columns={problemColumns('信用风险分类')} rowKey="key" caption="按信用风险分类" /></> },
              { key: 'industry', label: '行业门类', children: <><ExportButton table="industry" filter={filter} /><StatTable rows={d.byIndustry} columns={problemColumns('行业门类（GB/T 4754-2017）')} rowKey="key" caption="按行业门类" /></> },
              { key: 'burden', label: '受检频次', children: <><ExportButton table="burden" filter={filter} /><StatTable rows={d.burden} columns={burdenColumns} rowKey="bucket" caption="主体受检频次" /></> },
              { key: 'workload', label: '检查人员工作量', children: <><ExportButton table="workload" filter={filter} /><Typography.Paragraph type="secondary" style={{ margin: '8px 0' }}>列出工作量最多的前 50 人；导出包含全部人员。</Typography.Paragraph><StatTable rows={d.workload} columns={workloadColumns} rowKey="inspectorId" caption="检查人员工作量" /></> },
              { key: 'evaluations', label: '检查对象满意度', children: <EvaluationTable filter={filter} /> },
              { key: 'indicators', label: '指标说明', children: <><ExportButton table="indicators" filter={filter} /><StatTable rows={d.indicators} rowKey="key" caption="指标说明" columns={[
                { title: '指标', dataIndex: 'label', key: 'label', width: 140 },
                { title: '数值', dataIndex: 'rate', key: 'rate', width: 80, render: (r: number | null) => rateText(r) },
                { title: '计算方法', dataIndex: 'formula', key: 'formula', width: 320 },
                { title: '依据', dataIndex: 'basis', key: 'basis', width: 320 },
              ]} /></> },
            ]} />
          </>
        )}
      </div>
    </Card>
  );
}
