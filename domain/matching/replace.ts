/**
 * Replacing one inspector of a team after matching (长春第13条, 威海第6条, 曲阳第16条): only for the four reasons,
 * and the replacement is chosen by the engine, never by hand. The choice is reproducible: every qualified inspector
 * of the leaving member's department gets the ticket
 *   SHA-256(field("suiji/match/v1/replacement") ‖ field(seedMatch) ‖ u32be(seq) ‖ field(objectId) ‖ field(inspectorId))
 * and the lowest ticket wins (ties by id bytes), so anyone holding the matching record and the replacement
 * sequence number can recompute it.
 */
import { err, ok, type Result } from '../basics/result';
import { compareBytes, compareUtf8, field, taggedHash, toHex, u32be } from '../draw/encoding';
import { yearsBefore } from './rules';
import { EXPERT_POOL } from './rules';
import type { Expert, Inspector } from './types';

/** 长春第13条、威海第6条、曲阳第16条: the only grounds for replacing an inspector after the draw. */
export const REPLACEMENT_REASONS = {
  post_change: '岗位调整',
  work_conflict: '工作冲突',
  health: '健康状况',
  recusal: '执法回避',
} as const;
export type ReplacementReason = keyof typeof REPLACEMENT_REASONS;
export const REPLACEMENT_REASON_KEYS = Object.keys(REPLACEMENT_REASONS) as [ReplacementReason, ...ReplacementReason[]];

export const REPLACEMENT_TAG = 'suiji/match/v1/replacement';

export interface ReplacementInput {
  readonly seedMatch: Uint8Array;
  /** 1, 2, … per task. */
  readonly seq: number;
  /** The object (entity id) of the team. */
  readonly objectId: string;
  /** The department whose member leaves; the replacement comes from the same department (its share of the team). */
  readonly dept: string;
  readonly inspectionDate: string;
  readonly recusalYears: number;
  readonly maxObjectsPerInspector: number;
  /** Inspectors who may not be chosen: the leaving member and the team's current members. */
  readonly excluded: ReadonlySet<string>;
  /** Objects each inspector already holds in this task. */
  readonly loads: ReadonlyMap<string, number>;
  readonly candidates: readonly Inspector[];
}

export interface ReplacementChoice {
  readonly inspectorId: string;
  readonly ticket: string;
  /** How many inspectors were qualified. */
  readonly qualified: number;
}

export function replacementTicket(seedMatch: Uint8Array, seq: number, objectId: string, inspectorId: string): Uint8Array {
  return taggedHash(REPLACEMENT_TAG, [field(seedMatch), u32be(seq), field(objectId), field(inspectorId)]);
}

/**
 * 回避 of an inspector for an entity (威海第6条, 曲阳第16条): a declared conflict, or an inspection of it within
 * `recusalYears` before the inspection date; undefined when none applies. Also checked for a team that moves to a
 * reserve entity (an object found 注销/迁出 is replaced from the reserve list) — the same test as a fresh match.
 */
export function recusalGround(i: Inspector, objectId: string, inspectionDate: string, recusalYears: number): string | undefined {
  if (i.conflicts.includes(objectId)) return '申报了利害关系须回避';
  if (recusalYears > 0) {
    const since = yearsBefore(inspectionDate, recusalYears);
    if (i.history.some((h) => h.entityId === objectId && h.date >= since)) return `${recusalYears} 年内检查过该主体须回避`;
  }
  return undefined;
}

/** Why an inspector cannot replace, or undefined when qualified (the same rules as matching, §9.2). */
export function disqualification(input: ReplacementInput, i: Inspector): string | undefined {
  if (i.dept !== input.dept) return '不属于该部门';
  if (input.excluded.has(i.id)) return '已在检查组中或为被替换人员';
  if (!i.onDuty) return '不在岗';
  if (i.certificateValidUntil === '' || i.certificateValidUntil < input.inspectionDate) return '执法证在检查日无效';
  const recusal = recusalGround(i, input.objectId, input.inspectionDate, input.recusalYears);
  if (recusal) return recusal;
  const cap = i.maxObjects === undefined ? input.maxObjectsPerInspector : Math.min(i.maxObjects, input.maxObjectsPerInspector);
  if ((input.loads.get(i.id) ?? 0) >= cap) return '已达任务上限';
  return undefined;
}

