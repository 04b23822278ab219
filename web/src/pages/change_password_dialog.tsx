import { App, Form, Modal } from 'antd';
import { useChangePassword } from '../api/auth';
import { applyServerErrors } from '../components/form_errors';
import { ChangePasswordFields, type ChangePasswordValues } from './change_password_form';

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<ChangePasswordValues>();
  const change = useChangePassword();
  const { message } = App.useApp();

  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await change.mutateAsync({ oldPassword: values.oldPassword, newPassword: values.newPassword });
      message.success('密码已修改，其他设备上的登录已退出');
      form.resetFields();
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }

  return (
    <Modal
      title="修改密码"
      open={open}
      onOk={() => void submit()}
      onCancel={() => { form.resetFields(); onClose(); }}
      okText="确定"
      cancelText="取消"
      confirmLoading={change.isPending}
      forceRender
    >
      <Form form={form} name="change_password" layout="vertical">
        <ChangePasswordFields form={form} />
      </Form>
    </Modal>
  );
}
