/**
 * 年度抽查计划公示 (长春第9条、东胜 四（三）: 计划向社会公开): the version in force of every published plan, with its
 * planned tasks, windows, methods and check items. Ratios per credit class are not shown here (they are the
 * departments' working parameters; the draw's commitment publishes the counts it drew).
 */
import { Alert, Card, Collapse, Empty, List, Pagination, Space, Tag, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { usePublicPlans, type PublicPlanRow } from '../../api/portal';
import { formatDate } from '../../components/format';
import type { SearchField } from '../../components/list_types';
import { SearchForm } from '../../components/search_form';
import { useListQuery } from '../../components/url_query';

const FILTERS = ['year', 'keyword'];

function PlanCard({ plan }: { plan: PublicPlanRow }) {
  return (
    <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{plan.name}</span>} extra={<Tag color={plan.status === '已发布' ? 'blue' : 'default'}>{plan.status}</Tag>}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{plan.year} 年 · {plan.kind} · 牵头部门：{plan.leadDepartmentName}{plan.participatingDepartmentNames.length > 0 ? ` · 参与部门：${plan.participatingDepartmentNames.join('、')}` : ''} · 第 {plan.version} 版</Typography.Text>
        {plan.summary !== '' && <Typography.Paragraph style={{ marginBottom: 4 }}>{plan.summary}</Typography.Paragraph>}
        <Collapse size="small" items={plan.tasks.map((t) => ({
          key: t.key,
          label: `${t.name}（${formatDate(t.windowStart)} 至 ${formatDate(t.windowEnd)}）`,
          children: (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <span>检查方式：{t.methods.join('、') || '—'} · 频次：每年 {t.frequency} 次</span>
              <List size="small" dataSource={t.items} renderItem={(i) => <List.Item style={{ paddingInline: 0 }}>{i.code} {i.name}</List.Item>} />
            </Space>
          ),
        }))} />
      </Space>
    </Card>
  );
}

export function PublicPlans() {
  const query = useListQuery(FILTERS, 10);
  const plans = usePublicPlans({ ...query.filters, page: query.page, pageSize: query.pageSize });
  const fields: SearchField[] = [
    { kind: 'text', name: 'year', label: '年度', placeholder: '如 2026' },
    { kind: 'text', name: 'keyword', label: '计划名称', placeholder: '计划名称中的字词' },
  ];
  return (
    <>
      <SearchForm fields={fields} filters={query.filters} onSearch={query.search} />
      {plans.isError && <Alert type="error" showIcon title="查询失败" description={errorMessage(plans.error)} style={{ marginBottom: 16 }} />}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {(plans.data?.rows ?? []).map((p) => <PlanCard key={p.id} plan={p} />)}
        {plans.data?.total === 0 && <Empty description="没有已发布的年度抽查计划" />}
        {plans.data && plans.data.total > query.pageSize && <Pagination current={query.page} pageSize={query.pageSize} total={plans.data.total} onChange={query.setPage} size="small" />}
      </Space>
    </>
  );
}
