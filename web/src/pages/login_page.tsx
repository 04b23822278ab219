/** 登录. Errors are shown in place: wrong password (with attempts left), lockout, throttling, disabled account. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogin, useMe, type LoginInput } from '../api/auth';
import { errorMessage, isApiError } from '../api/client';
import { safeRedirect } from '../auth/redirect';
import { AuthScreen } from './auth_screen';

interface LoginProblem {
  readonly type: 'error' | 'warning';
  readonly title: string;
  readonly description: string;
}

function problemOf(error: unknown): LoginProblem {
  if (!isApiError(error)) return { type: 'error', title: '登录失败', description: errorMessage(error) };
  switch (error.code) {
    case 'ACCOUNT_LOCKED':
      return { type: 'warning', title: '账号已锁定', description: error.message };
    case 'TOO_MANY_ATTEMPTS':
      return { type: 'warning', title: '尝试过于频繁', description: error.message };
    case 'ACCOUNT_DISABLED':
      return { type: 'error', title: '账号已停用', description: error.message };
    default:
      return { type: 'error', title: '登录失败', description: error.message };
  }
}

export function LoginPage() {
  const [form] = Form.useForm<LoginInput>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [problem, setProblem] = useState<LoginProblem | null>(null);
  // Set on success: keep showing this page while the next one loads (no blank <Navigate> frame).
  const [entering, setEntering] = useState(false);
  const redirect = safeRedirect(params.get('redirect'));

  if (me.data && !login.isPending && !entering) {
    return <Navigate to={me.data.mustChangePassword ? '/change-password' : redirect} replace />;
  }

  function submit(values: LoginInput) {
    setProblem(null);
    login.mutate(values, {
      onSuccess: (signedIn) => {
        setEntering(true);
        void navigate(signedIn.mustChangePassword ? '/change-password' : redirect, { replace: true });
      },
      onError: (error) => {
        setProblem(problemOf(error));
        form.setFieldValue('password', '');
      },
    });
  }

  return (
    <AuthScreen>
      <Card style={{ width: 400, maxWidth: 'calc(100vw - 32px)' }} styles={{ body: { padding: '32px 32px 20px' } }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0, marginBottom: 4 }}>用户登录</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 24 }}>
          请使用本单位分配的账号登录
        </Typography.Paragraph>
        {params.get('redirect') && !problem && (
          <Alert type="info" showIcon title="登录已过期或尚未登录，登录后将回到原页面" style={{ marginBottom: 16 }} />
        )}
        {problem && (
          <Alert type={problem.type} showIcon title={problem.title} description={problem.description} style={{ marginBottom: 16 }} role="alert" />
        )}
        <Form form={form} onFinish={submit} size="large" autoComplete="on" disabled={login.isPending || entering}>
          <Form.Item name="account" rules={[{ required: true, whitespace: true, message: '请输入账号' }]}>
            <Input prefix={<UserOutlined />} placeholder="账号" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" block loading={login.isPending || entering}>登 录</Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center', marginBottom: 0 }}>
          连续 5 次密码错误将锁定账号 15 分钟。忘记密码请联系本部门管理员重置。
        </Typography.Paragraph>
        <Typography.Paragraph style={{ fontSize: 13, textAlign: 'center', margin: '12px 0 0' }}>
          <Link to="/public">公开信息查询（抽查事项清单、执法检查人员名录）</Link>
          <br />
          <Link to="/public/entity">检查对象查询结果、提出异议</Link>
        </Typography.Paragraph>
      </Card>
    </AuthScreen>
  );
}
