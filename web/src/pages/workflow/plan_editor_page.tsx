/**
 * The plan editor: a new plan (部门计划 or 联合抽查计划 with its participating departments) or the current
 * version of a draft / returned plan, with its planned tasks (one dialog per task). Saving sends the
 * rowVersion read, so a plan someone else changed meanwhile is refused with 409 and reloaded.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage, isApiError } from '../../api/client';
import { PLAN_PAGE, useChecklistPicker, usePlan, usePlanDepartments, useSavePlan, type PlannedTaskBody } from '../../api/plans';
import { useCurrentUser } from '../../auth/current_user';
import { useRecordTitle } from '../../layout/record_title';
import { itemIndex, PlannedTaskDialog } from './planned_task_dialog';
import { stratumText } from './plan_labels';

interface Values { kind: 'department' | 'joint'; year: number; name: string; participatingDepartmentIds: string[]; summary: string }

export function PlanEditorPage() {
  const { id = '' } = useParams();
  const editing = id !== '';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const plan = usePlan(id);
  const departments = usePlanDepartments();
  const save = useSavePlan();
  const [form] = Form.useForm<Values>();
  const [tasks, setTasks] = useState<PlannedTaskBody[]>([]);
  const [dialog, setDialog] = useState<{ index: number | null } | null>(null);
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const kind = Form.useWatch('kind', form);
  const year = Form.useWatch('year', form) ?? new Date().getFullYear() + 1;
  const partners = Form.useWatch('participatingDepartmentIds', form);
  useRecordTitle(editing ? plan.data?.name : '新增年度抽查计划');

  useEffect(() => {
    if (!plan.data) return;
    const p = plan.data;
    form.setFieldsValue({ kind: p.kind, year: p.year, name: p.name, participatingDepartmentIds: p.participatingDepartments.map((d) => d.id), summary: p.content.summary });
    setTasks(p.content.tasks.map((t) => ({ ...t, items: t.items.map((i) => ({ checklistVersionId: i.checklistVersionId, itemId: i.itemId })) })));
  }, [plan.data, form]);

  const leadId = plan.data?.leadDepartmentId ?? me.department?.id ?? '';
  const departmentIds = useMemo(() => [leadId, ...(kind === 'joint' ? partners ?? [] : [])].filter((d) => d !== ''), [leadId, kind, partners]);
  const picker = useChecklistPicker(departmentIds);
  const labels = useMemo(() => {
    const index = itemIndex(picker.data);
    for (const t of plan.data?.content.tasks ?? []) for (const i of t.items) if (!index.has(i.itemId)) index.set(i.itemId, { checklistVersionId: i.checklistVersionId, label: `${i.code} ${i.name}` });
    return index;
  }, [picker.data, plan.data]);

  if (editing && plan.isError) return <Card><Alert type="error" showIcon title="计划加载失败" description={errorMessage(plan.error)} /></Card>;
  if (editing && !plan.data) return <Card loading />;

  async function submit(values: Values) {
    setProblems([]);
    const content = { summary: values.summary ?? '', tasks };
    const participatingDepartmentIds = values.kind === 'joint' ? values.participatingDepartmentIds ?? [] : [];
    try {
      const saved = await save.mutateAsync(editing && plan.data
        ? { id, body: { rowVersion: plan.data.rowVersion, name: values.name, participatingDepartmentIds, content } }
        : { id: null, body: { kind: values.kind, year: values.year, name: values.name, participatingDepartmentIds, content } });
      message.success('计划已保存');
      void navigate(`${PLAN_PAGE}/${saved.id}`);
    } catch (error) {
      message.error(errorMessage(error));
      if (isApiError(error)) setProblems([...error.details]);
    }
  }

  const nextKey = `T${Math.max(0, ...tasks.map((t) => Number(/^T(\d+)$/.exec(t.key)?.[1] ?? 0))) + 1}`;
  const partnerOptions = (departments.data ?? []).filter((d) => d.id !== leadId).map((d) => ({ value: d.id, label: d.name }));
  return (
    <Card variant="borderless" title={editing ? `编辑计划：${plan.data?.name ?? ''}（第 ${plan.data?.version ?? ''} 版）` : '新增年度抽查计划'}>
      {plan.data?.returnComments && plan.data.status === 'returned' && <Alert type="warning" showIcon title="退回意见" description={plan.data.returnComments} style={{ marginBottom: 16 }} />}
      <Form form={form} name="plan" layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ kind: 'joint', year: new Date().getFullYear() + 1, participatingDepartmentIds: [], summary: '' }} style={{ maxWidth: 960 }}>
        <Space size={24} wrap>
          <Form.Item name="kind" label="计划类型"><Radio.Group disabled={editing} options={[{ value: 'joint', label: '联合抽查计划' }, { value: 'department', label: '部门计划' }]} /></Form.Item>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}><InputNumber disabled={editing} min={2000} max={2100} precision={0} /></Form.Item>
          <Form.Item label="牵头部门"><Typography.Text>{plan.data?.leadDepartmentName ?? me.department?.name ?? '—'}</Typography.Text></Form.Item>
        </Space>
        <Form.Item name="name" label="计划名称" rules={[{ required: true, whitespace: true, message: '请输入计划名称' }, { max: 200, message: '不能超过 200 个字符' }]}>
          <Input placeholder={`如：${year}年度市场监管领域部门联合抽查计划`} />
        </Form.Item>
        {kind === 'joint' && (
          <Form.Item name="participatingDepartmentIds" label="参与部门" rules={[{ required: true, message: '联合抽查计划至少要有一个参与部门' }]}>
            <Select mode="multiple" options={partnerOptions} loading={departments.isPending} placeholder="选择同级参与部门" showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        )}
        <Form.Item name="summary" label="计划说明"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Space style={{ marginBottom: 8 }}>
          <Typography.Text strong>抽查任务</Typography.Text>
          <Button icon={<PlusOutlined />} onClick={() => setDialog({ index: null })}>新增任务</Button>
        </Space>
        <Table
          rowKey="key" size="small" pagination={false} dataSource={tasks}
          columns={[
            { title: '编号', dataIndex: 'key', width: 60 },
            { title: '任务名称', dataIndex: 'name', width: 200 },
            { title: '检查事项', render: (_: unknown, t: PlannedTaskBody) => t.items.map((i) => labels.get(i.itemId)?.label ?? i.itemId).join('；') || <Typography.Text type="danger">未选择</Typography.Text> },
            { title: '抽查比例', width: 240, render: (_: unknown, t: PlannedTaskBody) => t.strata.map((s) => <div key={s.key}>{stratumText({ ...s, minPercent: s.minPercent ?? '' })}</div>) },
            { title: '频次', dataIndex: 'frequency', width: 60 },
            { title: '时间安排', width: 190, render: (_: unknown, t: PlannedTaskBody) => `${t.windowStart} 至 ${t.windowEnd}` },
            {
              title: '操作', width: 120, render: (_: unknown, t: PlannedTaskBody, index: number) => (
                <Space>
                  <Button type="link" size="small" onClick={() => setDialog({ index })}>编辑</Button>
                  <Button type="link" size="small" danger onClick={() => setTasks(tasks.filter((x) => x.key !== t.key))}>删除</Button>
                </Space>
              ),
            },
          ]}
        />
        {problems.length > 0 && (
          <Alert type="error" showIcon style={{ marginTop: 16 }} title="计划内容不符合要求" description={<ul style={{ margin: 0 }}>{problems.map((p) => <li key={`${p.field}${p.message}`}>{p.message}</li>)}</ul>} />
        )}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>保存</Button>
          <Button onClick={() => void navigate(editing ? `${PLAN_PAGE}/${id}` : PLAN_PAGE)}>取消</Button>
        </Space>
      </Form>
      <PlannedTaskDialog
        open={dialog !== null} year={year} departmentIds={departmentIds} nextKey={nextKey}
        task={dialog?.index !== null && dialog?.index !== undefined ? tasks[dialog.index] ?? null : null}
        onCancel={() => setDialog(null)}
        onSave={(task) => {
          setTasks(dialog?.index !== null && dialog?.index !== undefined ? tasks.map((t, i) => (i === dialog.index ? task : t)) : [...tasks, task]);
          setDialog(null);
        }}
      />
    </Card>
  );
}
