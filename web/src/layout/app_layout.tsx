/**
 * The shell users know from RuoYi / Ant Design Pro: a left menu built from the route table and the
 * user's permissions, a top bar with the platform title and the user's dropdown, and a breadcrumb.
 */
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Breadcrumb, Button, Dropdown, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import { errorMessage } from '../api/client';
import { hasPermission, useCurrentUser } from '../auth/current_user';
import { ChangePasswordDialog } from '../pages/change_password_dialog';
import { APP_ROUTES, MENU_GROUPS, routeOfPath } from '../routes';

const { Header, Sider, Content } = Layout;
const SIDER_WIDTH = 216;

type MenuItem = NonNullable<MenuProps['items']>[number];

function useMenuItems(): MenuItem[] {
  const me = useCurrentUser();
  return useMemo(() => {
    const visible = APP_ROUTES.filter((route) => !route.hideInMenu && hasPermission(me, route.permission));
    const items: MenuItem[] = visible
      .filter((route) => route.group === null)
      .map((route) => ({ key: route.path, icon: route.icon, label: <Link to={route.path}>{route.label}</Link> }));
    for (const group of MENU_GROUPS) {
      const children = visible
        .filter((route) => route.group === group.key)
        .map((route) => ({ key: route.path, icon: route.icon, label: <Link to={route.path}>{route.label}</Link> }));
      if (children.length > 0) items.push({ key: group.key, icon: group.icon, label: group.label, children });
    }
    return items;
  }, [me]);
}

export function AppLayout() {
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const menuItems = useMenuItems();

  const current = routeOfPath(location.pathname);
  const selectedKey = current?.menuPath ?? current?.path ?? location.pathname;
  const group = MENU_GROUPS.find((g) => g.key === current?.group);
  const [openKeys, setOpenKeys] = useState<string[]>(() => (group ? [group.key] : MENU_GROUPS.map((g) => g.key)));
  // Arriving in another group (a quick link, the back button) opens that group too.
  useEffect(() => {
    if (group) setOpenKeys((keys) => (keys.includes(group.key) ? keys : [...keys, group.key]));
  }, [group]);

  const breadcrumb = [
    { title: <Link to="/">首页</Link> },
    ...(group ? [{ title: group.label }] : []),
    ...(current && current.path !== '/' ? [{ title: current.menuPath ? <Link to={current.menuPath}>{routeOfPath(current.menuPath)?.label}</Link> : current.label }] : []),
    ...(current?.menuPath ? [{ title: current.label }] : []),
  ];

  async function handleLogout() {
    try {
      await logout.mutateAsync();
    } catch (error) {
      message.error(errorMessage(error));
    }
    await navigate('/login', { replace: true });
  }

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: '修改密码', onClick: () => setPasswordOpen(true) },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: () => void handleLogout() },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* The dark strip runs the full page height; the menu inside it stays in view while the page scrolls. */}
      <div style={{ background: '#001529', flex: 'none' }}>
      <Sider
        width={SIDER_WIDTH}
        collapsible
        collapsed={collapsed}
        trigger={null}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Link to="/" style={{ display: 'flex', alignItems: 'center', height: 56, padding: collapsed ? '0 24px' : '0 20px', gap: 10 }}>
          <span style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: 28, height: 28, borderRadius: 6, background: '#1677ff', color: '#fff', fontWeight: 700, flex: 'none' }}>随</span>
          {!collapsed && <span style={{ color: '#fff', fontSize: 16, fontWeight: 600, whiteSpace: 'nowrap' }}>双随机、一公开</span>}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          items={menuItems}
          selectedKeys={[selectedKey]}
          openKeys={collapsed ? undefined : openKeys}
          onOpenChange={(keys) => setOpenKeys(keys)}
        />
      </Sider>
      </div>
      <Layout>
        <Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', padding: '0 20px 0 8px', boxShadow: '0 1px 4px rgba(0,21,41,.08)', position: 'sticky', top: 0, zIndex: 10 }}>
          <Button
            type="text"
            aria-label={collapsed ? '展开菜单' : '收起菜单'}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed(!collapsed)}
          />
          <Typography.Text strong style={{ fontSize: 17, whiteSpace: 'nowrap' }}>suiji 双随机、一公开监管平台</Typography.Text>
          <div style={{ flex: 1 }} />
          {me.department && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }} title={me.department.name}>
              {me.department.name}
            </Typography.Text>
          )}
          <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
            <Button type="text" style={{ height: 40 }} data-testid="user-menu">
              <Space size={8}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
                <span>{me.name}</span>
                <DownOutlined style={{ fontSize: 10 }} />
              </Space>
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: '12px 16px 24px' }}>
          <Breadcrumb items={breadcrumb} style={{ marginBottom: 12 }} />
          <Outlet />
        </Content>
      </Layout>
      <ChangePasswordDialog open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
