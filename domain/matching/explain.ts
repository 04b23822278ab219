/**
 * Why a department cannot be staffed (docs/draw-protocol.md §9.4): which inspectors are excluded and by which rule,
 * and, when the repair search fails, the Hall violator it found, in Chinese with the numbers.
 */
import type { Context, DeptObject } from './context';
import type { Infeasibility, Inspector, MatchObject } from './types';

export const LIST_LIMIT = 20;

type ExclusionKind = 'offDuty' | 'certificate' | 'conflict' | 'recent' | 'region';

function exclusionOf(ctx: Context, i: number, object: MatchObject): ExclusionKind | undefined {
  const inspector = ctx.inspectors[i] as Inspector;
  if (!inspector.onDuty) return 'offDuty';
  if (!ctx.certificateOk[i]) return 'certificate';
  if (ctx.recusals[i]?.has(object.id)) return 'conflict';
  if (ctx.recentInspections[i]?.has(object.id)) return 'recent';
  if (ctx.rules.sameRegion && inspector.region !== object.region) return 'region';
  return undefined;
}

export function describeExclusions(ctx: Context, roster: readonly number[], objects: readonly MatchObject[]): string {
  const counts: Record<ExclusionKind, Set<number>> = { offDuty: new Set(), certificate: new Set(), conflict: new Set(), recent: new Set(), region: new Set() };
  for (const i of roster) {
    for (const object of objects) {
      const e = exclusionOf(ctx, i, object);
      if (e) counts[e].add(i);
    }
  }
  const parts: string[] = [];
  if (counts.offDuty.size > 0) parts.push(`${counts.offDuty.size} 名不在岗`);
  if (counts.certificate.size > 0) parts.push(`${counts.certificate.size} 名执法证在 ${ctx.rules.inspectionDate} 无效`);
  if (counts.conflict.size > 0) parts.push(`${counts.conflict.size} 名申报了利害关系须回避`);
  if (counts.recent.size > 0) parts.push(`${counts.recent.size} 名 ${ctx.rules.recusalYears} 年内检查过同一主体须回避`);
  if (counts.region.size > 0) parts.push(`${counts.region.size} 名不在检查对象所在区域`);
  return `本部门名录共 ${roster.length} 名${parts.length > 0 ? `，其中 ${parts.join('、')}` : ''}`;
}

export function listIds(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.map((x) => `“${x}”`).join('、') : `${ids.slice(0, 3).map((x) => `“${x}”`).join('、')}等`;
}

export interface ExplainState {
  /** Objects reached by failed searches. */
  readonly stuck: Uint8Array;
  readonly cap: Int32Array;
  readonly eligibleList: (k: number) => Int32Array;
  readonly teams: readonly (readonly number[])[];
  readonly isExpertFor: (k: number, li: number) => boolean;
}

/**
 * Turns a failed search into a Hall-violator message. The objects S reached by the search cannot
 * all be staffed: every edge leaving the searched part of the residual network is saturated, so no
 * assignment gives S more members than it has now (`supply`), and `demand` is larger.
 */
export function explain(ctx: Context, dept: string, roster: readonly number[], dos: readonly DeptObject[], st: ExplainState): Infeasibility {
  const S: number[] = [];
  for (let k = 0; k < st.stuck.length; k++) if (st.stuck[k] === 1) S.push(k);
  const eligible = new Set<number>();
  const experts = new Map<string, Set<number>>();
  const missingExpert = new Map<string, number>();
  let demand = 0;
  let supply = 0;
  for (const k of S) {
    const d = dos[k] as DeptObject;
    demand += d.demand;
    supply += (st.teams[k] as readonly number[]).length;
    for (const li of st.eligibleList(k)) {
      eligible.add(li);
      if (d.expertise !== undefined && st.isExpertFor(k, li)) {
        const set = experts.get(d.expertise) ?? new Set<number>();
        set.add(li);
        experts.set(d.expertise, set);
      }
    }
    if (d.expertise !== undefined && !(st.teams[k] as readonly number[]).some((li) => st.isExpertFor(k, li))) {
      missingExpert.set(d.expertise, (missingExpert.get(d.expertise) ?? 0) + 1);
    }
  }
  const objectIds = S.slice(0, LIST_LIMIT).map((k) => (ctx.objects[(dos[k] as DeptObject).o] as MatchObject).id);
  const objectsS = S.map((k) => ctx.objects[(dos[k] as DeptObject).o] as MatchObject);
  const capsOf = (set: ReadonlySet<number>): string => {
    const caps = [...new Set([...set].map((li) => st.cap[li] as number))];
    return caps.length === 1 ? `每人至多 ${caps[0]} 个` : `每人至多 ${Math.min(...caps)}–${Math.max(...caps)} 个`;
  };
  const expertParts = [...missingExpert].map(([x, n]) => {
    const set = experts.get(x) ?? new Set<number>();
    return `其中 ${n} 个对象缺少具备“${x}”专长的人员（符合条件的该专长人员 ${set.size} 名${set.size > 0 ? `，${capsOf(set)}` : ''}）`;
  });
  return {
    dept,
    rule: expertParts.length > 0 && missingExpert.size > 0 && [...missingExpert.values()].reduce((a, b) => a + b, 0) === demand - supply ? 'expertise' : 'capacity',
    message:
      `${dept}：${S.length} 个检查对象（${listIds(objectIds)}）共需该部门 ${demand} 人次，` +
      `符合条件的检查人员只有 ${eligible.size} 名${eligible.size > 0 ? `（${capsOf(eligible)}）` : ''}，按任务上限和回避规则最多只能承担 ${supply} 人次` +
      `${expertParts.length > 0 ? `；${expertParts.join('；')}` : ''}（${describeExclusions(ctx, roster, objectsS)}）`,
    objectIds,
    demand,
    supply,
  };
}
