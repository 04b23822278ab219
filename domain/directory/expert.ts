/**
 * 专家库: 检测机构、科研院所、专家学者 who assist specialised checks; drawn or appointed (威海第6条 「某些检查事项需要
 * 专家参与的，可根据实际情况从专家库中随机抽取或直接委派」; 渝北 二(四) 专家学者库).
 */
export const EXPERT_STATUSES = {
  available: '可用',
  unavailable: '暂停',
} as const;
export type ExpertStatus = keyof typeof EXPERT_STATUSES;
export const EXPERT_STATUS_KEYS = Object.keys(EXPERT_STATUSES) as [ExpertStatus, ...ExpertStatus[]];

export function expertStatusOfLabel(label: string): ExpertStatus | null {
  return EXPERT_STATUS_KEYS.find((key) => EXPERT_STATUSES[key] === label) ?? null;
}