/** The engine's replacement: the qualified inspector with the lowest ticket, or a Chinese reason when none qualifies. */
export function chooseReplacement(input: ReplacementInput): Result<ReplacementChoice, { readonly message: string }> {
  if (!Number.isInteger(input.seq) || input.seq < 1) return err({ message: '替换序号须为正整数' });
  const qualified = input.candidates.filter((i) => disqualification(input, i) === undefined);
  if (qualified.length === 0) {
    const pool = input.candidates.filter((i) => i.dept === input.dept).length;
    return err({ message: `本部门名录共 ${pool} 名检查人员，没有符合条件（在岗、执法证有效、无回避、未达任务上限、不在本检查组）的人员可以替换` });
  }
  let best: { inspector: Inspector; ticket: Uint8Array } | undefined;
  for (const inspector of qualified) {
    const ticket = replacementTicket(input.seedMatch, input.seq, input.objectId, inspector.id);
    if (!best || compareBytes(ticket, best.ticket) < 0 || (compareBytes(ticket, best.ticket) === 0 && compareUtf8(inspector.id, best.inspector.id) < 0)) {
      best = { inspector, ticket };
    }
  }
  if (!best) return err({ message: '没有可替换的人员' });
  return ok({ inspectorId: best.inspector.id, ticket: toHex(best.ticket), qualified: qualified.length });
}

export interface MovedTeamInput {
  readonly seedMatch: Uint8Array;
  /** The sequence number of the object replacement. */
  readonly seq: number;
  /** The reserve entity the team moves to. */
  readonly objectId: string;
  readonly inspectionDate: string;
  readonly recusalYears: number;
  readonly maxObjectsPerInspector: number;
  /** The team's active members (inspectors only), in team order. */
  readonly members: readonly { readonly memberId: string; readonly inspectorId: string; readonly dept: string }[];
  readonly loads: ReadonlyMap<string, number>;
  /** The directory of the task's departments, with conflicts and history for `objectId`. */
  readonly candidates: readonly Inspector[];
}

export interface RecusedMember {
  readonly memberId: string;
  readonly leavingInspectorId: string;
  readonly ground: string;
  readonly choice: ReplacementChoice;
}

/**
 * A team moving to a reserve entity is checked like a fresh match (威海第6条, 曲阳第16条): each member who must recuse
 * from the new entity is replaced by the engine from the same department, in team order — every choice excludes the
 * whole team and the earlier choices and counts their loads, so the result is reproducible from the record, the
 * object replacement's sequence number and the new entity. No change (an error naming the member) when one cannot be
 * replaced.
 */
export function replaceRecusedMembers(input: MovedTeamInput): Result<RecusedMember[], { readonly message: string }> {
  const byId = new Map(input.candidates.map((i) => [i.id, i]));
  const excluded = new Set(input.members.map((m) => m.inspectorId));
  const loads = new Map(input.loads);
  const out: RecusedMember[] = [];
  for (const m of input.members) {
    const inspector = byId.get(m.inspectorId);
    const ground = inspector ? recusalGround(inspector, input.objectId, input.inspectionDate, input.recusalYears) : undefined;
    if (!ground) continue;
    const choice = chooseReplacement({
      seedMatch: input.seedMatch, seq: input.seq, objectId: input.objectId, dept: m.dept, inspectionDate: input.inspectionDate,
      recusalYears: input.recusalYears, maxObjectsPerInspector: input.maxObjectsPerInspector, excluded, loads, candidates: input.candidates,
    });
    if (!choice.ok) return err({ message: `检查组成员（${m.inspectorId}）对替补对象${ground}，且无法替换：${choice.error.message}` });
    excluded.add(choice.value.inspectorId);
    loads.set(choice.value.inspectorId, (loads.get(choice.value.inspectorId) ?? 0) + 1);
    out.push({ memberId: m.memberId, leavingInspectorId: m.inspectorId, ground, choice: choice.value });
  }
  return ok(out);
}

/**
 * As for an inspector, without a department: `excluded` holds everyone who has been on the team, `loads` the objects
 * each expert holds, `maxObjectsPerInspector` the task's cap (each expert's too, decision 0011), and `candidates` the
 * expert directory of the task's departments with conflicts and history for `objectId`.
 */
export type ExpertReplacementInput = Omit<ReplacementInput, 'dept' | 'candidates'> & { readonly candidates: readonly Expert[] };

/**
 * Replacing an expert of a team (威海第6条 "从专家库中随机抽取"): the same reproducible ticket as for inspectors, drawn
 * from the whole 专家库 of the task (experts are one pool, not department shares); eligible when 可用, without 回避
 * (a declared conflict or an inspection of the entity within `recusalYears`) and under the workload cap.
 */
export function chooseExpertReplacement(input: ExpertReplacementInput): Result<ReplacementChoice, { readonly message: string }> {
  const asInspectors: Inspector[] = input.candidates.map((x) => ({
    id: x.id, dept: EXPERT_POOL, region: '', expertise: [], certificateValidUntil: '9999-12-31', onDuty: x.available, conflicts: x.conflicts, history: x.history ?? [],
  }));
  const r = chooseReplacement({ ...input, dept: EXPERT_POOL, candidates: asInspectors });
  if (r.ok || input.seq < 1 || !Number.isInteger(input.seq)) return r;
  return err({ message: `专家库共 ${input.candidates.length} 名专家，没有符合条件（可用、无回避、未达任务上限、未在本检查组）的专家可以替换` });
}
