/** The planned tasks of one plan version, read-only (detail page, version history, joint plan summary). */
import { Table, Tag, Typography } from 'antd';
import type { PlanDetail } from '../../api/plans';
import { stratumText } from './plan_labels';

type Task = PlanDetail['content']['tasks'][number];

function targetingText(t: Task): string {
  if (t.targeting.mode === 'untargeted') return '不定向';
  const parts = [
    t.targeting.entityTypes.length > 0 ? `主体类型 ${t.targeting.entityTypes.join('、')}` : '',
    t.targeting.industryCodes.length > 0 ? `行业 ${t.targeting.industryCodes.join('、')}` : '',
    t.targeting.scopeKeywords.length > 0 ? `经营范围含 ${t.targeting.scopeKeywords.join('、')}` : '',
  ].filter((p) => p !== '');
  return `定向：${parts.join('；') || '—'}`;
}

export function PlanTasksTable({ tasks }: { tasks: readonly Task[] }) {
  return (
    <Table
      rowKey="key" size="small" pagination={false} dataSource={[...tasks]} scroll={{ x: 1200 }}
      locale={{ emptyText: '还没有抽查任务' }}
      columns={[
        { title: '编号', dataIndex: 'key', width: 60 },
        { title: '任务名称', dataIndex: 'name', width: 200 },
        {
          title: '检查事项（固定引用的清单版本）', width: 280, render: (_: unknown, t: Task) => t.items.length === 0
            ? <Typography.Text type="danger">未选择</Typography.Text>
            : t.items.map((i) => <div key={i.itemId}><Tag>{i.code}</Tag>{i.name}</div>),
        },
        { title: '对象范围', width: 150, render: (_: unknown, t: Task) => targetingText(t) },
        { title: '抽查比例（取整规则）', width: 250, render: (_: unknown, t: Task) => t.strata.map((s) => <div key={s.key}>{stratumText(s)}</div>) },
        { title: '频次', dataIndex: 'frequency', width: 60 },
        { title: '检查方式', width: 140, render: (_: unknown, t: Task) => t.methods.join('、') || '—' },
        { title: '时间安排', width: 210, render: (_: unknown, t: Task) => `${t.windowStart} 至 ${t.windowEnd}` },
      ]}
    />
  );
}
