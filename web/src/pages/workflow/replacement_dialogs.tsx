/** The replacement request (reason from the four allowed ones + note), the head's refusal dialog and the expert replacement. */
import { App, Form, Input, Modal, Select } from 'antd';
import { REPLACEMENT_REASONS, REPLACEMENT_REASON_KEYS } from '../../../../domain/matching/replace';
import { errorMessage } from '../../api/client';
import { useDecideReplacement, useReplaceExpert, useRequestReplacement, type ReplacementRow, type TaskObjectRow, type TeamExpertRow } from '../../api/dispatch';

/** The ground (one of the four) and the note, shared by the inspector request and the expert replacement. */
function ReasonFields({ extra }: { extra: string }) {
  return (
    <>
      <Form.Item name="reason" label="替换原因" rules={[{ required: true, message: '请选择替换原因' }]} extra={extra}>
        <Select placeholder="选择原因" options={REPLACEMENT_REASON_KEYS.map((k) => ({ value: k, label: REPLACEMENT_REASONS[k] }))} />
      </Form.Item>
      <Form.Item name="note" label="说明" rules={[{ max: 500, message: '说明不能超过 500 个字符' }]}>
        <Input.TextArea rows={3} placeholder="简要说明情况" />
      </Form.Item>
    </>
  );
}

interface RequestValues { teamMemberId: string; reason: (typeof REPLACEMENT_REASON_KEYS)[number]; note?: string }

export function ReplacementRequestDialog({ taskId, object, departmentId, onClose }: { taskId: string; object: TaskObjectRow; departmentId: string | null; onClose: () => void }) {
  const [form] = Form.useForm<RequestValues>();
  const request = useRequestReplacement(taskId);
  const { message } = App.useApp();
  const members = object.team.filter((m) => m.active && m.departmentId === departmentId);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await request.mutateAsync({ teamMemberId: values.teamMemberId, reason: values.reason, note: values.note ?? null });
      message.success('已提交替换申请，待部门负责人审批');
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={`申请替换检查人员 — ${object.entityName}`} okText="提交申请" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={request.isPending}>
      <Form form={form} layout="vertical">
        <Form.Item name="teamMemberId" label="被替换人员（本部门）" rules={[{ required: true, message: '请选择被替换人员' }]}>
          <Select placeholder="选择人员" options={members.map((m) => ({ value: m.memberId, label: `${m.name}${m.role === 'leader' ? '（组长）' : ''}` }))} />
        </Form.Item>
        <ReasonFields extra="仅限岗位调整、工作冲突、健康状况、执法回避，须经部门负责人同意；替换人员由系统随机确定" />
      </Form>
    </Modal>
  );
}

export function RejectDialog({ row, onClose }: { row: ReplacementRow; onClose: () => void }) {
  const [form] = Form.useForm<{ comment: string }>();
  const decide = useDecideReplacement();
  const { message } = App.useApp();
  const submit = async () => {
    const { comment } = await form.validateFields();
    try {
      await decide.mutateAsync({ id: row.id, approve: false, rowVersion: row.rowVersion, comment });
      message.success('已退回替换申请');
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title="不同意替换" okText="确定" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={decide.isPending}>
      <Form form={form} layout="vertical">
        <Form.Item name="comment" label="理由" rules={[{ required: true, min: 2, message: '请填写不同意的理由（至少 2 个字）' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ExpertValues { teamExpertId: string; reason: (typeof REPLACEMENT_REASON_KEYS)[number]; note?: string }

/** 替换专家: the head of the expert's department names the expert and the ground; the system draws the successor from the 专家库. */
export function ExpertReplacementDialog({ taskId, object, experts, onClose }: { taskId: string; object: TaskObjectRow; experts: readonly TeamExpertRow[]; onClose: () => void }) {
  const [form] = Form.useForm<ExpertValues>();
  const replace = useReplaceExpert(taskId);
  const { message } = App.useApp();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await replace.mutateAsync({ teamExpertId: values.teamExpertId, reason: values.reason, note: values.note ?? null });
      message.success('已替换，替换专家由系统从专家库随机确定');
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={`替换专家 — ${object.entityName}`} okText="替换" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={replace.isPending}>
      <Form form={form} layout="vertical">
        <Form.Item name="teamExpertId" label="被替换专家" rules={[{ required: true, message: '请选择被替换专家' }]}>
          <Select placeholder="选择专家" options={experts.map((x) => ({ value: x.teamExpertId, label: `${x.name}（${x.organisation}）` }))} />
        </Form.Item>
        <ReasonFields extra="仅限岗位调整、工作冲突、健康状况、执法回避；替换专家由系统在专家库中随机确定（可用、无回避、未达任务上限）" />
      </Form>
    </Modal>
  );
}
