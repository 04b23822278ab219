/**
 * 抽查任务 (issue #9 item 4; 威海第6条 实施方案): the tasks the caller's department leads or takes part in, with their
 * status; 新增临时任务 or 从计划创建 open the task editor; a row opens the task's detail (approval and actions).
 */
import { PlusOutlined, ProfileOutlined } from '@ant-design/icons';
import { Button, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { tasksApi, usePlannedTaskOptions, type TaskRow } from '../../api/tasks';
import { useCan } from '../../auth/current_user';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { TASK_KIND_ENUM, TASK_STATUS_ENUM } from './task_labels';

const thisYear = new Date().getFullYear();
const YEARS = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: `${y}年` }));

const COLUMNS: readonly ListColumn<TaskRow>[] = [
  { key: 'code', title: '任务编号', dataIndex: 'code', width: 140 },
  {
    key: 'keyword', title: '任务名称', width: 220, ellipsis: true, search: { kind: 'text', name: 'keyword', placeholder: '名称或编号' },
    render: (row) => <Link to={`/workflow/tasks/${row.id}`}>{row.name}</Link>,
  },
  { key: 'kind', title: '类型', dataIndex: 'kind', valueEnum: TASK_KIND_ENUM, width: 100 },
  { key: 'year', title: '年度', dataIndex: 'year', width: 80, search: { kind: 'select', name: 'year', options: YEARS } },
  { key: 'status', title: '状态', dataIndex: 'status', valueEnum: TASK_STATUS_ENUM, width: 100, search: true },
  { key: 'step', title: '当前环节', width: 140, render: (row) => row.currentStepLabel ?? '—' },
  { key: 'lead', title: '牵头部门', dataIndex: 'leadDepartmentName', width: 200, ellipsis: true, defaultHidden: true },
  { key: 'participants', title: '参与部门', width: 220, ellipsis: true, defaultHidden: true, render: (row) => row.participatingDepartmentNames.join('、') || '—' },
  { key: 'period', title: '实施期间', width: 200, defaultHidden: true, render: (row) => `${row.periodStart} 至 ${row.periodEnd}` },
  { key: 'plan', title: '所属计划', width: 220, ellipsis: true, defaultHidden: true, render: (row) => row.planName ?? '临时任务' },
];

function FromPlanDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const options = usePlannedTaskOptions(open);
  const navigate = useNavigate();
  const [picked, setPicked] = useState<string | undefined>();
  const choices = (options.data ?? []).map((o) => ({ value: `${o.planId}|${o.key}`, label: `${o.planName} · ${o.name}（${o.windowStart} 至 ${o.windowEnd}）` }));
  return (
    <Modal
      title="从年度计划创建任务" open={open} onCancel={onClose} okText="下一步" okButtonProps={{ disabled: !picked }}
      onOk={() => {
        if (!picked) return;
        const [plan, key] = picked.split('|');
        void navigate(`/workflow/tasks/new?plan=${encodeURIComponent(plan ?? '')}&key=${encodeURIComponent(key ?? '')}`);
      }}
    >
      <Typography.Paragraph type="secondary">列出本部门牵头或参与的已发布年度计划中的任务；所选任务的事项、对象范围、比例、检查方式和时间作为实施方案的初始内容。</Typography.Paragraph>
      <Select
        style={{ width: '100%' }} placeholder="请选择计划中的任务" loading={options.isPending} options={choices} value={picked} onChange={setPicked}
        notFoundContent={options.isError ? '加载失败' : '没有可用的已发布计划任务'}
      />
    </Modal>
  );
}

export function TasksPage() {
  const can = useCan();
  const navigate = useNavigate();
  const [fromPlan, setFromPlan] = useState(false);
  const creating = can('workflow:task:create');
  return (
    <>
      <ListPage
        noun="抽查任务"
        api={tasksApi}
        columns={COLUMNS}
        rowKey={(row) => row.id}
        rowLabel={(row) => row.name}
        capabilities={() => ({ edit: null, delete: '抽查任务不能删除' })}
        rowActions={(row) => [
          { key: 'view', label: '查看', onClick: () => { void navigate(`/workflow/tasks/${row.id}`); } },
          {
            key: 'edit', label: '编辑', permission: 'workflow:task:update', disabled: row.actions.edit !== null, reason: row.actions.edit ?? undefined,
            onClick: () => { void navigate(`/workflow/tasks/${row.id}/edit`); },
          },
        ]}
        toolbarExtra={creating ? (
          <Space>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => { void navigate('/workflow/tasks/new'); }}>新增临时任务</Button>
            <Button icon={<ProfileOutlined />} onClick={() => setFromPlan(true)}>从计划创建</Button>
          </Space>
        ) : undefined}
        header={<Typography.Paragraph type="secondary">抽查任务（实施方案）由牵头部门起草：检查事项、对象范围、分层抽查比例和检查组设置；经审批发布后进行随机抽取。参与部门可查看本部门参与的任务。</Typography.Paragraph>}
      />
      <FromPlanDialog open={fromPlan} onClose={() => setFromPlan(false)} />
    </>
  );
}
