/**
 * The objection dialogs: 录入异议 (received at the counter or by mail), 复核结论 (成立 with the corrected values, which
 * become a correction awaiting the head's approval; 不成立 with the reasons), and 反馈.
 */
import { App, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { DISPOSALS, RESULT_CATEGORIES } from '../../../../domain/inspection/categories';
import { apiGet } from '../../api/client';
import type { ResultRow } from '../../api/inspection';
import { objectionsApi, useObjectionStep, type DecideBody, type FeedbackBody, type ObjectionView } from '../../api/objections';
import type { Page } from '../../../../server/http/paging';
import { applyServerErrors } from '../../components/form_errors';
import { ENTERED_CHANNEL_OPTIONS, FEEDBACK_METHOD_OPTIONS } from './objection_labels';
import { optionsOf } from './result_labels';

interface EnterValues { resultId: string; channel: 'counter' | 'mail'; receivedOn: Dayjs; reason: string; contactName?: string }

export function EnterObjectionDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<EnterValues>();
  const create = objectionsApi.useCreate();
  const { message } = App.useApp();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  async function search(keyword: string) {
    if (keyword.trim().length < 2) return;
    const page = await apiGet<Page<ResultRow>>('/api/inspection/results', { status: 'published', keyword: keyword.trim(), pageSize: 20 });
    setOptions(page.rows.map((r) => ({ value: r.id, label: `${r.entityName}（${r.creditCode}）· ${r.taskName} · ${r.checkDate ?? ''}` })));
  }
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await create.mutateAsync({
        resultId: values.resultId, channel: values.channel, receivedOn: values.receivedOn.format('YYYY-MM-DD'), reason: values.reason.trim(), contactName: values.contactName?.trim() || null,
      });
      message.success('异议已受理，复核期限为收到之日起 20 个工作日');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title="录入异议（窗口受理或邮寄）" okText="受理" cancelText="取消" confirmLoading={create.isPending} onOk={() => void ok()} onCancel={onClose} width={600}>
      <Form form={form} layout="vertical" name="enter-objection" initialValues={{ channel: 'counter', receivedOn: dayjs() }}>
        <Form.Item name="resultId" label="被异议的检查结果（已公示）" rules={[{ required: true, message: '请选择检查结果' }]} extra="输入检查对象名称或统一社会信用代码查找">
          <Select showSearch filterOption={false} onSearch={(v) => void search(v)} options={options} placeholder="名称或统一社会信用代码" notFoundContent={null} />
        </Form.Item>
        <Form.Item name="channel" label="受理渠道" rules={[{ required: true }]}>
          <Radio.Group options={ENTERED_CHANNEL_OPTIONS} optionType="button" />
        </Form.Item>
        <Form.Item name="receivedOn" label="收到异议材料的日期" rules={[{ required: true, message: '请选择日期' }]} extra="复核期限自此日起算 20 个工作日">
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="reason" label="异议理由" rules={[{ required: true, whitespace: true, min: 5, message: '请填写异议理由（至少 5 个字）' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="contactName" label="联系人"><Input maxLength={64} /></Form.Item>
      </Form>
    </Modal>
  );
}

type Changes = NonNullable<DecideBody['changes']>;
interface DecideValues { decision: 'uphold' | 'dismiss'; comments: string; resultCategory?: Changes['resultCategory']; disposal?: Changes['disposal']; note?: string }

export function DecideDialog({ objection, onClose }: { objection: ObjectionView; onClose: () => void }) {
  const [form] = Form.useForm<DecideValues>();
  const step = useObjectionStep();
  const { message } = App.useApp();
  const decision = Form.useWatch('decision', form);
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const note = values.note?.trim();
    const changes = values.decision === 'uphold' ? {
      ...(values.resultCategory ? { resultCategory: values.resultCategory } : {}),
      ...(values.disposal ? { disposal: values.disposal } : {}),
      ...(note ? { note } : {}),
    } : undefined;
    if (changes && Object.keys(changes).length === 0) {
      message.error('异议成立时请至少填写一项更正内容（检查结果、处置或备注）');
      return;
    }
    try {
      await step.mutateAsync({ id: objection.id, action: 'decide', body: { rowVersion: objection.rowVersion, decision: values.decision, comments: values.comments.trim(), ...(changes ? { changes } : {}) } });
      message.success(values.decision === 'uphold' ? '已认定异议成立，更正申请已提交主要负责人审批' : '已认定异议不成立');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`复核结论：${objection.entityName}`} okText="确定" cancelText="取消" confirmLoading={step.isPending} onOk={() => void ok()} onCancel={onClose} width={600}>
      <Form form={form} layout="vertical" name="decide-objection" initialValues={{ decision: 'dismiss' }}>
        <Form.Item name="decision" label="结论" rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={[{ value: 'dismiss', label: '异议不成立' }, { value: 'uphold', label: '异议成立（更正结果）' }]} />
        </Form.Item>
        <Form.Item name="comments" label="复核意见" rules={[{ required: true, whitespace: true, message: '请填写复核意见' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="复核的依据与理由" />
        </Form.Item>
        {decision === 'uphold' && (
          <>
            <Form.Item name="resultCategory" label="更正后的检查结果" extra="经复查确有错误的予以更正；更正经主要负责人批准后与原结果并列公示">
              <Select allowClear options={optionsOf(RESULT_CATEGORIES)} placeholder="不更正" />
            </Form.Item>
            <Form.Item name="disposal" label="更正后的处置"><Select allowClear options={optionsOf(DISPOSALS)} placeholder="不更正" /></Form.Item>
            <Form.Item name="note" label="更正后的备注"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

export function FeedbackDialog({ objection, onClose }: { objection: ObjectionView; onClose: () => void }) {
  const [form] = Form.useForm<{ method: FeedbackBody['method']; feedback: string }>();
  const step = useObjectionStep();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await step.mutateAsync({ id: objection.id, action: 'feedback', body: { rowVersion: objection.rowVersion, method: values.method, feedback: values.feedback.trim() } });
      message.success('已反馈复核结果');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`反馈复核结果：${objection.entityName}`} okText="反馈" cancelText="取消" confirmLoading={step.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Form form={form} layout="vertical" name="feedback-objection" initialValues={{ method: 'online' }}>
        <Form.Item name="method" label="反馈方式" rules={[{ required: true }]}><Select options={FEEDBACK_METHOD_OPTIONS} /></Form.Item>
        <Form.Item name="feedback" label="反馈内容" rules={[{ required: true, whitespace: true, message: '请填写反馈内容' }]}
          extra="检查对象凭统一社会信用代码登录后可查看；登记了联系电话的同时短信告知">
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
