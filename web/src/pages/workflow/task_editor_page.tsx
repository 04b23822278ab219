/**
 * The task editor (实施方案): 基本信息 → 检查事项 → 对象范围 → 分层与比例 → 检查组设置, one form whose field names are the
 * API body's paths. A new task is ad hoc, or starts from a published plan's planned task (?plan=&key=) whose
 * items, scope, strata, methods and window are the defaults. The server checks everything again and marks the
 * fields it refuses.
 */
import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Steps, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { DEFAULT_ANNUAL_CAP, DEFAULT_TEAM_SETTINGS } from '../../../../domain/workflow/task_spec';
import { errorMessage, isApiError, type FieldError } from '../../api/client';
import { usePlannedTaskOptions, useSaveTask, useTask, useTaskDepartmentOptions, type TaskSpecInput } from '../../api/tasks';
import { useCurrentUser } from '../../auth/current_user';
import { PageLoading } from '../../components/page_states';
import { useRecordTitle } from '../../layout/record_title';
import { defaultStratum, ItemsSection, ScopeSection, StrataSection, TeamSection } from './task_editor_sections';

interface Values {
  name: string;
  period: [Dayjs, Dayjs] | null;
  participatingDepartmentIds: string[];
  spec: TaskSpecInput;
}

function emptySpec(regionCode: string): TaskSpecInput {
  return {
    items: [], targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] }, regionCodes: [regionCode],
    stratifyBy: 'credit_class', strata: ['A', 'B', 'C', 'D'].map(defaultStratum), minTotalPercent: '3', annualCap: DEFAULT_ANNUAL_CAP,
    methods: ['实地核查'], team: { ...DEFAULT_TEAM_SETTINGS, departmentQuotas: [] }, supervisorsRequired: 1,
  };
}

const SECTIONS = ['基本信息', '检查事项', '对象范围', '分层与比例', '检查组设置'];

/** A server path (spec.strata.0.value) as an antd name path (['spec', 'strata', 0, 'value']). */
const namePath = (field: string) => field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

