/** The backdrop of the login and forced change-password screens. */
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export function AuthScreen({ children }: { children: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', boxSizing: 'border-box', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 24, padding: 16, background: 'linear-gradient(160deg, #0b3d91 0%, #1677ff 55%, #e6f0ff 100%)' }}>
      <div style={{ textAlign: 'center', color: '#fff' }}>
        <Typography.Title level={2} style={{ color: '#fff', margin: 0, letterSpacing: 1 }}>suiji 双随机、一公开监管平台</Typography.Title>
        <Typography.Text style={{ color: 'rgba(255,255,255,.85)' }}>随机抽取检查对象 · 随机选派执法检查人员 · 抽查情况及查处结果及时向社会公开</Typography.Text>
      </div>
      {children}
      <Typography.Text style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>suiji 开源项目 · Apache-2.0</Typography.Text>
    </div>
  );
}
