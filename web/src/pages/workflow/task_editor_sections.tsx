/**
 * The sections of the task editor: 事项 from published checklists, 对象范围 定向/不定向, 分层与比例 (with the rounding rule
 * and a worked example per stratum), 检查组设置. Field names are the request body's paths, so the server's 400 details
 * land on the field they name.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { CHECK_METHODS } from '../../../../domain/inspection/categories';
import { ENTITY_TYPES } from '../../../../domain/directory/entity_lists';
import { ROUNDING_LABELS, type RoundingRule } from '../../../../domain/draw/quota';
import { CREDIT_STRATUM_LABELS, ratioExample } from '../../../../domain/workflow/task_spec_check';
import type { StratumSpec } from '../../../../domain/workflow/task_spec';
import { useEntityTagOptions } from '../../api/entities';
import { useTaskItemOptions, type TaskItemOption, type TaskSpecInput } from '../../api/tasks';

type ItemRef = TaskSpecInput['items'][number];

/** The pool size the example of each stratum is worked on (the real size is known when the pool is frozen). */
export const EXAMPLE_POOL = 1234;

const CREDIT_KEYS = ['A', 'B', 'C', 'D', 'unrated'];
export const defaultStratum = (key: string): StratumSpec => ({ key, mode: 'ratio', value: '3', rounding: 'half_up', minPercent: '', reserve: '' });

function ItemPicker({ value = [], onChange, departmentIds }: { value?: ItemRef[]; onChange?: (v: ItemRef[]) => void; departmentIds: string[] }) {
  const options = useTaskItemOptions(departmentIds);
  const selected = new Set(value.map((i) => i.itemId));
  const toRef = (o: TaskItemOption): ItemRef => ({
    departmentId: o.departmentId, checklistId: o.checklistId, checklistVersionId: o.checklistVersionId, itemId: o.itemId, code: o.code, name: o.name,
  });
  return (
    <Table<TaskItemOption>
      size="small" rowKey="itemId" pagination={false} loading={options.isPending && departmentIds.length > 0} dataSource={options.data ?? []}
      scroll={{ y: 320 }}
      locale={{ emptyText: '所选部门还没有已发布的抽查事项清单' }}
      rowSelection={{
        selectedRowKeys: [...selected],
        onChange: (_keys, rows) => onChange?.(rows.map(toRef)),
      }}
      columns={[
        { title: '部门', dataIndex: 'departmentName', width: 200, ellipsis: true },
        { title: '清单（现行版本）', key: 'list', width: 240, ellipsis: true, render: (_v, o) => `${o.checklistName} 第${o.version}版` },
        { title: '事项编码', dataIndex: 'code', width: 120 },
        { title: '检查事项', dataIndex: 'name', ellipsis: true },
        { title: '类别', key: 'category', width: 90, render: (_v, o) => (o.category === 'key' ? <Tag color="red">重点</Tag> : <Tag>一般</Tag>) },
      ]}
    />
  );
}

export function ItemsSection({ departmentIds }: { departmentIds: string[] }) {
  return (
    <Form.Item name={['spec', 'items']} label="检查事项" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个检查事项' }]}>
      <ItemPicker departmentIds={departmentIds} />
    </Form.Item>
  );
}

export function ScopeSection() {
  const tags = useEntityTagOptions();
  const mode = Form.useWatch(['spec', 'targeting', 'mode']) as string | undefined;
  return (
    <>
      <Form.Item name={['spec', 'targeting', 'mode']} label="抽查方式" extra="不定向：从抽取区域内全部正常经营的检查对象中抽取；定向：按下列条件缩小范围（同时满足所填条件）。">
        <Radio.Group options={[{ value: 'untargeted', label: '不定向抽查' }, { value: 'targeted', label: '定向抽查' }]} />
      </Form.Item>
      <Form.Item name={['spec', 'regionCodes']} label="抽取区域" extra="行政区划代码，须在牵头部门所在区划内">
        <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="如 220100" />
      </Form.Item>
      {mode === 'targeted' && (
        <>
          <Form.Item name={['spec', 'targeting', 'entityTypes']} label="主体类型">
            <Select mode="multiple" allowClear options={Object.entries(ENTITY_TYPES).map(([value, label]) => ({ value, label }))} placeholder="不限" />
          </Form.Item>
          <Form.Item name={['spec', 'targeting', 'industryCodes']} label="行业（GB/T 4754）" extra="2 至 4 位行业代码，按前缀匹配">
            <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="如 51、5211" />
          </Form.Item>
          <Form.Item name={['spec', 'targeting', 'entityTagId']} label="专项库" extra="只能选择已确认版本的专项库">
            <Select
              allowClear placeholder="不限" loading={tags.isPending}
              options={(tags.data ?? []).map((t) => ({ value: t.id, label: `${t.name}（${t.departmentName}）${t.currentVersion === null ? ' · 未确认' : ''}`, disabled: t.currentVersion === null }))}
            />
          </Form.Item>
          <Form.Item name={['spec', 'targeting', 'scopeKeywords']} label="经营范围关键字">
            <Select mode="tags" tokenSeparators={[',', '，']} placeholder="如 食品、餐饮" />
          </Form.Item>
        </>
      )}
    </>
  );
}

function StratumExample({ index }: { index: number }) {
  const s = Form.useWatch(['spec', 'strata', index]) as StratumSpec | undefined;
  if (!s) return null;
  if (s.mode === 'count') return <Typography.Text type="secondary">抽取 {s.value || '—'} 户（不超过该层对象数）</Typography.Text>;
  return <Typography.Text type="secondary">{ratioExample(EXAMPLE_POOL, s.value, s.rounding) ?? '请填写 0–100 的百分数'}</Typography.Text>;
}

