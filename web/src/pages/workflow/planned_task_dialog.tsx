/**
 * One planned task of a plan (年度抽查计划的任务): checklist items picked from the PUBLISHED lists of the
 * plan's departments (pinned to that version), 定向/不定向, strata by credit class with ratio or count and
 * the rounding rule, frequency, methods and the time window inside the plan's year.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useChecklistPicker, type PickerLists, type PlannedTaskBody } from '../../api/plans';
import { METHOD_SUGGESTIONS, ROUNDING_OPTIONS, STRATUM_LABELS } from './plan_labels';

interface StratumValues { key: string; mode: 'ratio' | 'count'; value: string; rounding: 'half_up' | 'ceil' | 'floor_min_1'; minPercent?: string }
interface Values {
  name: string;
  itemIds: string[];
  targetingMode: 'untargeted' | 'targeted';
  entityTypes: string[];
  industryCodes: string[];
  scopeKeywords: string[];
  stratifyBy: 'credit_class' | 'none';
  strata: StratumValues[];
  frequency: number;
  methods: string[];
  window: [Dayjs, Dayjs];
}

export interface TaskDialogProps {
  readonly open: boolean;
  readonly year: number;
  readonly departmentIds: readonly string[];
  readonly task: PlannedTaskBody | null;
  readonly nextKey: string;
  readonly onCancel: () => void;
  readonly onSave: (task: PlannedTaskBody) => void;
}

/** Item id → its list version and label, from the picker. */
export function itemIndex(lists: PickerLists | undefined): Map<string, { checklistVersionId: string; label: string }> {
  const index = new Map<string, { checklistVersionId: string; label: string }>();
  for (const list of lists ?? []) for (const item of list.items) index.set(item.id, { checklistVersionId: list.checklistVersionId, label: `${item.code} ${item.name}` });
  return index;
}

const DEFAULT_STRATA: StratumValues[] = [
  { key: 'A', mode: 'ratio', value: '3', rounding: 'half_up' }, { key: 'B', mode: 'ratio', value: '5', rounding: 'half_up' },
  { key: 'C', mode: 'ratio', value: '10', rounding: 'half_up' }, { key: 'D', mode: 'ratio', value: '100', rounding: 'ceil' },
];

function initialValues(task: PlannedTaskBody | null, year: number): Partial<Values> {
  if (!task) {
    return {
      targetingMode: 'untargeted', entityTypes: [], industryCodes: [], scopeKeywords: [], stratifyBy: 'credit_class', strata: DEFAULT_STRATA, frequency: 1,
      methods: ['实地核查'], window: [dayjs(`${year}-03-01`), dayjs(`${year}-11-30`)], itemIds: [],
    };
  }
  return {
    name: task.name, itemIds: task.items.map((i) => i.itemId), targetingMode: task.targeting.mode, entityTypes: [...(task.targeting.entityTypes ?? [])],
    industryCodes: [...(task.targeting.industryCodes ?? [])], scopeKeywords: [...(task.targeting.scopeKeywords ?? [])], stratifyBy: task.stratifyBy,
    strata: task.strata.map((s) => ({ key: s.key, mode: s.mode, value: s.value, rounding: s.rounding, minPercent: s.minPercent ?? '' })),
    frequency: Number(task.frequency), methods: [...(task.methods ?? [])], window: [dayjs(task.windowStart), dayjs(task.windowEnd)],
  };
}

