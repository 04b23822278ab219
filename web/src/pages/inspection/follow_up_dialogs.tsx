/**
 * The dialogs of 后续处置: 移送 (to another department, 谁主管、谁负责, or to a judicial organ recorded by name), 退回 with a
 * reason, 办结 (with the 复查 of a 责令改正 or the 回执 of a judicial transfer), and the owner's measure and deadline.
 */
import { App, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { FOLLOW_UP_MEASURES, JUDICIAL_ORGAN_KINDS } from '../../../../domain/inspection/follow_up_states';
import {
  useCloseFollowUp, useJudicialTransfer, usePlanFollowUp, useReceiverOptions, useReturnFollowUp, useTransferFollowUp, type CloseBody, type FollowUpDetail, type PlanBody,
} from '../../api/follow_ups';
import { applyServerErrors } from '../../components/form_errors';
import { optionsOf } from './result_labels';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const noFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

interface TransferValues {
  target: 'department' | 'judicial';
  toDepartmentId?: string;
  organKind?: keyof typeof JUDICIAL_ORGAN_KINDS;
  organName?: string;
  reason: string;
  dueDate?: Dayjs | null;
}

export function TransferDialog({ followUp, onClose }: { followUp: FollowUpDetail; onClose: () => void }) {
  const [form] = Form.useForm<TransferValues>();
  const target = Form.useWatch('target', form) ?? 'department';
  const receivers = useReceiverOptions(followUp.id, true);
  const transfer = useTransferFollowUp();
  const judicial = useJudicialTransfer();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      const versioned = { id: followUp.id, rowVersion: followUp.rowVersion };
      if (values.target === 'judicial') {
        await judicial.mutateAsync({ ...versioned, body: { organKind: values.organKind ?? 'public_security', organName: (values.organName ?? '').trim(), reason: values.reason.trim() } });
        message.success('已登记移送司法机关，收到回执后请办结');
      } else {
        await transfer.mutateAsync({ ...versioned, body: { toDepartmentId: values.toDepartmentId ?? '', reason: values.reason.trim(), dueDate: day(values.dueDate) } });
        message.success('已移送，等待接收部门接收');
      }
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`移送：${followUp.entityName}`} okText="移送" cancelText="取消" confirmLoading={transfer.isPending || judicial.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Form form={form} layout="vertical" name="transfer" initialValues={{ target: 'department', organKind: 'public_security' }}>
        <Form.Item name="target" label="移送至">
          <Radio.Group optionType="button" options={[{ value: 'department', label: '其他部门（谁主管、谁负责）' }, { value: 'judicial', label: '司法机关（涉嫌犯罪）' }]} />
        </Form.Item>
        {target === 'department' ? (
          <>
            <Form.Item name="toDepartmentId" label="接收部门" rules={[{ required: true, message: '请选择接收部门' }]}>
              <Select showSearch optionFilterProp="label" loading={receivers.isPending} placeholder="选择负有监管职责的部门"
                options={(receivers.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
            <Form.Item name="dueDate" label="办理期限（可选）"><DatePicker style={{ width: '100%' }} /></Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="organKind" label="机关类别"><Select options={optionsOf(JUDICIAL_ORGAN_KINDS)} /></Form.Item>
            <Form.Item name="organName" label="接收机关名称" rules={[{ required: true, whitespace: true, message: '请填写接收机关名称' }]}>
              <Input maxLength={100} placeholder="如：某某市公安局某某分局" />
            </Form.Item>
          </>
        )}
        <Form.Item name="reason" label="移送理由与线索" rules={[{ required: true, whitespace: true, message: '请写明移送理由与线索' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="发现的问题、涉嫌违反的规定、已掌握的证据" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ReturnFollowUpDialog({ followUp, onClose }: { followUp: FollowUpDetail; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const giveBack = useReturnFollowUp();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await giveBack.mutateAsync({ id: followUp.id, rowVersion: followUp.rowVersion, reason: values.reason.trim() });
      message.success('已退回移送部门');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`退回移送：${followUp.entityName}`} okText="退回" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={giveBack.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Form form={form} layout="vertical" name="return-follow-up">
        <Form.Item name="reason" label="退回理由" rules={[{ required: true, whitespace: true, message: '请写明退回理由' }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount placeholder="如：不属本部门监管职责，建议移送某某部门" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CloseValues { outcome: string; recheckDate?: Dayjs; rectified?: boolean; receiptNumber?: string; receiptDate?: Dayjs }

/** 办结: a 责令改正 handled inside the department needs its 复查; a transfer to a judicial organ its 回执. */
export function CloseFollowUpDialog({ followUp, onClose }: { followUp: FollowUpDetail; onClose: () => void }) {
  const [form] = Form.useForm<CloseValues>();
  const close = useCloseFollowUp();
  const { message } = App.useApp();
  const needsRecheck = (followUp.status === 'open' || followUp.status === 'returned') && followUp.measure === 'order_correction';
  const needsReceipt = followUp.status === 'sent_judicial';
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const body: CloseBody = {
      outcome: values.outcome.trim(),
      recheck: needsRecheck ? { date: day(values.recheckDate) ?? '', rectified: values.rectified === true } : null,
      receipt: needsReceipt ? { number: (values.receiptNumber ?? '').trim(), date: day(values.receiptDate) ?? '' } : null,
    };
    try {
      await close.mutateAsync({ id: followUp.id, rowVersion: followUp.rowVersion, body });
      message.success('已办结');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`办结：${followUp.entityName}`} okText="办结" cancelText="取消" confirmLoading={close.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Form form={form} layout="vertical" name="close-follow-up" initialValues={{ rectified: true }}>
        {needsRecheck && (
          <>
            <Form.Item name="recheckDate" label="复查日期" rules={[{ required: true, message: '请选择复查日期' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={noFuture} />
            </Form.Item>
            <Form.Item name="rectified" label="复查结论">
              <Radio.Group options={[{ value: true, label: '已按期改正' }, { value: false, label: '逾期未改正' }]} />
            </Form.Item>
          </>
        )}
        {needsReceipt && (
          <>
            <Form.Item name="receiptNumber" label="回执编号" rules={[{ required: true, whitespace: true, message: '请填写回执编号' }]}><Input maxLength={100} /></Form.Item>
            <Form.Item name="receiptDate" label="回执日期" rules={[{ required: true, message: '请选择回执日期' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={noFuture} />
            </Form.Item>
          </>
        )}
        <Form.Item name="outcome" label="处理结果" rules={[{ required: true, whitespace: true, message: '请填写处理结果' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：已立案并作出行政处罚决定；经复查已改正" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface PlanValues { measure?: PlanBody['measure']; dueDate?: Dayjs | null; handler?: string; note?: string }

/** The owner's 处置措施, 整改期限 and 承办机构 (渝北 五（一）: 移交部门内有管辖权的业务职能机构). */
export function PlanFollowUpDialog({ followUp, onClose }: { followUp: FollowUpDetail; onClose: () => void }) {
  const [form] = Form.useForm<PlanValues>();
  const plan = usePlanFollowUp();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await plan.mutateAsync({
        id: followUp.id, rowVersion: followUp.rowVersion,
        body: { measure: values.measure ?? null, dueDate: day(values.dueDate), handler: values.handler?.trim() ?? null, note: values.note?.trim() ?? null },
      });
      message.success('已保存');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`处置措施与期限：${followUp.entityName}`} okText="保存" cancelText="取消" confirmLoading={plan.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Form form={form} layout="vertical" name="plan-follow-up"
        initialValues={{ measure: followUp.measure ?? undefined, dueDate: followUp.dueDate ? dayjs(followUp.dueDate) : null, handler: followUp.handler ?? '', note: followUp.note ?? '' }}>
        <Form.Item name="measure" label="处置措施"><Select allowClear options={optionsOf(FOLLOW_UP_MEASURES)} placeholder="选择内部处置措施" /></Form.Item>
        <Form.Item name="dueDate" label="整改或办理期限"><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="handler" label="承办机构或承办人"><Input maxLength={100} placeholder="如：执法稽查科" /></Form.Item>
        <Form.Item name="note" label="内部备注（不公开）"><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
      </Form>
    </Modal>
  );
}
