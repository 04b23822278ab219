/**
 * 模拟测算 (issue #9 item 3): what a plan would cost before it is approved — per planned task the pool, quota and expected
 * objects of each stratum and region (the draw's own rounding), each department's inspector workload against its
 * qualified staff, the entities the rounds would push past the yearly cap, and the warnings where matching would fail
 * (in red). `PlanSimulation` is self-contained (a plan id, or plan content being drafted) so the plan pages can show
 * it in a drawer; `PlanSimulationPage` shows a stored plan full page at /workflow/plans/:id/simulation.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { usePlanSimulation, useSimulateContent, type SimulationRequest, type SimulationResult } from '../../api/insight';
import { EmptyState, PageLoading } from '../../components/page_states';
import { useRecordTitle } from '../../layout/record_title';

type TaskResult = SimulationResult['tasks'][number];
type StratumRow = TaskResult['strata'][number];
type RegionRow = StratumRow['regions'][number];
type TaskDepartmentRow = TaskResult['departments'][number];
type DepartmentRow = SimulationResult['departments'][number];

const num = (n: number | null) => (n === null ? '—' : n.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
const feasibleTag = (ok: boolean) => (ok ? <Tag color="green">可满足</Tag> : <Tag color="red">不可行</Tag>);

const STRATUM_COLUMNS: TableColumnsType<StratumRow> = [
  { key: 'label', title: '分层', dataIndex: 'label', width: 130 },
  { key: 'rule', title: '抽取规则', width: 170, render: (_, s) => `${s.mode === 'ratio' ? `${s.value}%` : `${s.value} 户`} · ${s.roundingLabel}` },
  { key: 'pool', title: '名录数（存续）', align: 'right', render: (_, s) => num(s.poolSize) },
  { key: 'atCap', title: '已达年度上限', align: 'right', render: (_, s) => (s.atCap > 0 ? <Typography.Text type="warning">{num(s.atCap)}</Typography.Text> : 0) },
  { key: 'eligible', title: '可抽', align: 'right', render: (_, s) => num(s.eligible) },
  { key: 'quota', title: '每轮抽取', align: 'right', render: (_, s) => <Typography.Text strong>{num(s.quotaPerRound)}</Typography.Text> },
  { key: 'reserve', title: '备选', align: 'right', render: (_, s) => num(s.reservePerRound) },
  { key: 'year', title: '全年（×频次）', align: 'right', render: (_, s) => num(s.expectedPerYear) },
  { key: 'over', title: '预计超上限', align: 'right', render: (_, s) => (s.expectedOverCap > 0 ? <Typography.Text type="danger">{num(s.expectedOverCap)}</Typography.Text> : 0) },
];

const REGION_COLUMNS: TableColumnsType<RegionRow> = [
  { key: 'region', title: '区域', render: (_, r) => `${r.regionName}（${r.regionCode}）` },
  { key: 'pool', title: '名录数', align: 'right', render: (_, r) => num(r.poolSize) },
  { key: 'eligible', title: '可抽', align: 'right', render: (_, r) => num(r.eligible) },
  { key: 'expected', title: '每轮预计抽中', align: 'right', render: (_, r) => num(r.expectedPerRound) },
];

const TASK_DEPARTMENT_COLUMNS: TableColumnsType<TaskDepartmentRow> = [
  { key: 'name', title: '部门', dataIndex: 'name', ellipsis: true },
  { key: 'share', title: '每个对象派员', align: 'right', render: (_, d) => d.share },
  { key: 'demand', title: '每轮需人次', align: 'right', render: (_, d) => num(d.demandPerRound) },
  { key: 'qualified', title: '符合条件人员', align: 'right', render: (_, d) => num(d.qualified) },
  { key: 'capacity', title: '每轮最多承担', align: 'right', render: (_, d) => num(d.capacityPerRound) },
  { key: 'per', title: '人均对象数', align: 'right', render: (_, d) => num(d.perInspector) },
  { key: 'ok', title: '匹配', render: (_, d) => feasibleTag(d.feasible) },
];

const DEPARTMENT_COLUMNS: TableColumnsType<DepartmentRow> = [
  { key: 'name', title: '部门', dataIndex: 'name', ellipsis: true },
  { key: 'total', title: '名录人数', align: 'right', render: (_, d) => num(d.total) },
  { key: 'onDuty', title: '在岗', align: 'right', render: (_, d) => num(d.onDuty) },
  { key: 'qualified', title: '执法证有效', align: 'right', render: (_, d) => num(d.qualified) },
  { key: 'demand', title: '全年需人次', align: 'right', render: (_, d) => num(d.demandPerYear) },
  { key: 'per', title: '人均全年对象数', align: 'right', render: (_, d) => num(d.perInspectorPerYear) },
  { key: 'ok', title: '匹配', render: (_, d) => feasibleTag(d.feasible) },
];

function TaskCard({ task, warnings }: { task: TaskResult; warnings: SimulationResult['warnings'] }) {
  return (
    <Card size="small" title={`${task.key} · ${task.name}`} extra={<Typography.Text type="secondary">频次 {task.frequency} 次/年 · 每组 {task.teamSize} 人 · 每人至多 {task.maxObjectsPerInspector} 个对象</Typography.Text>}>
      {warnings.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`${warnings.length} 项预警`}
          description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{warnings.map((w, i) => <li key={i}>{w.message}</li>)}</ul>} />
      )}
      <Table<StratumRow>
        size="small" rowKey="key" pagination={false} columns={STRATUM_COLUMNS} dataSource={task.strata} scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (s) => <Table<RegionRow> size="small" rowKey="regionCode" pagination={false} columns={REGION_COLUMNS} dataSource={s.regions} />, rowExpandable: (s) => s.regions.length > 0 }}
        summary={() => (
          <Table.Summary.Row>
            {/* The first cell spans the expand column, 分层 and 抽取规则. */}
            <Table.Summary.Cell index={0} colSpan={3}>合计</Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">{num(task.poolSize)}</Table.Summary.Cell>
            <Table.Summary.Cell index={4} colSpan={2} />
            <Table.Summary.Cell index={6} align="right"><Typography.Text strong>{num(task.objectsPerRound)}</Typography.Text></Table.Summary.Cell>
            <Table.Summary.Cell index={7} />
            <Table.Summary.Cell index={8} align="right">{num(task.objectsPerYear)}</Table.Summary.Cell>
            <Table.Summary.Cell index={9} align="right">{num(task.expectedOverCap)}</Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>各部门检查人员负荷（每轮）</Typography.Title>
      <Table<TaskDepartmentRow> size="small" rowKey="departmentId" pagination={false} columns={TASK_DEPARTMENT_COLUMNS} dataSource={task.departments} scroll={{ x: 'max-content' }} />
    </Card>
  );
}

