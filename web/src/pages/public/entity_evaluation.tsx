/**
 * The entity's anonymous evaluation of one inspection (issue #11 item 3) and its count of this year's random
 * inspections against the cap (威海第5条, 曲阳第17条). Kept beside entity_page.tsx, which places them.
 */
import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { EVALUATION_ASPECT_LABELS, EVALUATION_ASPECTS, EVALUATION_COMMENT_MAX, EVALUATION_SCORE_LABELS, type EvaluationAspect } from '../../../../domain/inspection/evaluation';
import type { PublicResultRow } from '../../api/objections';
import { useEvaluate, type EntitySummary } from '../../api/evaluations';
import { applyServerErrors } from '../../components/form_errors';

const SCORES = [5, 4, 3, 2, 1].map((value) => ({ value, label: EVALUATION_SCORE_LABELS[value] ?? String(value) }));

export function CapLine({ summary }: { summary: EntitySummary }) {
  const reached = summary.inspectionsThisYear >= summary.annualCap;
  return (
    <Alert type={reached ? 'warning' : 'info'} showIcon data-cap-line
      title={`本年度已接受随机抽查 ${summary.inspectionsThisYear} 次，上限 ${summary.annualCap} 次`}
      description={reached ? '已达到本年度随机抽查次数上限，今年的随机抽取不再抽中本单位（投诉举报、转办交办等依法开展的检查除外）。' : '同一市场主体每年被随机抽查的次数原则上不超过 2 次。'} />
  );
}

type Values = Record<EvaluationAspect, number> & { comment?: string };

export function EvaluationForm({ result, onClose }: { result: PublicResultRow; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const evaluate = useEvaluate();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await evaluate.mutateAsync({ resultId: result.id, body: { ...values, comment: values.comment?.trim() || null } });
      message.success('感谢您的评价');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title="评价本次检查" okText="提交评价" cancelText="取消" confirmLoading={evaluate.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{`${result.taskName} · ${result.departmentName} · 检查日期 ${result.checkDate}`}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        评价匿名：检查部门只能看到多家单位评价的汇总（不足 5 份不显示），看不到是哪家单位、哪次检查的评价；意见建议仅双随机办可见。每次检查只能评价一次。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="evaluate-inspection">
        {EVALUATION_ASPECTS.map((aspect) => (
          <Form.Item key={aspect} name={aspect} label={EVALUATION_ASPECT_LABELS[aspect]} rules={[{ required: true, message: `请评价“${EVALUATION_ASPECT_LABELS[aspect]}”` }]}>
            <Radio.Group optionType="button" size="small" options={SCORES} style={{ display: 'flex', flexWrap: 'wrap', rowGap: 4 }} />
          </Form.Item>
        ))}
        <Form.Item name="comment" label="意见建议（选填）">
          <Input.TextArea rows={3} maxLength={EVALUATION_COMMENT_MAX} showCount placeholder="对检查工作的意见和建议" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