export function StrataSection({ onStratifyChange }: { onStratifyChange: (by: 'credit_class' | 'none') => void }) {
  const by = Form.useWatch(['spec', 'stratifyBy']) as string | undefined;
  const keys = by === 'credit_class' ? CREDIT_KEYS : ['all'];
  return (
    <>
      <Form.Item name={['spec', 'stratifyBy']} label="分层方式">
        <Radio.Group
          onChange={(e) => onStratifyChange(e.target.value as 'credit_class' | 'none')}
          options={[{ value: 'credit_class', label: '按信用风险分类（差异化抽查比例）' }, { value: 'none', label: '不分层' }]}
        />
      </Form.Item>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`比例换算示例按 ${EXAMPLE_POOL.toLocaleString('en-US')} 户计算；实际户数在抽取时按冻结的名录确定，取整规则与抽取程序一致。`} />
      <Form.List name={['spec', 'strata']}>
        {(fields, { add, remove }) => (
          <>
            <Row gutter={8} style={{ fontWeight: 500, marginBottom: 4 }}>
              <Col span={4}>分层</Col><Col span={3}>方式</Col><Col span={3}>比例(%)/户数</Col><Col span={4}>取整规则</Col><Col span={3}>最低比例(%)</Col><Col span={6}>示例</Col><Col span={1} />
            </Row>
            {fields.map((field) => (
              <Row gutter={8} key={field.key} align="top">
                <Col span={4}>
                  <Form.Item name={[field.name, 'key']} rules={[{ required: true, message: '请选择分层' }]}>
                    <Select options={keys.map((k) => ({ value: k, label: CREDIT_STRATUM_LABELS[k] ?? k }))} />
                  </Form.Item>
                </Col>
                <Col span={3}>
                  <Form.Item name={[field.name, 'mode']}><Select options={[{ value: 'ratio', label: '比例' }, { value: 'count', label: '户数' }]} /></Form.Item>
                </Col>
                <Col span={3}><Form.Item name={[field.name, 'value']} rules={[{ required: true, message: '请填写' }]}><Input /></Form.Item></Col>
                <Col span={4}>
                  <Form.Item name={[field.name, 'rounding']}>
                    <Select options={(Object.keys(ROUNDING_LABELS) as RoundingRule[]).map((r) => ({ value: r, label: ROUNDING_LABELS[r] }))} />
                  </Form.Item>
                </Col>
                <Col span={3}><Form.Item name={[field.name, 'minPercent']}><Input placeholder="不限" /></Form.Item></Col>
                <Col span={6} style={{ paddingTop: 5 }}><StratumExample index={field.name} /></Col>
                <Col span={1}><Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="删除分层" /></Col>
              </Row>
            ))}
            {by === 'credit_class' && <Button icon={<PlusOutlined />} onClick={() => add(defaultStratum('unrated'))}>添加分层</Button>}
          </>
        )}
      </Form.List>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={8}>
          <Form.Item name={['spec', 'minTotalPercent']} label="总体最低抽查比例(%)" extra="整体抽查比例的下限，如不低于 3%；留空为不限">
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['spec', 'annualCap']} label="同一对象每年抽查上限（次）" extra="同一对象每年被随机抽查的次数上限（各部门合计），默认 2 次">
            <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['spec', 'methods']} label="检查方式">
            <Checkbox.Group options={Object.values(CHECK_METHODS)} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

export function TeamSection({ departments }: { departments: { value: string; label: string }[] }) {
  return (
    <>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name={['spec', 'team', 'teamSize']} label="每个对象检查人员数" extra="每个检查对象不少于 2 名执法人员">
            <InputNumber min={2} max={20} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['spec', 'team', 'leaderFromLead']} label="组长由牵头部门人员担任" valuePropName="checked">
            <Switch disabled />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['spec', 'team', 'expertsPerObject']} label="每个对象专家人数"><InputNumber min={0} max={10} precision={0} style={{ width: '100%' }} /></Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['spec', 'supervisorsRequired']} label="抽取监督员人数" extra="至少 1 名，须本人登录确认到场">
            <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['spec', 'team', 'maxObjectsPerInspector']} label="每人检查对象上限"><InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} /></Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['spec', 'team', 'recusalYears']} label="回避年限" extra="近 N 年检查过同一对象的人员回避；0 为不回避">
            <InputNumber min={0} max={10} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['spec', 'team', 'crossArea']} label="允许相邻区域匹配" valuePropName="checked"><Switch /></Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['spec', 'team', 'directAppointment']} label="允许直接委派" valuePropName="checked"><Switch /></Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>各部门派员（每组）</Typography.Text>
      <Typography.Paragraph type="secondary">合计不超过每组人数；设置后牵头部门至少派员 1 人。留空则由匹配程序按部门人员情况分配。</Typography.Paragraph>
      <Form.List name={['spec', 'team', 'departmentQuotas']}>
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((field) => (
              <Space key={field.key} align="start">
                <Form.Item name={[field.name, 'departmentId']} rules={[{ required: true, message: '请选择部门' }]} style={{ marginBottom: 0 }}>
                  <Select style={{ width: 280 }} options={departments} placeholder="派员部门" />
                </Form.Item>
                <Form.Item name={[field.name, 'members']} rules={[{ required: true, message: '请填写人数' }]} style={{ marginBottom: 0 }}>
                  <InputNumber min={1} max={20} precision={0} addonAfter="人" />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="删除派员" />
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ departmentId: undefined, members: 1 })}>添加派员部门</Button>
          </Space>
        )}
      </Form.List>
    </>
  );
}
