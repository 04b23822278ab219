/**
 * The 公示 portal's tabs (public_page.tsx), each with its own path under /public. Kept here so the portal grows without
 * editing the page's layout.
 */
import type { ReactNode } from 'react';
import { PublicChecklists } from './public_checklists';
import { PublicCheckpoints } from './public_checkpoints';
import { PublicInspectors } from './public_inspectors';
import { PublicOpenData } from './public_open_data';
import { PublicPlans } from './public_plans';
import { PublicResults } from './public_results';
import { PublicTasks } from './public_tasks';

export interface PortalTab {
  readonly key: string;
  readonly label: string;
  readonly path: string;
  readonly render: () => ReactNode;
}

export const PORTAL_TABS: readonly PortalTab[] = [
  { key: 'checklists', label: '随机抽查事项清单', path: '/public', render: () => <PublicChecklists /> },
  { key: 'plans', label: '年度抽查计划', path: '/public/plans', render: () => <PublicPlans /> },
  { key: 'tasks', label: '抽查任务与抽取结果', path: '/public/tasks', render: () => <PublicTasks /> },
  { key: 'results', label: '检查结果查询', path: '/public/results', render: () => <PublicResults /> },
  { key: 'inspectors', label: '执法检查人员名录', path: '/public/inspectors', render: () => <PublicInspectors /> },
  { key: 'checkpoints', label: '留痕检查点', path: '/public/checkpoints', render: () => <PublicCheckpoints /> },
  { key: 'open-data', label: '开放数据', path: '/public/open-data', render: () => <PublicOpenData /> },
];

export function portalTabOf(path: string): PortalTab | null {
  return PORTAL_TABS.find((t) => t.path === path) ?? null;
}
