/** The forced change of an initial or reset password: the server refuses everything else until it is done. */
import { App, Alert, Button, Card, Form, Space, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { useChangePassword, useLogout, useMe } from '../api/auth';
import { applyServerErrors } from '../components/form_errors';
import { PageLoading } from '../components/page_states';
import { AuthScreen } from './auth_screen';
import { ChangePasswordFields, type ChangePasswordValues } from './change_password_form';

export function ChangePasswordPage() {
  const me = useMe();
  const [form] = Form.useForm<ChangePasswordValues>();
  const change = useChangePassword();
  const logout = useLogout();
  const navigate = useNavigate();
  const { message } = App.useApp();

  if (me.isPending) return <PageLoading fullScreen />;
  if (!me.data) return <Navigate to="/login" replace />;
  if (!me.data.mustChangePassword && !change.isSuccess) return <Navigate to="/" replace />;

  async function submit(values: ChangePasswordValues) {
    try {
      await change.mutateAsync({ oldPassword: values.oldPassword, newPassword: values.newPassword });
      message.success('密码已修改');
      await navigate('/', { replace: true });
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }

  return (
    <AuthScreen>
      <Card style={{ width: 440, maxWidth: 'calc(100vw - 32px)' }} styles={{ body: { padding: '28px 32px 20px' } }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>修改初始密码</Typography.Title>
        <Alert
          type="warning"
          showIcon
          title={`${me.data.name}（${me.data.account}），您正在使用初始密码或管理员重置的密码`}
          description="为保障账号安全，须先设置新密码才能继续使用系统。"
          style={{ marginBottom: 20 }}
        />
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={change.isPending}>
          <ChangePasswordFields form={form} />
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Button onClick={() => void logout.mutateAsync().catch(() => undefined).then(() => navigate('/login', { replace: true }))}>退出登录</Button>
            <Button type="primary" htmlType="submit" loading={change.isPending}>确认修改</Button>
          </Space>
        </Form>
      </Card>
    </AuthScreen>
  );
}