/** The result of a simulation: totals, warnings in red, per task and stratum, per department. */
export function SimulationView({ result }: { result: SimulationResult }) {
  const general = result.warnings.filter((w) => w.taskKey === null);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="plan-simulation">
      <Card size="small">
        <Space size={32} wrap>
          <Statistic title="名录数（存续，各任务合计）" value={result.totals.poolSize} />
          <Statistic title="全年预计抽取（户次）" value={result.totals.objectsPerYear} />
          <Statistic title={`预计超过每年 ${result.annualCap} 次上限`} value={result.totals.expectedOverCap} valueStyle={result.totals.expectedOverCap >= 1 ? { color: '#cf1322' } : undefined} />
          <Statistic title="预警" value={result.warnings.length} valueStyle={result.warnings.length > 0 ? { color: '#cf1322' } : { color: '#389e0d' }} />
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }} items={[
          { key: 'region', label: '区划', children: result.regionCode },
          { key: 'year', label: '年度', children: result.year },
          { key: 'asOf', label: '测算日期', children: `${result.asOf}（名录统计用时 ${result.elapsedMs} 毫秒）` },
        ]} />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0, marginTop: 8 }}>
          每轮抽取数按与正式抽取相同的取整规则计算；已被抽中达到年度上限的主体不进入可抽范围。各区域的预计抽中数是按可抽数占比得到的期望值，正式抽取结果由随机数决定。
        </Typography.Paragraph>
      </Card>
      {general.map((w, i) => <Alert key={i} type="error" showIcon message={w.message} />)}
      {result.warnings.length === 0 && <Alert type="success" showIcon message="未发现匹配不可行的情况：各部门符合条件的检查人员足以承担预计的检查任务" />}
      {result.tasks.map((task) => <TaskCard key={task.key} task={task} warnings={result.warnings.filter((w) => w.taskKey === task.key)} />)}
      <Card size="small" title="各部门全年负荷（计划内全部任务）">
        <Table<DepartmentRow> size="small" rowKey="departmentId" pagination={false} columns={DEPARTMENT_COLUMNS} dataSource={result.departments} scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState description="计划任务未指定部门" /> }} />
      </Card>
    </Space>
  );
}

function StoredPlanSimulation({ planId, version }: { planId: string; version: number | null }) {
  const query = usePlanSimulation(planId, version);
  if (query.isPending) return <PageLoading />;
  if (query.isError) return <Alert type="error" showIcon message="无法测算" description={errorMessage(query.error)} />;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space>
        {query.data.version !== null && <Typography.Text type="secondary">计划第 {query.data.version} 版</Typography.Text>}
        <Button size="small" icon={<ReloadOutlined />} loading={query.isFetching} onClick={() => void query.refetch()}>重新测算</Button>
      </Space>
      <SimulationView result={query.data} />
    </Space>
  );
}

function ContentSimulation({ content }: { content: SimulationRequest }) {
  const simulate = useSimulateContent();
  const { mutate } = simulate;
  useEffect(() => { mutate(content); }, [content, mutate]);
  if (simulate.isError) return <Alert type="error" showIcon message="无法测算" description={errorMessage(simulate.error)} />;
  if (!simulate.data) return <PageLoading />;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Button size="small" icon={<ReloadOutlined />} loading={simulate.isPending} onClick={() => mutate(content)}>重新测算</Button>
      <SimulationView result={simulate.data} />
    </Space>
  );
}

/** A stored plan (`planId`, optionally one `version`) or content being drafted (`content`). */
export function PlanSimulation(props: { planId: string; version?: number | null } | { content: SimulationRequest }) {
  if ('content' in props) return <ContentSimulation content={props.content} />;
  return <StoredPlanSimulation planId={props.planId} version={props.version ?? null} />;
}

export function PlanSimulationPage() {
  const { id = '' } = useParams();
  useRecordTitle('模拟测算');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>计划模拟测算</Typography.Title>
      <PlanSimulation planId={id} />
    </Space>
  );
}
