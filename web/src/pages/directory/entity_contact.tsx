/**
 * 登记联系电话 of an entity (issue #10 item 6): the mobile number that receives the sign-in code of an online objection.
 * Staff only (never public); set by those who may edit the record, with the version they read.
 */
import { App, Button, Descriptions, Form, Input, Modal } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ContactView } from '../../../../server/modules/entity_access/schema';
import { apiGet, apiPut } from '../../api/client';
import { useInvalidate } from '../../api/resource';
import type { EntityDetail } from '../../api/entities';
import { useCan } from '../../auth/current_user';
import { applyServerErrors } from '../../components/form_errors';
import { formatDateTime } from '../../components/format';

const KEY = 'entity-contact';

export function EntityContact({ entity }: { entity: EntityDetail }) {
  const can = useCan();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const url = `/api/directory/entities/${encodeURIComponent(entity.id)}/contact`;
  const contact = useQuery({ queryKey: [KEY, entity.id], queryFn: () => apiGet<ContactView>(url) });
  const save = useMutation({ mutationFn: (body: { phone: string; rowVersion: number | null }) => apiPut<ContactView>(url, body), onSuccess: () => invalidate([KEY]) });
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ phone: string }>();
  const editable = entity.canEdit && can('directory:entity:update');
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await save.mutateAsync({ phone: values.phone.trim(), rowVersion: contact.data?.rowVersion ?? null });
      message.success('联系电话已登记');
      setEditing(false);
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  const c = contact.data;
  return (
    <>
      <Descriptions title="登记联系电话（接收异议登录验证码，不公开）" column={1} size="small" bordered styles={{ label: { width: 150 } }}
        extra={editable ? <Button size="small" onClick={() => { form.setFieldsValue({ phone: c?.phone ?? '' }); setEditing(true); }}>{c?.phone ? '修改' : '登记'}</Button> : null}>
        <Descriptions.Item label="手机号">{c?.phone ? `${c.phone}（${c.source === 'demo' ? '演示数据' : '部门登记'}，${c.updatedAt ? formatDateTime(c.updatedAt) : ''}）` : '未登记'}</Descriptions.Item>
      </Descriptions>
      {editing && (
        <Modal open title={`登记联系电话：${entity.name}`} okText="保存" cancelText="取消" confirmLoading={save.isPending} onOk={() => void ok()} onCancel={() => setEditing(false)}>
          <Form form={form} layout="vertical" name="entity-contact">
            <Form.Item name="phone" label="手机号" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号' }]} extra="检查对象在线提出异议时，验证码发送到此号码">
              <Input maxLength={11} inputMode="numeric" />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
