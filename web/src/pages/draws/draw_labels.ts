/** Tags for the draw's status, from the state machine's own labels (domain/workflow/draw_states.ts). */
import { DRAW_EVENT_LABELS, DRAW_STATUS_LABELS, type DrawStatus } from '../../../../domain/workflow/draw_states';
import type { ValueEnum } from '../../components/value_tag';

const COLORS: Readonly<Record<DrawStatus, string>> = {
  preparing: 'default', committed: 'blue', supervisor_confirmed: 'cyan', seed_entered: 'geekblue', drawn: 'orange', published: 'green', void: 'red',
};

export const DRAW_STATUS_ENUM: ValueEnum = Object.fromEntries(
  (Object.keys(DRAW_STATUS_LABELS) as DrawStatus[]).map((s) => [s, { text: DRAW_STATUS_LABELS[s], color: COLORS[s] }]),
);

export { DRAW_EVENT_LABELS, DRAW_STATUS_LABELS };

/** The ceremony's five steps (antd Steps) and which status each one completes. */
export const CEREMONY_STEPS = [
  { title: '冻结名录并发布承诺', done: 'committed' },
  { title: '监督员到场确认', done: 'supervisor_confirmed' },
  { title: '录入随机值', done: 'seed_entered' },
  { title: '执行抽取', done: 'drawn' },
  { title: '结果与抽取凭证', done: 'published' },
] as const satisfies readonly { title: string; done: DrawStatus }[];

const ORDER: readonly DrawStatus[] = ['preparing', 'committed', 'supervisor_confirmed', 'seed_entered', 'drawn', 'published'];

/** The step the ceremony is at (0–4), or 5 once the receipt is published; a void draw stays where it stopped. */
export function currentStep(status: DrawStatus, reached: DrawStatus = status): number {
  const at = ORDER.indexOf(status === 'void' ? reached : status);
  return Math.max(0, at);
}
