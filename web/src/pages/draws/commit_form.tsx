/**
 * 冻结名录并发布承诺 (docs/draw-protocol.md §15.1, §16): the operator declares, before any random value
 * exists, which future public values will decide the draw — a lottery issue (福彩双色球 / 3D, 体彩排列三) or
 * a beacon round, each with the time it comes into existence — and the draw date. Dice alone need a
 * committed, approved exception (§15.1). The declarations are checked here with the domain's own
 * checkSourceDeclarations before they are sent, and again by the server.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { LOTTERY_LABELS, type SourceType } from '../../../../domain/draw/sources';
import { declarationProblem, type CommitValues, type SourceValues } from './commit_values';

const TYPE_OPTIONS = [
  { value: 'lottery', label: '彩票开奖号码（推荐）' },
  { value: 'beacon', label: '公共随机信标' },
  { value: 'dice', label: '现场掷骰（仅经批准的例外）' },
];
const GAME_OPTIONS = Object.entries(LOTTERY_LABELS).map(([value, label]) => ({ value, label }));

function SourceFields({ index }: { index: number }) {
  const form = Form.useFormInstance<CommitValues>();
  const type = Form.useWatch(['sources', index, 'type'], form) as SourceType | undefined;
  const all = (Form.useWatch('sources', form) ?? []) as readonly (SourceValues | undefined)[];
  const sealed = type === 'dice' && all.some((s) => s?.type === 'lottery' || s?.type === 'beacon');
  return (
    <Space wrap align="start" size={[12, 0]}>
      <Form.Item name={[index, 'type']} label="类型" rules={[{ required: true, message: '请选择类型' }]}>
        <Select options={TYPE_OPTIONS} style={{ width: 220 }} />
      </Form.Item>
      {type === 'lottery' && (
        <>
          <Form.Item name={[index, 'name']} label="彩票玩法" rules={[{ required: true, message: '请选择玩法' }]}>
            <Select options={GAME_OPTIONS} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name={[index, 'round']} label="期号" rules={[{ required: true, message: '请填写期号' }]} tooltip="双色球、3D：年份 4 位 + 期数 3 位，如 2026141；排列三：年份后 2 位 + 期数 3 位，如 26141">
            <Input style={{ width: 130 }} placeholder="如 2026141" />
          </Form.Item>
        </>
      )}
      {type === 'beacon' && (
        <>
          <Form.Item name={[index, 'name']} label="信标名称" rules={[{ required: true, message: '请填写信标名称' }]}>
            <Input style={{ width: 170 }} placeholder="如 drand-quicknet" />
          </Form.Item>
          <Form.Item name={[index, 'round']} label="轮次" rules={[{ required: true, message: '请填写轮次' }]}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name={[index, 'count']} label="值长度" rules={[{ required: true, message: '请选择长度' }]}>
            <Select style={{ width: 110 }} options={['16', '32', '64'].map((v) => ({ value: v, label: `${v} 字节` }))} />
          </Form.Item>
        </>
      )}
      {type === 'dice' && (
        <Form.Item name={[index, 'count']} label="掷骰次数" rules={[{ required: true, message: '请填写次数' }]}>
          <Input style={{ width: 100 }} placeholder="如 8" />
        </Form.Item>
      )}
      {sealed && (
        <Form.Item name={[index, 'value']} label="已掷出的点数（写入承诺）" rules={[{ required: true, message: '与彩票同用时，骰子须在承诺前掷出' }]} tooltip="与彩票或信标同用时，骰子在承诺前当场掷出并写入承诺，开奖后不能再掷">
          <Input style={{ width: 200 }} placeholder="如 3 1 4 1 5 2 6 5" />
        </Form.Item>
      )}
      <Form.Item name={[index, 'availableAt']} label={type === 'dice' ? '掷骰时间' : '开奖/产生时间'} rules={[{ required: true, message: '请选择时间' }]} tooltip="该值产生的时间；须晚于承诺锚定的时间，录入只能在此之后">
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name={[index, 'description']} label="说明（可留空自动生成）">
        <Input style={{ width: 300 }} maxLength={200} placeholder="如 2026-12-08 21:15 开奖的福彩双色球第 2026141 期" />
      </Form.Item>
    </Space>
  );
}

export function CommitForm({ submitting, onSubmit }: { submitting: boolean; onSubmit: (values: CommitValues) => void }) {
  const [form] = Form.useForm<CommitValues>();
  const values = Form.useWatch([], form) as CommitValues | undefined;
  const problem = useMemo(() => (values?.sources?.every((s) => s?.type && s.availableAt) ? declarationProblem(values) : null), [values]);
  const diceOnly = (values?.sources ?? []).length > 0 && (values?.sources ?? []).every((s) => s?.type === 'dice');
  const initial: CommitValues = { drawDate: dayjs(), sources: [{ type: 'lottery', name: 'fc-ssq' }], sourceException: '' };
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={onSubmit} requiredMark={false}>
      <Typography.Paragraph type="secondary">
        承诺在任何随机值产生之前冻结名录、固定抽取比例和随机数来源，并写入操作日志与签名检查点；此后无人能改变抽取范围。请声明一个尚未开奖的彩票期号或信标轮次。
      </Typography.Paragraph>
      <Form.Item name="drawDate" label="抽取日期（计入年度抽查上限）" rules={[{ required: true, message: '请选择抽取日期' }]}>
        <DatePicker style={{ width: 180 }} />
      </Form.Item>
      <Form.List name="sources">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" size={12} style={{ width: '100%', marginBottom: 12 }}>
            {fields.map((field, i) => (
              <Card key={field.key} size="small" title={`随机数来源 ${i + 1}`} extra={fields.length > 1 && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}>移除</Button>}>
                <SourceFields index={field.name} />
              </Card>
            ))}
            {fields.length < 8 && <Button icon={<PlusOutlined />} onClick={() => add({ type: 'lottery', name: 'fc-3d' })}>增加来源</Button>}
          </Space>
        )}
      </Form.List>
      {diceOnly && (
        <Form.Item name="sourceException" label="仅用骰子的例外说明（须写明批准依据）" rules={[{ required: true, whitespace: true, message: '仅用骰子时须写明经批准的例外' }]}>
          <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：无网络的海岛所，经局长办公会 2026-02-01 批准仅用现场掷骰" />
        </Form.Item>
      )}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" size="large" loading={submitting} disabled={problem !== null}>冻结名录并发布承诺</Button>
    </Form>
  );
}
