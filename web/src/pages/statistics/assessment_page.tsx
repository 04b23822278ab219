/**
 * 考核评分 (长春第27条; 曲阳第32条、东胜 六(二)): the year-end score of the region and of each department — a weighted sum
 * of the indicators — and the weights editor of the caller's region (each 0–100, together 100).
 */
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Space, Statistic, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { errorMessage } from '../../api/client';
import { useDashboard, useSaveWeights, useWeights, type Dashboard, type Weights } from '../../api/statistics';
import { useCan, useCurrentUser } from '../../auth/current_user';
import { applyServerErrors } from '../../components/form_errors';
import { PageLoading } from '../../components/page_states';
import { StatisticsFilters, useStatisticsFilter } from './statistics_filters';
import { ExportButton, rateText, StatTable, unitColumns } from './statistics_tables';

type Line = Dashboard['assessment']['lines'][number];

function WeightsEditor({ regionCode, regionName }: { regionCode: string; regionName: string }) {
  const weights = useWeights(regionCode);
  const save = useSaveWeights(regionCode);
  const { message } = App.useApp();
  const [form] = Form.useForm<Weights>();
  const values = Form.useWatch([], form) as Partial<Weights> | undefined;
  const sum = Object.values(values ?? {}).reduce<number>((t, v) => t + (typeof v === 'number' ? v : 0), 0);
  const data = weights.data;
  useEffect(() => { if (data) form.setFieldsValue(data.weights); }, [data, form]);
  if (weights.isError) return <Alert type="error" showIcon title="考核权重加载失败" description={errorMessage(weights.error)} />;
  if (!data) return <Card size="small" loading />;

  async function submit(v: Weights) {
    try {
      await save.mutateAsync(v);
      message.success('考核权重已保存');
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }

  return (
    <Card size="small" title={`${regionName}考核权重`} extra={<Typography.Text type="secondary">{data.source === regionCode ? '本级设置' : data.source ? `沿用 ${data.source} 的设置` : '默认值'}</Typography.Text>}>
      <Form form={form} layout="inline" onFinish={(v) => void submit(v)} style={{ rowGap: 8 }}>
        {Object.entries(data.labels).map(([key, label]) => (
          <Form.Item key={key} name={key} label={label} rules={[{ required: true, message: `请填写“${label}”的权重` }]}>
            <InputNumber min={0} max={100} precision={0} style={{ width: 80 }} aria-label={`${label}权重`} />
          </Form.Item>
        ))}
        <Space wrap>
          <Typography.Text type={sum === 100 ? 'success' : 'danger'} data-weight-sum={sum}>合计 {sum}（须为 100）</Typography.Text>
          <Button onClick={() => form.setFieldsValue(data.defaults)}>恢复默认</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={sum !== 100}>保存权重</Button>
        </Space>
      </Form>
    </Card>
  );
}

export function AssessmentPage() {
  const [filter, setFilter] = useStatisticsFilter();
  const dashboard = useDashboard(filter);
  const me = useCurrentUser();
  const can = useCan();
  const d = dashboard.data;
  const editableRegion = can('statistics:weights:edit') && me.region ? me.region : null;
  const ranked = d ? d.departments.filter((r) => r.score !== null) : [];
  const idle = d ? d.departments.filter((r) => r.score === null) : [];
  return (
    <Card title="考核评分">
      <StatisticsFilters filter={filter} onChange={setFilter} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        各部门参与并完成联合双随机抽查任务的情况计入年度绩效考核；无正当理由不参加或未完成的相应扣分。
        得分 = Σ 权重 × 指标值 ÷ 100；本年度尚无可计量数据的指标不计分，其权重按比例分配给其他指标。
      </Typography.Paragraph>
      {dashboard.isError && <Alert type="error" showIcon title="统计数据加载失败" description={errorMessage(dashboard.error)} />}
      {dashboard.isPending && <PageLoading />}
      {d && (
        <Row gutter={[12, 12]}>
          <Col xs={24} md={8}>
            <Card size="small">
              <Statistic title={`${d.year} 年度综合得分`} value={d.assessment.score ?? '—'} suffix={d.assessment.score === null ? undefined : '分'} />
              <Typography.Text type="secondary">权重：{d.assessment.weightsSource ? `按 ${d.assessment.weightsSource} 的设置` : '默认值'}</Typography.Text>
            </Card>
          </Col>
          <Col xs={24} md={16}>
            <Table<Line> size="small" rowKey="key" pagination={false} dataSource={d.assessment.lines} aria-label="得分构成" scroll={{ x: 'max-content' }} columns={[
              { title: '指标', dataIndex: 'label', key: 'label' },
              { title: '权重', dataIndex: 'weight', key: 'weight', align: 'right' },
              { title: '指标值', dataIndex: 'rate', key: 'rate', align: 'right', render: (r: number | null) => rateText(r) },
              { title: '得分', dataIndex: 'points', key: 'points', align: 'right', render: (p: number, row) => (row.rate === null ? '不计分' : p) },
            ]} />
          </Col>
          <Col span={24}>
            <Card size="small" title="部门考核排名">
              <ExportButton table="departments" filter={filter} />
              <StatTable rows={ranked} columns={unitColumns('部门')} rowKey="key" caption="部门考核排名" />
              {idle.length > 0 && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>本年度未牵头抽查任务、不计分的部门：{idle.map((r) => r.name).join('、')}</Typography.Paragraph>}
            </Card>
          </Col>
          {editableRegion && <Col span={24}><WeightsEditor regionCode={editableRegion.code} regionName={editableRegion.name} /></Col>}
        </Row>
      )}
    </Card>
  );
}
