/**
 * 公开信息查询 (no login): what the local rules require to be public before any inspection — the lists in force and the
 * inspector directory, and a draw's commitment and receipt (/public/draws/:id). Reached from the login page.
 */
import { Card, Layout, Tabs, Typography } from 'antd';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import { NotFoundPage } from '../error_pages';
import { PublicChecklists } from './public_checklists';
import { PublicDraw } from './public_draw';
import { PublicInspectors } from './public_inspectors';

/**
 * Each tab has its own path (/public, /public/inspectors), so a list's filters in the query string stay its own; any
 * other path under /public is a 404, not the first tab.
 */
const TAB_PATHS = { checklists: '/public', inspectors: '/public/inspectors' } as const;

export function PublicPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const tab = path === TAB_PATHS.inspectors ? 'inspectors' : path === TAB_PATHS.checklists ? 'checklists' : null;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: 'linear-gradient(90deg, #0b3d91, #1677ff)', paddingInline: 24 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, fontSize: 'clamp(15px, 4vw, 20px)', lineHeight: 1.3 }}>suiji 双随机、一公开 · 公开信息查询</Typography.Title>
        <span style={{ whiteSpace: 'nowrap' }}>
          <Link to="/public/entity" style={{ color: '#fff', marginLeft: 12 }}>检查对象异议</Link>
          <Link to="/login" style={{ color: '#fff', marginLeft: 12 }}>工作人员登录</Link>
        </span>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1400, width: '100%', margin: '0 auto', boxSizing: 'border-box' }}>
        {/^\/public\/draws\/[^/]+$/.test(path) ? <Routes><Route path="draws/:id" element={<PublicDraw />} /></Routes> : tab === null ? <NotFoundPage home={{ to: TAB_PATHS.checklists, label: '返回公开信息查询' }} /> : (
        <Card>
          <Tabs
            activeKey={tab}
            onChange={(key) => void navigate(key === 'inspectors' ? TAB_PATHS.inspectors : TAB_PATHS.checklists)}
            items={[
              { key: 'checklists', label: '随机抽查事项清单', children: <PublicChecklists /> },
              { key: 'inspectors', label: '执法检查人员名录', children: <PublicInspectors /> },
            ]}
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