export function PlannedTaskDialog({ open, year, departmentIds, task, nextKey, onCancel, onSave }: TaskDialogProps) {
  const [form] = Form.useForm<Values>();
  const picker = useChecklistPicker(departmentIds);
  const index = useMemo(() => itemIndex(picker.data), [picker.data]);
  const stratifyBy = Form.useWatch('stratifyBy', form);
  const targetingMode = Form.useWatch('targetingMode', form);
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue(initialValues(task, year)); } }, [open, task, year, form]);

  const options = (picker.data ?? []).map((list) => ({
    label: `${list.departmentName} · ${list.checklistName}（第 ${list.version} 版）`,
    options: list.items.map((item) => ({ value: item.id, label: `${item.code} ${item.name}` })),
  }));

  function save(values: Values) {
    onSave({
      key: task?.key ?? nextKey, name: values.name.trim(), departmentIds: [],
      items: values.itemIds.map((itemId) => ({ itemId, checklistVersionId: index.get(itemId)?.checklistVersionId ?? task?.items.find((i) => i.itemId === itemId)?.checklistVersionId ?? '' })),
      targeting: { mode: values.targetingMode, entityTypes: values.entityTypes, industryCodes: values.industryCodes, entityTagId: null, scopeKeywords: values.scopeKeywords },
      stratifyBy: values.stratifyBy,
      strata: values.strata.map((s) => ({ key: s.key, mode: s.mode, value: String(s.value).trim(), rounding: s.rounding, minPercent: (s.minPercent ?? '').trim(), reserve: '' })),
      frequency: values.frequency, methods: values.methods,
      windowStart: values.window[0].format('YYYY-MM-DD'), windowEnd: values.window[1].format('YYYY-MM-DD'),
    });
  }

  const keyOptions = (stratifyBy === 'none' ? ['all'] : ['A', 'B', 'C', 'D', 'E', 'unrated']).map((k) => ({ value: k, label: STRATUM_LABELS[k] ?? k }));
  return (
    <Modal open={open} title={task ? `编辑任务：${task.name}` : '新增抽查任务'} width={860} okText="确定" cancelText="取消" onCancel={onCancel} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} name="plannedTask" layout="vertical" onFinish={save} requiredMark>
        <Form.Item name="name" label="任务名称" rules={[{ required: true, whitespace: true, message: '请输入任务名称' }, { max: 200, message: '不能超过 200 个字符' }]}>
          <Input placeholder="如：企业公示信息与排污许可联合抽查" />
        </Form.Item>
        <Form.Item name="itemIds" label="检查事项" rules={[{ required: true, message: '请至少选择一个检查事项' }]} extra="只能选择牵头部门和参与部门现行发布的抽查事项清单中的事项；保存时固定引用该版本">
          <Select mode="multiple" options={options} loading={picker.isPending && departmentIds.length > 0} placeholder="选择检查事项" showSearch={{ optionFilterProp: 'label' }} notFoundContent="所选部门没有已发布的抽查事项清单" />
        </Form.Item>
        <Space size={24} wrap>
          <Form.Item name="targetingMode" label="抽查方式"><Radio.Group options={[{ value: 'untargeted', label: '不定向' }, { value: 'targeted', label: '定向' }]} /></Form.Item>
          <Form.Item name="stratifyBy" label="分层"><Radio.Group options={[{ value: 'credit_class', label: '按信用风险分类' }, { value: 'none', label: '不分层' }]} /></Form.Item>
          <Form.Item name="frequency" label="抽查频次（次/年）" rules={[{ required: true, message: '请填写频次' }]}><InputNumber min={1} max={12} precision={0} /></Form.Item>
        </Space>
        {targetingMode === 'targeted' && (
          <Space size={12} wrap style={{ width: '100%' }}>
            <Form.Item name="entityTypes" label="主体类型"><Select mode="tags" style={{ width: 220 }} placeholder="如 enterprise" /></Form.Item>
            <Form.Item name="industryCodes" label="行业代码（GB/T 4754）"><Select mode="tags" style={{ width: 220 }} placeholder="2–4 位数字" /></Form.Item>
            <Form.Item name="scopeKeywords" label="经营范围关键字"><Select mode="tags" style={{ width: 220 }} placeholder="如 食品" /></Form.Item>
          </Space>
        )}
        <div style={{ marginBottom: 8 }}><Typography.Text strong>抽查比例</Typography.Text><Typography.Text type="secondary">（比例为百分数，按所选取整规则计算抽取数量）</Typography.Text></div>
        <Form.List name="strata">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'key']} rules={[{ required: true, message: '请选择分层' }]}><Select style={{ width: 170 }} options={keyOptions} placeholder="分层" /></Form.Item>
                  <Form.Item name={[field.name, 'mode']}><Select style={{ width: 90 }} options={[{ value: 'ratio', label: '比例' }, { value: 'count', label: '数量' }]} /></Form.Item>
                  <Form.Item name={[field.name, 'value']} rules={[{ required: true, message: '请填写' }, { pattern: /^\d+(\.\d{1,6})?$/, message: '应为数字' }]}>
                    <Input style={{ width: 110 }} placeholder="如 3" aria-label="比例或数量" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'rounding']}><Select style={{ width: 170 }} options={ROUNDING_OPTIONS} aria-label="取整规则" /></Form.Item>
                  <Form.Item name={[field.name, 'minPercent']}><Input style={{ width: 120 }} placeholder="最低比例（可空）" /></Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label="删除分层" />
                </Space>
              ))}
              <div style={{ marginBottom: 16 }}>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: stratifyBy === 'none' ? 'all' : 'unrated', mode: 'ratio', value: '', rounding: 'half_up' })}>添加分层</Button>
              </div>
            </>
          )}
        </Form.List>
        <Space size={24} wrap>
          <Form.Item name="methods" label="检查方式"><Select mode="tags" style={{ width: 320 }} options={METHOD_SUGGESTIONS} /></Form.Item>
          <Form.Item name="window" label="时间安排" rules={[{ required: true, message: '请选择时间安排' }]} extra={`须在 ${year} 年内`}>
            <DatePicker.RangePicker minDate={dayjs(`${year}-01-01`)} maxDate={dayjs(`${year}-12-31`)} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
