/**
 * 联合抽查计划汇总 (联席会议办公室): the region's annual joint plan, assembled from every department's
 * published joint plans (lead, participants, planned tasks), with the departments that filed none; .xlsx.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { PLAN_PAGE, jointSummaryExportUrl, useJointSummary } from '../../api/plans';
import { PlanTasksTable } from './plan_content_table';

export function JointPlanSummaryPage() {
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  const summary = useJointSummary(year);
  const data = summary.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless">
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>{data?.regionName ?? ''}{year}年度市场监管领域部门联合抽查计划</Typography.Title>
          <Select value={year} onChange={setYear} style={{ width: 110 }} aria-label="年度" options={Array.from({ length: 6 }, (_, i) => 2025 + i).map((y) => ({ value: y, label: `${y} 年` }))} />
          <Button icon={<DownloadOutlined />} href={jointSummaryExportUrl(year)} disabled={!data || data.plans.length === 0}>导出 Excel</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>由各部门已发布的联合抽查计划汇总而成；调整中的计划显示现行版本。</Typography.Paragraph>
        {data && data.departmentsWithoutJointPlan.length > 0 && (
          <Alert type="warning" showIcon title={`尚未参与任何已发布联合抽查计划的部门（${data.departmentsWithoutJointPlan.length}）`} description={data.departmentsWithoutJointPlan.join('、')} />
        )}
      </Card>
      {summary.isError && <Alert type="error" showIcon title="汇总加载失败" description={errorMessage(summary.error)} />}
      {summary.isPending && <Card loading />}
      {data && data.plans.length === 0 && <Card><Empty description={`${year} 年度还没有已发布的联合抽查计划`} /></Card>}
      {data?.plans.map((plan) => (
        <Card key={plan.id} variant="borderless" title={<Link to={`${PLAN_PAGE}/${plan.id}`}>{plan.name}</Link>} extra={<Space><Tag color="green">现行第 {plan.publishedVersion} 版</Tag>{plan.adjusting && <Tag color="gold">调整中</Tag>}</Space>}>
          <Descriptions size="small" column={2} items={[
            { key: 'lead', label: '牵头部门', children: plan.leadDepartmentName },
            { key: 'partners', label: '参与部门', children: plan.participatingDepartmentNames.join('、') },
          ]} />
          <PlanTasksTable tasks={plan.tasks} />
        </Card>
      ))}
    </Space>
  );
}