export function TaskEditorPage() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const planId = search.get('plan');
  const planKey = search.get('key');
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const existing = useTask(id);
  const plans = usePlannedTaskOptions(!id && planId !== null);
  const departments = useTaskDepartmentOptions();
  const save = useSaveTask();
  const [problems, setProblems] = useState<FieldError[]>([]);
  const [ready, setReady] = useState(false);
  const planned = plans.data?.find((o) => o.planId === planId && o.key === planKey);
  useRecordTitle(existing.data?.name);

  useEffect(() => {
    if (ready) return;
    const region = me.region?.code ?? '';
    if (id) {
      if (!existing.data) return;
      const t = existing.data;
      form.setFieldsValue({ name: t.name, period: [dayjs(t.periodStart), dayjs(t.periodEnd)], participatingDepartmentIds: t.participatingDepartmentIds, spec: t.spec });
    } else if (planId) {
      if (!planned) return;
      const d = planned.defaults;
      form.setFieldsValue({ name: d.name, period: [dayjs(d.periodStart), dayjs(d.periodEnd)], participatingDepartmentIds: d.participatingDepartmentIds, spec: d.spec });
    } else {
      form.setFieldsValue({ name: '', period: null, participatingDepartmentIds: [], spec: emptySpec(region) });
    }
    setReady(true);
  }, [ready, id, existing.data, planId, planned, form, me.region]);

  const participants = (Form.useWatch('participatingDepartmentIds', form) as string[] | undefined) ?? [];
  const leadId = existing.data?.leadDepartmentId ?? me.department?.id ?? '';
  const taskDepartmentIds = useMemo(() => [leadId, ...participants].filter(Boolean), [leadId, participants]);
  const nameOf = (deptId: string) => departments.data?.find((d) => d.id === deptId)?.name ?? existing.data?.departmentNames[deptId] ?? deptId;
  const departmentChoices = taskDepartmentIds.map((d) => ({ value: d, label: nameOf(d) }));

  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const [start, end] = values.period ?? [null, null];
    const body = {
      name: values.name, periodStart: start?.format('YYYY-MM-DD') ?? '', periodEnd: end?.format('YYYY-MM-DD') ?? '',
      participatingDepartmentIds: values.participatingDepartmentIds, spec: { ...values.spec, team: { ...values.spec.team, leaderFromLead: true } },
    };
    setProblems([]);
    try {
      const saved = await save.mutateAsync(id && existing.data
        ? { id, body: { ...body, rowVersion: existing.data.rowVersion } }
        : { id: null, body: { ...body, planId: planned?.planId ?? null, planTaskKey: planned?.key ?? null } });
      message.success(id ? '实施方案已保存' : `已新增抽查任务 ${saved.code}`);
      void navigate(`/workflow/tasks/${saved.id}`);
    } catch (error) {
      if (isApiError(error) && error.details.length > 0) {
        setProblems([...error.details]);
        const period = error.details.filter((d) => d.field === 'periodStart' || d.field === 'periodEnd').map((d) => d.message);
        form.setFields([
          ...error.details.map((d) => ({ name: namePath(d.field) as never, errors: [d.message] })),
          ...(period.length > 0 ? [{ name: 'period' as const, errors: period }] : []),
        ]);
      }
      message.error(errorMessage(error));
    }
  }

  if ((id && existing.isPending) || (planId && plans.isPending)) return <PageLoading />;
  if (planId && !planned) return <Alert type="error" showIcon message="计划任务不存在，或计划尚未发布" action={<Link to="/workflow/tasks">返回列表</Link>} />;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space>
        <Link to={id ? `/workflow/tasks/${id}` : '/workflow/tasks'}><ArrowLeftOutlined /> 返回</Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {id ? `编辑实施方案 ${existing.data?.code ?? ''}` : planned ? `从计划创建：${planned.planName} · ${planned.name}` : '新增临时任务'}
        </Typography.Title>
      </Space>
      <Steps size="small" current={-1} items={SECTIONS.map((title) => ({ title }))} />
      {problems.length > 0 && (
        <Alert type="error" showIcon message="请修改以下内容后再保存" description={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p) => <li key={`${p.field}${p.message}`}>{p.message}</li>)}</ul>} />
      )}
      <Form form={form} layout="vertical" onValuesChange={() => undefined}>
        <Card title="一、基本信息" size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label="任务名称" rules={[{ required: true, whitespace: true, message: '请输入任务名称' }, { min: 2, max: 200, message: '2–200 个字符' }]}>
                <Input placeholder="如：2026年食品经营与排污许可联合抽查" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="period" label="实施期间" rules={[{ required: true, message: '请选择实施期间' }]} extra={planned ? `须在计划时间范围 ${planned.windowStart} 至 ${planned.windowEnd} 内` : '临时任务，须在同一年度内'}>
                <DatePicker.RangePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label="牵头部门"><Input value={existing.data?.leadDepartmentName ?? me.department?.name ?? '（本人未归属部门）'} disabled /></Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="participatingDepartmentIds" label="参与部门" extra="部门联合抽查：选择参与的部门，其检查事项可加入本任务">
                <Select
                  mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} loading={departments.isPending} placeholder="不选为本部门单独抽查"
                  options={(departments.data ?? []).filter((d) => d.id !== leadId).map((d) => ({ value: d.id, label: d.name }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title="二、检查事项（取自各部门现行发布的抽查事项清单）" size="small" style={{ marginBottom: 16 }}>
          <ItemsSection departmentIds={taskDepartmentIds} />
        </Card>
        <Card title="三、对象范围" size="small" style={{ marginBottom: 16 }}>
          <ScopeSection />
        </Card>
        <Card title="四、分层与比例" size="small" style={{ marginBottom: 16 }}>
          <StrataSection onStratifyChange={(by) => form.setFieldValue(['spec', 'strata'], by === 'none' ? [defaultStratum('all')] : ['A', 'B', 'C', 'D'].map(defaultStratum))} />
        </Card>
        <Card title="五、检查组设置" size="small" style={{ marginBottom: 16 }}>
          <TeamSection departments={departmentChoices} />
        </Card>
      </Form>
      <Space>
        <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => { void submit(); }}>保存</Button>
        <Button onClick={() => { void navigate(id ? `/workflow/tasks/${id}` : '/workflow/tasks'); }}>取消</Button>
      </Space>
    </Space>
  );
}
