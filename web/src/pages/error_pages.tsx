import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

export function ForbiddenPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="没有访问权限"
      subTitle="您的角色没有打开此页面的权限。如需使用，请联系本部门管理员分配角色。"
      extra={<Button type="primary" onClick={() => void navigate('/')}>返回工作台</Button>}
    />
  );
}

/** `home` is where the button leads: the workbench by default, the public page for a visitor without an account. */
export function NotFoundPage({ home = { to: '/', label: '返回工作台' } }: { readonly home?: { readonly to: string; readonly label: string } }) {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的地址不存在，可能已被移动或输入有误。"
      extra={<Button type="primary" onClick={() => void navigate(home.to)}>{home.label}</Button>}
    />
  );
}
