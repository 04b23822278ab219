/** Labels and tags of 年度抽查计划 for the web pages (the domain's labels, coloured). */
import { PLAN_STATUS_LABELS } from '../../../../domain/workflow/plan_states';
import { ROUNDING_LABELS } from '../../../../domain/draw/quota';
import type { ValueEnum } from '../../components/value_tag';

export const PLAN_STATUS_ENUM = {
  draft: { text: PLAN_STATUS_LABELS.draft, color: 'default' },
  in_review: { text: PLAN_STATUS_LABELS.in_review, color: 'processing' },
  returned: { text: PLAN_STATUS_LABELS.returned, color: 'orange' },
  published: { text: PLAN_STATUS_LABELS.published, color: 'green' },
  void: { text: PLAN_STATUS_LABELS.void, color: 'red' },
} as const satisfies ValueEnum;

export const PLAN_KIND_ENUM = {
  department: { text: '部门计划', color: 'blue' },
  joint: { text: '联合抽查计划', color: 'purple' },
} as const satisfies ValueEnum;

export const STRATUM_LABELS: Readonly<Record<string, string>> = {
  all: '全部（不分层）', A: 'A 类（信用风险低）', B: 'B 类（信用风险一般）', C: 'C 类（信用风险较高）', D: 'D 类（信用风险高）', E: 'E 类', unrated: '未分类',
};

export const ROUNDING_OPTIONS = Object.entries(ROUNDING_LABELS).map(([value, label]) => ({ value, label }));

export const SCOPE_LABELS: Readonly<Record<string, string>> = { lead_department: '牵头部门', same_region: '同级', region_and_above: '本级及上级' };

export const DECISION_LABELS: Readonly<Record<string, string>> = { submitted: '提交审核', approved: '审核通过', returned: '退回', withdrawn: '撤回' };

export const METHOD_SUGGESTIONS = ['实地核查', '书面检查', '网络监测', '抽样检测', '专业机构核查'].map((v) => ({ value: v, label: v }));

export { ROUNDING_LABELS };

/** 「A 类：3%（四舍五入）」 — a stratum as users read it, the rounding rule always shown. */
export function stratumText(s: { key: string; mode: string; value: string; rounding: string; minPercent?: string }): string {
  const amount = s.mode === 'ratio' ? `${s.value}%` : `${s.value} 户`;
  const rounding = s.mode === 'ratio' ? `（${(ROUNDING_LABELS as Record<string, string>)[s.rounding] ?? s.rounding}）` : '';
  const floor = s.minPercent ? `，不低于 ${s.minPercent}%` : '';
  return `${s.key === 'all' ? '全部' : `${s.key === 'unrated' ? '未分类' : `${s.key} 类`}`}：${amount}${rounding}${floor}`;
}
