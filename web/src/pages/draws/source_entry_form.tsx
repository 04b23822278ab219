/**
 * 录入随机值 (docs/draw-protocol.md §15.2–§15.3): one field per source whose value is entered after the
 * commitment, with the declared time, the exact form to type and the same check the server runs
 * (domain validateSourceValue): a value that is not exactly canonical is refused with the domain's
 * Chinese message, never silently tidied, because two spellings of one result would be two seeds.
 * A field opens only once its declared time has passed.
 */
import { ClockCircleOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { enteredSources, validateSourceValue, type SourceDeclaration, type SourceValue } from '../../../../domain/draw/sources';
import { formatDateTime } from '../../components/format';
import { msUntilAvailable, sourceHint, sourceKindLabel, sourceTitle, waitText } from './draw_text';

/** The current time, re-read every `intervalMs` so countdowns and field locks follow the clock. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The domain's message for a value, or null when it is canonical. */
export function sourceValueError(source: SourceDeclaration, value: string): string | null {
  const checked = validateSourceValue(source, value);
  return checked.ok ? null : checked.error.message;
}

interface Props {
  readonly sources: readonly SourceDeclaration[];
  readonly submitting: boolean;
  readonly onSubmit: (values: SourceValue[]) => void;
}

export function SourceEntryForm({ sources, submitting, onSubmit }: Props) {
  const [form] = Form.useForm<Record<string, string>>();
  const now = useNow();
  const entered = enteredSources(sources);
  const sealed = sources.filter((s) => s.value !== '');
  const waiting = entered.filter((s) => msUntilAvailable(s, now) > 0);

  function submit(values: Record<string, string>) {
    onSubmit(entered.map((s) => ({ id: s.id, value: values[s.id] ?? '' })));
  }

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 760 }}>
      {sealed.length > 0 && (
        <Alert
          type="info" showIcon icon={<LockOutlined />} style={{ marginBottom: 16 }}
          title="已写入承诺的骰子点数"
          description={sealed.map((s) => `${s.description}：${s.value}`).join('；')}
        />
      )}
      {entered.map((source) => {
        const wait = msUntilAvailable(source, now);
        const open = wait <= 0;
        return (
          <Form.Item
            key={source.id}
            name={source.id}
            label={(
              <Space size={8} wrap>
                <Typography.Text strong>{sourceTitle(source)}</Typography.Text>
                <Tag>{sourceKindLabel(source)}</Tag>
                <Typography.Text type="secondary">
                  <ClockCircleOutlined /> 产生时间 {formatDateTime(source.availableAt)}{open ? '' : `（${waitText(wait)}）`}
                </Typography.Text>
              </Space>
            )}
            extra={<span>{source.description}。格式：{sourceHint(source)}</span>}
            validateFirst
            rules={[
              { required: true, message: `请录入${sourceTitle(source)}的值` },
              { validator: (_, value: string | undefined) => {
                const problem = value ? sourceValueError(source, value) : null;
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
              } },
            ]}
          >
            <Input
              size="large" disabled={!open} autoComplete="off" spellCheck={false}
              placeholder={open ? sourceHint(source).replace(/^.*如 /, '如 ') : `须在 ${formatDateTime(source.availableAt)} 之后录入`}
              style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', letterSpacing: 1 }}
              aria-label={`${sourceTitle(source)}的值`}
            />
          </Form.Item>
        );
      })}
      {waiting.length > 0 && (
        <Alert
          type="warning" showIcon style={{ marginBottom: 16 }}
          title="尚未到声明的产生时间"
          description={`承诺声明的随机数须在其产生时间之后录入（${waiting.map((s) => `${sourceTitle(s)}：${formatDateTime(s.availableAt)}`).join('；')}），以保证录入前任何人都不知道抽取结果。`}
        />
      )}
      <Button type="primary" htmlType="submit" size="large" loading={submitting} disabled={waiting.length > 0}>确认录入</Button>
    </Form>
  );
}
