/** The review's dialogs: 退回 with comments, 通过 (with what is not to be published), 申请更正, the head's decision on a correction. */
import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { DISPOSALS, RESULT_CATEGORIES } from '../../../../domain/inspection/categories';
import {
  useApproveResult, useDecideCorrection, useRequestCorrection, useReturnResult, type CorrectionBody, type CorrectionView, type ResultDetail, type WithheldField,
} from '../../api/inspection';
import { applyServerErrors } from '../../components/form_errors';
import { optionsOf, WITHHELD_FIELD_LABELS } from './result_labels';

export function ReturnDialog({ result, onClose }: { result: ResultDetail; onClose: () => void }) {
  const [form] = Form.useForm<{ comments: string }>();
  const returnResult = useReturnResult();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await returnResult.mutateAsync({ id: result.id, rowVersion: result.rowVersion, comments: values.comments.trim() });
      message.success('已退回检查组修改');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`退回：${result.entityName}`} okText="退回" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={returnResult.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Form form={form} layout="vertical" name="return">
        <Form.Item name="comments" label="退回意见" rules={[{ required: true, whitespace: true, message: '请填写退回意见' }]}>
          <Input.TextArea rows={4} maxLength={500} showCount placeholder="写明需要检查组修改或补充的内容" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CorrectionValues {
  reason: string;
  resultCategory?: CorrectionBody['changes']['resultCategory'];
  disposal?: CorrectionBody['changes']['disposal'];
  note?: string;
}

/** 更正 (长春第20条): the reason and the corrected values; shown beside the original once the head approves it. */
export function CorrectionDialog({ result, onClose }: { result: ResultDetail; onClose: () => void }) {
  const [form] = Form.useForm<CorrectionValues>();
  const request = useRequestCorrection();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const note = values.note?.trim();
    const changes: CorrectionBody['changes'] = {
      ...(values.resultCategory ? { resultCategory: values.resultCategory } : {}),
      ...(values.disposal ? { disposal: values.disposal } : {}),
      ...(note ? { note } : {}),
    };
    if (Object.keys(changes).length === 0) {
      message.error('请至少更正一项内容（检查结果、处置或备注）');
      return;
    }
    try {
      await request.mutateAsync({ id: result.id, body: { reason: values.reason.trim(), changes } });
      message.success('更正申请已提交，待主要负责人审批');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`申请更正：${result.entityName}`} okText="提交申请" cancelText="取消" confirmLoading={request.isPending} onOk={() => void ok()} onCancel={onClose} width={560}>
      <Form form={form} layout="vertical" name="correction">
        <Form.Item name="reason" label="更正原因" rules={[{ required: true, whitespace: true, message: '请填写更正原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="resultCategory" label="更正后的检查结果" extra="不更正的项目留空">
          <Select allowClear options={optionsOf(RESULT_CATEGORIES)} placeholder="不更正" />
        </Form.Item>
        <Form.Item name="disposal" label="更正后的处置">
          <Select allowClear options={optionsOf(DISPOSALS)} placeholder="不更正" />
        </Form.Item>
        <Form.Item name="note" label="更正后的备注">
          <Input.TextArea rows={2} maxLength={2000} placeholder="不更正" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DecideCorrectionDialog({ correction, approve, onClose }: { correction: CorrectionView; approve: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ comments?: string }>();
  const decide = useDecideCorrection();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await decide.mutateAsync({ id: correction.id, approve, rowVersion: correction.rowVersion, comments: values.comments?.trim() ?? '' });
      message.success(approve ? '已批准，更正已公示' : '已不予批准');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={approve ? `批准第 ${correction.seq} 次更正` : `不批准第 ${correction.seq} 次更正`} okText={approve ? '批准并公示' : '不批准'}
      okButtonProps={{ danger: !approve }} cancelText="取消" confirmLoading={decide.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Form form={form} layout="vertical" name="decide-correction">
        <Form.Item name="comments" label="审批意见" rules={approve ? [] : [{ required: true, whitespace: true, message: '请填写不批准的理由' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ApproveValues {
  comments?: string;
  withhold?: boolean;
  fields?: WithheldField[];
  reason?: string;
}

/**
 * 通过, with the comments and, when part of the result touches 涉密/国家安全/公共安全 (渝北 四（九）), the fields kept out of
 * publication and why (logged with the approval).
 */
export function ApproveDialog({ result, onClose }: { result: ResultDetail; onClose: () => void }) {
  const [form] = Form.useForm<ApproveValues>();
  const approve = useApproveResult();
  const withhold = Form.useWatch('withhold', form);
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await approve.mutateAsync({
        id: result.id, rowVersion: result.rowVersion,
        body: {
          comments: values.comments?.trim() ?? null,
          withheld: values.withhold && values.fields && values.reason ? { fields: values.fields, reason: values.reason.trim() } : null,
        },
      });
      message.success('已审核通过');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title={`审核通过：${result.entityName}`} okText="通过" cancelText="取消" confirmLoading={approve.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Form form={form} layout="vertical" name="approve">
        <Form.Item name="comments" label="审核意见">
          <Input.TextArea rows={2} maxLength={1000} placeholder="可不填" />
        </Form.Item>
        <Form.Item name="withhold" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>部分内容涉及国家秘密、国家安全或公共安全，不予公示</Checkbox>
        </Form.Item>
        {withhold && (
          <>
            <Form.Item name="fields" label="不予公示的内容" rules={[{ required: true, message: '请选择不予公示的内容' }]}>
              <Checkbox.Group options={Object.entries(WITHHELD_FIELD_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="reason" label="不予公示的理由" rules={[{ required: true, whitespace: true, message: '请填写不予公示的理由' }]}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
