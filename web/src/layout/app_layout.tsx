/**
 * The shell users know from RuoYi / Ant Design Pro: a left menu built from the route table and the
 * user's permissions, a top bar with the platform title and the user's dropdown, and a breadcrumb.
 */
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Breadcrumb, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { memo, useEffect, useLayoutEffect, useMemo, useState, type CSSProperties } from 'react';
import { Link, Outlet, useLocation, useNavigate, type NavigateFunction } from 'react-router';
import { useLogout } from '../api/auth';
import { errorMessage } from '../api/client';
import { useCan, useCurrentUser } from '../auth/current_user';
import { OfflineBadge } from '../offline/offline_status';
import { OutboxRunner } from '../offline/outbox_instance';
import { ChangePasswordDialog } from '../pages/change_password_dialog';
import { TodoBell } from '../pages/todo_card';
import { MENU_GROUPS, PLATFORM_TITLE, menuRoutes, pageTitle, routeOfPath } from '../routes';

const { Header, Sider, Content } = Layout;
const SIDER_WIDTH = 216;

type MenuItem = NonNullable<MenuProps['items']>[number];

function useMenuItems(): MenuItem[] {
  const me = useCurrentUser();
  return useMemo(() => {
    const visible = menuRoutes(me.permissions);
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

/**
 * The frame follows the path only: a change of the query string (a list's page, its filters) re-renders the page in the
 * Outlet, not the menu, header and breadcrumb around it (useLocation and useNavigate re-render on every URL change).
 */
export function AppLayout() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return <LayoutFrame pathname={pathname} navigate={navigate} />;
}

const LayoutFrame = memo(function LayoutFrame({ pathname, navigate }: { pathname: string; navigate: NavigateFunction }) {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const menuItems = useMenuItems();
  // 检查结果录入 works offline: the outbox is sent from every page, and the header says what waits (issue #10 item 2).
  const entersResults = useCan()('inspection:result:enter');
  // Below md (phones, small tablets) the menu is a drawer opened from the header, so the page gets the full width.
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);

  const current = routeOfPath(pathname);
  // A layout effect, so that a detail page's own effect (adding its record's name) runs after it.
  useLayoutEffect(() => {
    document.title = pageTitle(current);
  }, [current]);
  useEffect(() => () => { document.title = PLATFORM_TITLE; }, []);
  // Following a menu link (or any navigation) closes the drawer.
  useEffect(() => setDrawerOpen(false), [pathname]);
  const selectedKey = current?.menuPath ?? current?.path ?? pathname;
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

  function logo(small: boolean) {
    return (
      <Link to="/" style={{ display: 'flex', alignItems: 'center', height: 56, padding: small ? '0 24px' : '0 20px', gap: 10 }}>
        <span style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: 28, height: 28, borderRadius: 6, background: '#1677ff', color: '#fff', fontWeight: 700, flex: 'none' }}>随</span>
        {!small && <span style={{ color: '#fff', fontSize: 16, fontWeight: 600, whiteSpace: 'nowrap' }}>双随机、一公开</span>}
      </Link>
    );
  }

  function menu(small: boolean, style?: CSSProperties) {
    return (
      <Menu
        theme="dark"
        mode="inline"
        style={style}
        items={menuItems}
        selectedKeys={[selectedKey]}
        openKeys={small ? undefined : openKeys}
        onOpenChange={(keys) => setOpenKeys(keys)}
        // In the drawer, a click on an item closes it, also on the page already shown.
        onClick={() => setDrawerOpen(false)}
      />
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={SIDER_WIDTH}
          closable={false}
          styles={{ section: { background: '#001529' }, body: { padding: 0 } }}
          aria-label="菜单"
        >
          {logo(false)}
          {menu(false, { background: 'transparent' })}
        </Drawer>
      ) : (
        // The dark strip runs the full page height; the menu inside it stays in view while the page scrolls.
        <div style={{ background: '#001529', flex: 'none' }}>
          <Sider
            width={SIDER_WIDTH}
            collapsible
            collapsed={collapsed}
            trigger={null}
            style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
          >
            {logo(collapsed)}
            {menu(collapsed)}
          </Sider>
        </div>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header style={{ display: 'flex', alignItems: 'center', gap: narrow ? 8 : 16, background: '#fff', padding: narrow ? '0 8px' : '0 20px 0 8px', boxShadow: '0 1px 4px rgba(0,21,41,.08)', position: 'sticky', top: 0, zIndex: 10 }}>
          {narrow ? (
            <Button type="text" aria-label="打开菜单" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} />
          ) : (
            <Button
              type="text"
              aria-label={collapsed ? '展开菜单' : '收起菜单'}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
            />
          )}
          <Typography.Text strong ellipsis style={{ fontSize: narrow ? 15 : 17, whiteSpace: 'nowrap', minWidth: 0 }} title={PLATFORM_TITLE}>
            {narrow ? '双随机、一公开' : PLATFORM_TITLE}
          </Typography.Text>
          <div style={{ flex: 1 }} />
          {me.department && !narrow && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }} title={me.department.name}>
              {me.department.name}
            </Typography.Text>
          )}
          {entersResults && <><OutboxRunner /><OfflineBadge /></>}
          <TodoBell />
          <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
            <Button type="text" style={{ height: 40, flex: 'none', paddingInline: narrow ? 4 : undefined }} data-testid="user-menu">
              <Space size={narrow ? 4 : 8}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
                <span style={narrow ? { display: 'inline-block', maxWidth: 96, overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'bottom' } : undefined}>{me.name}</span>
                <DownOutlined style={{ fontSize: 10 }} />
              </Space>
            </Button>
          </Dropdown>
        </Header>
        {/* minWidth 0: a wide table scrolls inside its own container instead of widening the page. */}
        <Content style={{ padding: narrow ? '8px 8px 16px' : '12px 16px 24px', minWidth: 0 }}>
          <Breadcrumb items={breadcrumb} style={{ marginBottom: 12 }} />
          <Outlet />
        </Content>
      </Layout>
      <ChangePasswordDialog open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
});
