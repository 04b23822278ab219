/**
 * 年度抽查计划: department and joint plans in the caller's view, with their status (审核中 shows the step
 * under way). 新增 opens the plan editor; a row opens the plan's detail.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { PLAN_PAGE, plansApi, type PlanRow } from '../../api/plans';
import { useCan } from '../../auth/current_user';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { ValueTag } from '../../components/value_tag';
import { PLAN_KIND_ENUM, PLAN_STATUS_ENUM } from './plan_labels';

const YEAR_OPTIONS = Array.from({ length: 6 }, (_, i) => 2025 + i).map((y) => ({ value: String(y), label: `${y} 年` }));

const COLUMNS: ListColumn<PlanRow>[] = [
  { key: 'name', title: '计划名称', width: 250, ellipsis: true, search: { kind: 'text', name: 'name', placeholder: '计划名称' }, render: (row) => <Link to={`${PLAN_PAGE}/${row.id}`}>{row.name}</Link> },
  { key: 'year', title: '年度', dataIndex: 'year', width: 80, search: { kind: 'select', name: 'year', options: YEAR_OPTIONS } },
  { key: 'kind', title: '类型', dataIndex: 'kind', width: 120, valueEnum: PLAN_KIND_ENUM, search: true },
  { key: 'lead', title: '牵头部门', dataIndex: 'leadDepartmentName', width: 170, ellipsis: true },
  { key: 'partners', title: '参与部门', width: 220, ellipsis: true, defaultHidden: true, render: (row) => row.participatingDepartments.map((d) => d.name).join('、') || '—' },
  {
    key: 'status', title: '状态', dataIndex: 'status', width: 220, valueEnum: PLAN_STATUS_ENUM, search: true,
    render: (row) => (
      <Space size={4} wrap>
        <ValueTag value={row.status} valueEnum={PLAN_STATUS_ENUM} />
        {row.currentStep && <Typography.Text type="secondary">{row.currentStep}</Typography.Text>}
        {row.adjusting && <Tag color="gold">调整中</Tag>}
      </Space>
    ),
  },
  { key: 'version', title: '版本', width: 130, defaultHidden: true, render: (row) => `第 ${row.version} 版${row.publishedVersion !== null ? `（现行第 ${row.publishedVersion} 版）` : ''}` },
  { key: 'updatedAt', title: '更新时间', dataIndex: 'updatedAt', valueType: 'dateTime', width: 170, defaultHidden: true },
];

export function PlansPage() {
  const navigate = useNavigate();
  const can = useCan();
  return (
    <ListPage
      noun="年度抽查计划"
      api={plansApi}
      columns={COLUMNS}
      rowKey={(row) => row.id}
      rowLabel={(row) => row.name}
      toolbarExtra={can('workflow:plan:create') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(`${PLAN_PAGE}/new`)}>新增</Button> : null}
      rowActions={(row) => [
        { key: 'open', label: '查看', onClick: () => void navigate(`${PLAN_PAGE}/${row.id}`) },
        { key: 'edit', label: '编辑', permission: 'workflow:plan:update', disabled: row.actions.edit !== null, reason: row.actions.edit ?? undefined, onClick: () => void navigate(`${PLAN_PAGE}/${row.id}/edit`) },
      ]}
      actionColumnWidth={150}
      header={<Typography.Paragraph type="secondary">联合抽查计划于每年 1 月底前、部门计划于 2 月底前报送（可在「审批流程设置」中调整）；审批通过最后一个环节即发布。已发布的计划需要调整时，「调整计划」生成新版本，10 个工作日内重新发布。</Typography.Paragraph>}
    />
  );
}
