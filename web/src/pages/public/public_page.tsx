/**
 * 公开信息查询 (no login): what the local rules require to be public — the lists in force, the annual plans, the tasks
 * with their 实施方案 (/public/tasks/:id), the inspector directory, the results with their corrections, the audit
 * checkpoints and the open data; a draw's commitment, receipt and in-browser check (/public/draws/:id). Reached from
 * the login page.
 */
import { Card, Layout, Tabs, Typography } from 'antd';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import { NotFoundPage } from '../error_pages';
import { PublicDraw } from './public_draw';
import { PORTAL_TABS, portalTabOf } from './portal_tabs';
import { PublicTask } from './public_task';

/**
 * Each tab has its own path (/public, /public/inspectors, /public/results…; portal_tabs.tsx), so a list's filters in the
 * query string stay its own; any other path under /public is a 404, not the first tab.
 */
const HOME = '/public';

export function PublicPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const tab = portalTabOf(path);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: 'linear-gradient(90deg, #0b3d91, #1677ff)', paddingInline: 'clamp(12px, 3vw, 24px)' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, fontSize: 'clamp(15px, 4vw, 20px)', lineHeight: 1.3 }}>suiji 双随机、一公开 · 公开信息查询</Typography.Title>
        <span style={{ whiteSpace: 'nowrap' }}>
          <Link to="/public/entity" style={{ color: '#fff', marginLeft: 12 }}>检查对象异议</Link>
          <Link to="/login" style={{ color: '#fff', marginLeft: 12 }}>工作人员登录</Link>
        </span>
      </Layout.Header>
      <Layout.Content style={{ padding: 'clamp(8px, 3vw, 24px)', maxWidth: 1400, width: '100%', margin: '0 auto', boxSizing: 'border-box' }}>
        {/^\/public\/(draws|tasks)\/[^/]+$/.test(path) ? <Routes><Route path="draws/:id" element={<PublicDraw />} /><Route path="tasks/:id" element={<PublicTask />} /></Routes> : tab === null ? <NotFoundPage home={{ to: HOME, label: '返回公开信息查询' }} /> : (
        <Card>
          <Tabs
            activeKey={tab.key}
            onChange={(key) => void navigate(PORTAL_TABS.find((t) => t.key === key)?.path ?? HOME)}
            destroyOnHidden
            items={PORTAL_TABS.map((t) => ({ key: t.key, label: t.label, children: t.render() }))}
          />
        </Card>
        )}
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
        依据各地“双随机、一公开”监管工作规定向社会公开 · suiji 开源项目 · Apache-2.0
      </Layout.Footer>
    </Layout>
  );
}
