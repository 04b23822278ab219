/**
 * 检查结果录入 (issue #10 item 3), phone first: 检查方式, 检查日期, every participating department's items answered
 * 符合/不符合/不涉及 with a note, the national result category, the disposal, the entity's signature or its refusal with a
 * reason and a witness. Saved on the device as the user types; 提交 goes through the outbox (sent now, or when the
 * connection returns). Only the team leader enters and submits (谁检查、谁录入).
 */
import { CheckOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Popconfirm, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import {
  CHECK_METHODS, completesWithoutCheck, DISPOSALS, RESULT_CATEGORIES,
} from '../../../../domain/inspection/categories';
import { errorMessage, isApiError } from '../../api/client';
import { INSPECTION_KEY, useSaveResultDraft, type ObjectDetail } from '../../api/inspection';
import { putRecord } from '../../offline/idb';
import { newClientId, outbox, useFlush, useOnline } from '../../offline/outbox_instance';
import { FINDING_OPTIONS, optionsOf } from './result_labels';
import { itemsByDepartment, resultInputOf, type ResultDraft } from './result_values';

type FormValues = Omit<ResultDraft, 'checkDate'> & { checkDate?: Dayjs };

const toForm = (draft: ResultDraft): FormValues => ({ ...draft, checkDate: draft.checkDate ? dayjs(draft.checkDate) : undefined });
const toDraft = (values: FormValues): ResultDraft => ({ ...values, checkDate: values.checkDate?.format('YYYY-MM-DD') });

const required = (message: string) => [{ required: true, message }];
/** The hint for a result completed without a substantive check, worded without citing any city's article. */
const WITHOUT_CHECK_HINT = '无需实质检查的结果：须在「情况说明」中写明核查经过（如无法联系的经过、注销或迁出的登记信息）；检查事项与签字可不填';
const FIELD_NAMES_OF_DRAFT = ['checkMethod', 'checkDate', 'resultCategory', 'disposal'];

export function ResultForm({ detail, initial }: { detail: ObjectDetail; initial: ResultDraft }) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const online = useOnline();
  const flush = useFlush();
  const saveDraft = useSaveResultDraft(detail.taskObjectId);
  const client = useQueryClient();
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const category = Form.useWatch('resultCategory', form);
  const signatureKind = Form.useWatch('signatureKind', form);
  const withoutCheck = category ? completesWithoutCheck(category) : false;

  useEffect(() => () => window.clearTimeout(timer.current), []);

  /** The draft on the device, half a second after the last keystroke. */
  function keepOnDevice() {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      void putRecord('drafts', detail.taskObjectId, toDraft(form.getFieldsValue(true) as FormValues))
        .then(() => setSavedAt(dayjs().format('HH:mm:ss')), () => setSavedAt(null));
    }, 500);
  }

  function allCompliant() {
    const findings: NonNullable<ResultDraft['findings']> = { ...(form.getFieldValue('findings') as ResultDraft['findings']) };
    for (const item of detail.items) findings[item.itemId] = { ...findings[item.itemId], finding: 'compliant' };
    form.setFieldsValue({ findings });
    keepOnDevice();
  }

  async function saveOnServer() {
    const ok = await form.validateFields(FIELD_NAMES_OF_DRAFT).then(() => true, () => false);
    if (!ok) return;
    const draft = toDraft(form.getFieldsValue(true) as FormValues);
    try {
      await saveDraft.mutateAsync({ ...resultInputOf(draft, detail.items), rowVersion: detail.result?.rowVersion ?? null });
      message.success('草稿已保存到服务器');
    } catch (error) {
      if (isApiError(error) && error.status === 409) {
        // Someone saved first: read their version (the form keeps what was typed here, on the device).
        message.error(`${error.message}（服务器上已有更新的版本，已重新读取）`);
        await client.invalidateQueries({ queryKey: [INSPECTION_KEY, 'object', detail.taskObjectId] });
      } else {
        message.error(errorMessage(error));
      }
    }
  }

  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) {
      message.error('请完成标红的必填项');
      return;
    }
    const draft = toDraft(form.getFieldsValue(true) as FormValues);
    await putRecord('drafts', detail.taskObjectId, draft).catch(() => undefined);
    await outbox.addSubmission({ clientId: newClientId(), taskObjectId: detail.taskObjectId, label: detail.entity.name, result: resultInputOf(draft, detail.items) });
    if (!online) {
      message.info('已保存在本机，恢复网络后自动提交');
      return;
    }
    const report = await flush();
    if (report.stoppedBy) message.warning(`暂未提交成功（${report.stoppedBy}），结果已保存在本机，将自动重试`);
    else if (report.refused > 0) message.error('提交未被接受，请查看页面上方的原因');
    else message.success('已提交，等待部门审核');
  }

  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={toForm(initial)} onValuesChange={keepOnDevice} name="result" requiredMark>
      <Card size="small" title="检查情况" style={{ marginTop: 12 }}>
        <Form.Item name="checkMethod" label="检查方式" rules={required('请选择检查方式')}>
          <Select options={optionsOf(CHECK_METHODS)} placeholder="请选择检查方式" />
        </Form.Item>
        <Form.Item name="checkDate" label="检查日期" rules={required('请选择检查日期')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="resultCategory" label="检查结果" rules={required('请选择检查结果')}>
          <Select options={optionsOf(RESULT_CATEGORIES)} placeholder="请选择检查结果" listHeight={320} />
        </Form.Item>
        {withoutCheck && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={WITHOUT_CHECK_HINT} />}
        <Form.Item name="disposal" label="处置" rules={required('请选择处置')}>
          <Select options={optionsOf(DISPOSALS)} placeholder="请选择处置" />
        </Form.Item>
      </Card>

      {!withoutCheck && (
        <Card size="small" title={`检查事项（${detail.items.length} 项）`} style={{ marginTop: 12 }}
          extra={<Button size="small" icon={<CheckOutlined />} onClick={allCompliant}>全部符合</Button>}>
          {itemsByDepartment(detail.items).map((group) => (
            <div key={group.departmentId} style={{ marginBottom: 12 }}>
              <Typography.Title level={5} style={{ margin: '4px 0 8px' }}>{group.departmentName}</Typography.Title>
              {group.items.map((item) => (
                <div key={item.itemId} style={{ borderTop: '1px solid #f0f0f0', padding: '8px 0' }} data-testid="item-finding">
                  <Typography.Text strong>{`${item.code} ${item.name}`}</Typography.Text>
                  {item.basis && <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 6px' }} ellipsis={{ rows: 2, expandable: true, symbol: '展开' }}>{`依据：${item.basis}`}</Typography.Paragraph>}
                  <Form.Item name={['findings', item.itemId, 'finding']} rules={required('请选择检查结论')} style={{ marginBottom: 6 }}>
                    <Radio.Group optionType="button" buttonStyle="solid" options={FINDING_OPTIONS} />
                  </Form.Item>
                  <Form.Item name={['findings', item.itemId, 'note']} style={{ marginBottom: 0 }} dependencies={[['findings', item.itemId, 'finding']]}
                    rules={[({ getFieldValue }) => ({
                      validator: (_, value: string | undefined) => (getFieldValue(['findings', item.itemId, 'finding']) === 'noncompliant' && !value?.trim()
                        ? Promise.reject(new Error('不符合的事项须写明问题')) : Promise.resolve()),
                    })]}>
                    <Input placeholder="说明（不符合时必填）" maxLength={500} />
                  </Form.Item>
                </div>
              ))}
            </div>
          ))}
        </Card>
      )}

      <Card size="small" title="被检查对象签字" style={{ marginTop: 12 }}>
        <Form.Item name="signatureKind" label="签字情况" rules={withoutCheck ? [] : required('请选择签字或拒签')}>
          <Radio.Group options={[{ value: 'signed', label: '签字' }, { value: 'refused', label: '拒签' }]} />
        </Form.Item>
        {signatureKind === 'signed' && (
          <Form.Item name="signerName" label="签字人" rules={required('请填写签字人姓名')}>
            <Input maxLength={50} placeholder="签字人姓名" />
          </Form.Item>
        )}
        {signatureKind === 'refused' && (
          <>
            <Form.Item name="refusalReason" label="拒签原因" rules={required('请填写拒签原因')}>
              <Input maxLength={200} placeholder="拒签原因" />
            </Form.Item>
            <Form.Item name="witness" label="见证人" rules={required('拒签须有见证人')}>
              <Input maxLength={50} placeholder="见证人姓名" />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={withoutCheck ? '情况说明' : '备注'} rules={withoutCheck ? required('请写明情况说明') : []}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Card>

      <div style={{ position: 'sticky', bottom: 0, background: '#fff', padding: '10px 0', marginTop: 12, borderTop: '1px solid #f0f0f0', zIndex: 5 }}>
        <Space wrap>
          <Popconfirm title="提交后由部门审核，审核前不能再修改。确认提交？" okText="提交" cancelText="取消" onConfirm={() => void submit()}>
            <Button type="primary" size="large">提交</Button>
          </Popconfirm>
          <Button size="large" disabled={!online} loading={saveDraft.isPending} onClick={() => void saveOnServer()}>保存草稿</Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="draft-saved">{savedAt ? `已自动保存在本机 ${savedAt}` : '录入内容自动保存在本机'}</Typography.Text>
        </Space>
      </div>
    </Form>
  );
}
