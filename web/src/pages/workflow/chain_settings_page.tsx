/**
 * 审批流程设置 (双随机办, workflow:chain:manage): the region's approval chain for plans and for tasks — a
 * preset (默认 / 威海 / 东胜) or a custom ordered list of steps (role + where the approver sits) — and the
 * due dates of the year's plans. New plans and tasks copy the chain in; those under way keep theirs.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { useEffect } from 'react';
import { errorMessage } from '../../api/client';
import { useChainSettings, useSaveChainSettings, type ChainSettingsBody, type ChainSettingsData } from '../../api/plans';
import { useCurrentUser } from '../../auth/current_user';
import { applyServerErrors } from '../../components/form_errors';
import { SCOPE_LABELS } from './plan_labels';

type Chain = ChainSettingsData['plan'];
interface Values { plan: Chain; task: Chain; jointMonth: number; jointDay: number | 'end'; departmentMonth: number; departmentDay: number | 'end' }

const SCOPE_OPTIONS = Object.entries(SCOPE_LABELS).map(([value, label]) => ({ value, label }));
const DAY_OPTIONS = [{ value: 'end', label: '月底' }, ...Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: `${i + 1} 日` }))];

function ChainEditor({ name, title, presets, roles, form }: { name: 'plan' | 'task'; title: string; presets: readonly Chain[]; roles: ChainSettingsData['roles']; form: FormInstance<Values> }) {
  const key = Form.useWatch([name, 'key'], form);
  const roleOptions = roles.map((r) => ({ value: r.key, label: `${r.name}（${r.key}）` }));
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }} extra={
      <Select style={{ width: 320 }} value={presets.some((p) => p.key === key) ? key : 'custom'} aria-label={`${title}预设`}
        options={[...presets.map((p) => ({ value: p.key, label: `${p.label}（${p.source}）` })), { value: 'custom', label: '自定义' }]}
        onChange={(value: string) => {
          const preset = presets.find((p) => p.key === value);
          form.setFieldValue(name, preset ? { ...preset, steps: preset.steps.map((s) => ({ ...s })) } : { ...form.getFieldValue(name) as Chain, key: 'custom', label: '自定义审批链', source: '本级设置' });
        }} />
    }>
      <Form.Item name={[name, 'key']} hidden><Input /></Form.Item>
      <Form.Item name={[name, 'source']} hidden><Input /></Form.Item>
      <Form.Item name={[name, 'label']} label="名称" rules={[{ required: true, message: '请填写审批链名称' }]}><Input style={{ maxWidth: 420 }} /></Form.Item>
      <Form.List name={[name, 'steps']}>
        {(fields, { add, remove, move }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }}>
                <Tag color="blue">第 {index + 1} 步</Tag>
                <Form.Item name={[field.name, 'label']} rules={[{ required: true, message: '请填写环节名称' }]}><Input placeholder="环节名称，如 司法行政合法性审核" style={{ width: 240 }} /></Form.Item>
                <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: '请选择角色' }]}><Select placeholder="办理角色" options={roleOptions} style={{ width: 240 }} showSearch={{ optionFilterProp: 'label' }} /></Form.Item>
                <Form.Item name={[field.name, 'scope']} rules={[{ required: true, message: '请选择范围' }]}><Select placeholder="办理范围" options={SCOPE_OPTIONS} style={{ width: 130 }} /></Form.Item>
                <Form.Item name={[field.name, 'key']} hidden><Input /></Form.Item>
                <Button size="small" disabled={index === 0} onClick={() => move(index, index - 1)}>上移</Button>
                <MinusCircleOutlined aria-label="删除环节" onClick={() => { remove(field.name); form.setFieldValue([name, 'key'], 'custom'); }} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => { add({ key: `step_${Date.now() % 100000}`, label: '', role: undefined, scope: 'same_region' }); form.setFieldValue([name, 'key'], 'custom'); }}>添加环节</Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

export function ChainSettingsPage() {
  const me = useCurrentUser();
  const regionCode = me.region?.code ?? null;
  const settings = useChainSettings(regionCode);
  const save = useSaveChainSettings(regionCode ?? '');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const data = settings.data;
  useEffect(() => {
    if (!data) return;
    form.setFieldsValue({
      plan: data.plan, task: data.task, jointMonth: data.dueDates.joint.month, jointDay: data.dueDates.joint.day,
      departmentMonth: data.dueDates.department.month, departmentDay: data.dueDates.department.day,
    });
  }, [data, form]);
  if (!regionCode) return <Card><Alert type="warning" showIcon title="您的账号没有所属行政区划，不能设置审批流程" /></Card>;
  if (settings.isError) return <Card><Alert type="error" showIcon title="审批流程加载失败" description={errorMessage(settings.error)} /></Card>;
  if (!data) return <Card loading />;

  async function submit(v: Values) {
    const body: ChainSettingsBody = {
      plan: v.plan, task: v.task,
      dueDates: { joint: { month: v.jointMonth, day: v.jointDay }, department: { month: v.departmentMonth, day: v.departmentDay } },
    };
    try { await save.mutateAsync(body); message.success('审批流程已保存，之后新建的计划和任务采用'); } catch (error) { message.error(applyServerErrors(form, error)); }
  }

  const presets = data.presets;
  return (
    <Card variant="borderless" title={`审批流程设置（${me.region?.name ?? regionCode}）`}>
      <Typography.Paragraph type="secondary">
        计划与任务新建时复制本级审批链，之后修改只影响新建的记录。默认：部门负责人审核 → 司法行政合法性审核 → 双随机办发布（计划须经合法性审核后发布）。
        {!data.own.plan && ' 本级尚未单独设置，当前显示沿用上级或平台默认。'}
      </Typography.Paragraph>
      <Form form={form} name="chainSettings" layout="vertical" onFinish={(v) => void submit(v)}>
        <ChainEditor name="plan" title="年度抽查计划审批链" presets={presets.filter((p) => p.key !== 'task_default')} roles={data.roles} form={form} />
        <ChainEditor name="task" title="抽查任务（实施方案）审批链" presets={presets.filter((p) => p.key === 'task_default')} roles={data.roles} form={form} />
        <Card size="small" title="年度计划报送期限" style={{ marginBottom: 16 }}>
          <Space wrap size={24}>
            <Space>联合抽查计划：<Form.Item name="jointMonth" noStyle><InputNumber min={1} max={12} aria-label="联合计划月份" /></Form.Item>月
              <Form.Item name="jointDay" noStyle><Select options={DAY_OPTIONS} style={{ width: 100 }} aria-label="联合计划日" /></Form.Item>前</Space>
            <Space>部门计划：<Form.Item name="departmentMonth" noStyle><InputNumber min={1} max={12} aria-label="部门计划月份" /></Form.Item>月
              <Form.Item name="departmentDay" noStyle><Select options={DAY_OPTIONS} style={{ width: 100 }} aria-label="部门计划日" /></Form.Item>前</Space>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>到期前未报送的，双随机办的待办中提示。</Typography.Paragraph>
        </Card>
        <Button type="primary" htmlType="submit" loading={save.isPending}>保存</Button>
      </Form>
    </Card>
  );
}
