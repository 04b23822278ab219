/**
 * 工作台: who you are (account, department, region), your roles and the data you can see (数据权限),
 * what is due for you (待办), what you may do, your latest operations, and quick links to every page you can open.
 */
import { Card, Col, Descriptions, List, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { DATA_SCOPE_LABELS, type DataScopeKind } from '../../../domain/access/data_scope';
import { ALL_PERMISSIONS, PERMISSION_MODULES, PERMISSIONS, permissionModule, type Permission } from '../../../domain/access/permissions';
import { BUILTIN_ROLES } from '../../../domain/access/roles';
import type { Me } from '../api/auth';
import { operationLogsApi, rolesApi } from '../api/system';
import { hasPermission, useCurrentUser } from '../auth/current_user';
import { formatDateTime } from '../components/format';
import { EmptyState } from '../components/page_states';
import { describeRoute } from '../components/route_actions';
import { MENU_GROUPS, menuRoutes } from '../routes';
import { TodoCard } from './todo_card';

interface ScopeGrant {
  readonly role: string;
  readonly kind: DataScopeKind | null;
  readonly customCount: number;
}

/** Each role's data scope: from 角色管理 when the user may read it, else the built-in role's default. */
function useScopeGrants(me: Me): ScopeGrant[] {
  const mayReadRoles = hasPermission(me, 'system:role:list');
  const roles = rolesApi.useList({ page: 1, pageSize: 200 }, mayReadRoles);
  return me.roles.map((role) => {
    const row = roles.data?.rows.find((r) => r.key === role.key);
    if (row) return { role: role.name, kind: row.dataScope, customCount: row.customDepartmentIds.length };
    const builtin = BUILTIN_ROLES.find((r) => r.key === role.key);
    return { role: role.name, kind: builtin?.dataScope ?? null, customCount: 0 };
  });
}

function scopeMeaning(me: Me, grant: ScopeGrant): string {
  switch (grant.kind) {
    case 'all': return '全部区划、全部部门的数据';
    case 'region_and_below': return me.region ? `${me.region.name}及其下级区划的数据` : '本区域及下级区划的数据（账号未关联区划）';
    case 'department': return me.department ? `${me.department.name}的数据` : '本部门的数据（账号未关联部门）';
    case 'self': return '本人创建或承办的数据';
    case 'custom': return `指定的 ${grant.customCount} 个部门的数据`;
    case null: return '由管理员在角色管理中设定';
  }
}

interface ModuleAbilities {
  readonly module: string;
  readonly menus: [string, string[]][];
}

/** 系统管理 → 用户管理 → ['查询', '新增', …] for the permissions the user holds, in catalog order. */
function abilitiesOf(held: readonly Permission[]): ModuleAbilities[] {
  const modules = new Map<string, Map<string, string[]>>();
  for (const permission of ALL_PERMISSIONS) {
    if (!held.includes(permission)) continue;
    const module = PERMISSION_MODULES[permissionModule(permission)];
    const [menu = permission, action = permission] = PERMISSIONS[permission].split('-');
    const menus = modules.get(module) ?? new Map<string, string[]>();
    modules.set(module, menus);
    menus.set(menu, [...(menus.get(menu) ?? []), action]);
  }
  return [...modules].map(([module, menus]) => ({ module, menus: [...menus] }));
}

function MyRecentOperations({ me }: { me: Me }) {
  const logs = operationLogsApi.useList({ actorName: me.name, page: 1, pageSize: 6 });
  return (
    <Card title="我的最近操作" extra={<Link to={`/monitor/operation-logs?actorName=${encodeURIComponent(me.name)}`}>查看全部</Link>} loading={logs.isPending}>
      {logs.isError ? <Typography.Text type="secondary">操作日志暂时无法加载</Typography.Text> : (
        <List
          size="small"
          dataSource={logs.data?.rows ?? []}
          locale={{ emptyText: <EmptyState description="暂无操作记录" /> }}
          renderItem={(row) => (
            <List.Item>
              <Space>
                <Tag color={row.outcome === 'success' ? 'green' : 'red'}>{row.outcome === 'success' ? '成功' : '失败'}</Tag>
                <span>{row.summary}</span>
              </Space>
              <Typography.Text type="secondary">{formatDateTime(row.at)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export function DashboardPage() {
  const me = useCurrentUser();
  const grants = useScopeGrants(me);
  const links = menuRoutes(me.permissions).filter((route) => route.path !== '/');
  const abilities = abilitiesOf(me.permissions);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{`您好，${me.name}`}</Typography.Title>
        <Descriptions column={{ xs: 1, md: 2, xl: 4 }} items={[
          { key: 'account', label: '账号', children: me.account },
          { key: 'department', label: '所属部门', children: me.department?.name ?? '未关联部门' },
          { key: 'region', label: '行政区划', children: me.region?.name ?? '—' },
          {
            key: 'roles', label: '角色',
            children: me.roles.length > 0 ? <Space size={[4, 4]} wrap>{me.roles.map((r) => <Tag key={r.key} color="blue">{r.name}</Tag>)}</Space> : '未分配角色',
          },
        ]} />
      </Card>

      <TodoCard />

      <Card title="常用功能">
        {links.length === 0 ? <EmptyState description="您的角色暂无可用菜单，请联系管理员分配" /> : (
          <Row gutter={[16, 16]}>
            {links.map((route) => (
              <Col key={route.path} xs={24} sm={12} lg={8} xl={6}>
                <Link to={route.path}>
                  <Card size="small" hoverable>
                    <Space align="start">
                      <span style={{ fontSize: 22, color: '#1677ff' }}>{route.icon}</span>
                      <Space orientation="vertical" size={0}>
                        <Typography.Text strong>{route.label}</Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {MENU_GROUPS.find((g) => g.key === route.group)?.label} · {describeRoute(route.description, route.actions ?? [], (p) => hasPermission(me, p))}
                        </Typography.Text>
                      </Space>
                    </Space>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="数据权限">
              {grants.length === 0 ? <EmptyState description="未分配角色，看不到任何业务数据" /> : (
                <List
                  size="small"
                  dataSource={grants}
                  renderItem={(grant) => (
                    <List.Item>
                      <Space orientation="vertical" size={0}>
                        <Space>
                          <Typography.Text strong>{grant.kind ? DATA_SCOPE_LABELS[grant.kind] : '未知'}</Typography.Text>
                          <Typography.Text type="secondary">来自角色：{grant.role}</Typography.Text>
                        </Space>
                        <Typography.Text type="secondary">可查看{scopeMeaning(me, grant)}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
              {grants.length > 1 && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>多个角色的数据权限取并集。</Typography.Paragraph>}
            </Card>
            {hasPermission(me, 'monitor:operation-log:list') && <MyRecentOperations me={me} />}
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="我的功能权限">
            {abilities.length === 0 ? <EmptyState description="暂无功能权限" /> : abilities.map(({ module, menus }) => (
              <div key={module} style={{ marginBottom: 12 }}>
                <Typography.Text strong>{module}</Typography.Text>
                <Descriptions column={1} size="small" style={{ marginTop: 4 }} items={menus.map(([menu, actions]) => ({
                  key: menu, label: menu, children: <Space size={[4, 4]} wrap>{actions.map((a) => <Tag key={a}>{a}</Tag>)}</Space>,
                }))} />
              </div>
            ))}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
