/**
 * 直接委派 (威海第6条) before 执行匹配: where the approved task declared it, the lead department names inspectors of
 * the task's departments for some drawn objects; the matching then staffs the rest at random. The server refuses
 * what the rules forbid (server/modules/matching/routes.ts): not declared, not needed (random matching can staff
 * every object), an object or inspector outside the task (400 per pair), an inspector the rules exclude (422).
 * Where the task did not declare it the button stays disabled and says why. The pick list is the task's pool (the
 * lead and participating departments' on-duty inspectors, from the server), not the caller's own data scope.
 */
import { Alert, Button, Form, Modal, Select, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import type { FieldError } from '../../api/client';
import { useAppointmentCandidates, useTaskObjects, type AppointmentBody, type AppointmentCandidate, type TaskObjectRow } from '../../api/dispatch';
import { useTask } from '../../api/tasks';

export const NOT_DECLARED = '本任务未声明直接委派（须在任务中声明并经审核），只能随机匹配';

/** 'appointments.3.inspectorId' → pair 3. */
function pairErrors(errors: readonly FieldError[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const e of errors) {
    const k = /^appointments\.(\d+)\./.exec(e.field)?.[1];
    if (k !== undefined) out.set(Number(k), [...(out.get(Number(k)) ?? []), e.message]);
  }
  return out;
}

function AddDialog({ objects, inspectors, loading, onAdd, onClose }: { objects: TaskObjectRow[]; inspectors: AppointmentCandidate[]; loading: boolean; onAdd: (a: AppointmentBody) => void; onClose: () => void }) {
  const [form] = Form.useForm<AppointmentBody>();
  const submit = async () => {
    onAdd(await form.validateFields());
    onClose();
  };
  return (
    <Modal open title="直接委派检查人员" okText="添加" cancelText="取消" onOk={() => void submit()} onCancel={onClose}>
      <Form form={form} layout="vertical">
        <Form.Item name="taskObjectId" label="检查对象" rules={[{ required: true, message: '请选择检查对象' }]}>
          <Select showSearch optionFilterProp="label" placeholder="选择抽中的检查对象" options={objects.map((o) => ({ value: o.id, label: `${o.entityName}（${o.entityCode}）` }))} />
        </Form.Item>
        <Form.Item name="inspectorId" label="委派的检查人员" rules={[{ required: true, message: '请选择检查人员' }]} extra="本任务牵头或参与部门（含联合抽查的参与部门）的在岗检查人员；其余检查组成员仍随机匹配">
          <Select
            showSearch optionFilterProp="label" placeholder="选择检查人员" loading={loading} notFoundContent={loading ? '加载中…' : '没有在岗的检查人员'}
            options={[...new Set(inspectors.map((i) => i.departmentName))].map((dept) => ({
              label: dept, title: dept,
              options: inspectors.filter((i) => i.departmentName === dept).map((i) => ({ value: i.id, label: `${i.name}（${i.departmentName}·${i.certificateNo}）` })),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DirectAppointments({ taskId, value, onChange, errors }: { taskId: string; value: AppointmentBody[]; onChange: (v: AppointmentBody[]) => void; errors: readonly FieldError[] }) {
  const task = useTask(taskId);
  const declared = task.data?.spec.team.directAppointment === true;
  const objects = useTaskObjects(taskId);
  const candidates = useAppointmentCandidates(taskId, declared);
  const inspectors = candidates.data ?? [];
  const [adding, setAdding] = useState(false);
  if (!task.data) return null;
  if (!declared) return <Tooltip title={NOT_DECLARED}><Button disabled>直接委派</Button></Tooltip>;
  const pending = (objects.data ?? []).filter((o) => o.status === 'pending');
  const objectName = (id: string) => pending.find((o) => o.id === id)?.entityName ?? '（对象）';
  const inspectorName = (id: string) => inspectors.find((i) => i.id === id)?.name ?? '（人员）';
  const problems = pairErrors(errors);
  const add = (a: AppointmentBody) => {
    if (!value.some((x) => x.taskObjectId === a.taskObjectId && x.inspectorId === a.inspectorId)) onChange([...value, a]);
  };
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Space wrap size={4}>
        <Tooltip title="仅在执法检查人员有限、随机匹配无法配齐时使用"><Button onClick={() => setAdding(true)}>添加直接委派</Button></Tooltip>
        {value.map((a, k) => (
          <Tag key={`${a.taskObjectId}-${a.inspectorId}`} closable color={problems.has(k) ? 'red' : 'purple'} onClose={() => onChange(value.filter((_, j) => j !== k))}>
            {`${objectName(a.taskObjectId)} → ${inspectorName(a.inspectorId)}`}
          </Tag>
        ))}
      </Space>
      {problems.size > 0 && (
        <Alert type="error" showIcon message="直接委派的对象或人员不正确" description={[...problems].map(([k, m]) => {
          const a = value[k];
          return <div key={k}>{`${a ? `${objectName(a.taskObjectId)} → ${inspectorName(a.inspectorId)}` : `第 ${k + 1} 项`}：${m.join('；')}`}</div>;
        })} />
      )}
      {adding && <AddDialog objects={pending} inspectors={inspectors} loading={candidates.isPending} onAdd={add} onClose={() => setAdding(false)} />}
    </Space>
  );
}
