/**
 * Who may enter the pool of a draw (名录库快照). Pure helpers, each citing its rule; the commitment
 * records their versions (`ruleVersions`) and the hash of the ledger they read (`ledgerHash`), so a
 * verifier given the same ledger recomputes the same exclusions.
 */
import { ok, type Result } from '../basics/result';
import { ce, compareUtf8, taggedHash, TAG, toHex } from './encoding';
import { drawError, type DrawError } from './errors';

/** Registration status of a market entity (登记状态). */
export type EntityStatus = 'active' | 'deregistered' | 'licence_revoked' | 'registration_revoked' | 'moved_out';

export const ENTITY_STATUS_LABELS: Readonly<Record<EntityStatus, string>> = {
  active: '存续（在营、开业）',
  deregistered: '注销',
  licence_revoked: '吊销营业执照',
  registration_revoked: '撤销设立登记',
  moved_out: '迁出',
};

/** Versions recorded in the commitment's `ruleVersions` when these helpers built the pool. */
export const ELIGIBILITY_RULE_VERSIONS: Readonly<Record<string, string>> = {
  'eligibility.active': 'v1 威海第8条：注销、吊销、撤销、迁出者不再检查',
  'eligibility.annual-cap': 'v1 威海第5条、曲阳第17条：同一主体每年被抽中不超过 N 次（默认 2，含本部门和其他部门的全部随机抽查）',
};

export type ExclusionCode = 'not_active' | 'annual_cap';

export interface Exclusion {
  readonly id: string;
  readonly code: ExclusionCode;
  /** Chinese, citing the rule. */
  readonly message: string;
}

/**
 * 威海第8条: an entity that 完成注销、被撤销设立登记、被吊销营业执照、迁出 is not inspected ("不再开展检查").
 * Only `active` entities enter the pool; the others get the reason.
 */
export function isActive(status: EntityStatus): boolean {
  return status === 'active';
}

/** The exclusion message for a non-active status (威海第8条), or undefined when the entity is active. */
export function statusExclusion(id: string, status: EntityStatus): Exclusion | undefined {
  if (isActive(status)) return undefined;
  return { id, code: 'not_active', message: `“${id}”已${ENTITY_STATUS_LABELS[status]}，不列入抽查名录` };
}

/**
 * One earlier draw in the ledger (抽查台账). Every attempt is recorded; only the latest attempt of a
 * task counts, because a redraw replaces its predecessor's outcome without erasing it.
 */
export interface LedgerEntry {
  readonly taskId: string;
  /** Decimal attempt number ("1", "2", …). */
  readonly attempt: string;
  /** Draw date, 'YYYY-MM-DD' (the calendar year it counts in). */
  readonly date: string;
  /** Departments of the task (one joint task counts once per entity: 进一次门、查多项事). */
  readonly departments: readonly string[];
  /** Entities that count as randomly inspected by this draw (selected, plus any replacements taken from the reserve list). */
  readonly entityIds: readonly string[];
}

const DATE = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

function checkLedger(ledger: readonly LedgerEntry[]): Result<true, DrawError> {
  for (const [i, e] of ledger.entries()) {
    if (!DATE.test(e.date)) return drawError('INVALID_PARAMS', `台账第 ${i + 1} 条的日期“${e.date}”不是 YYYY-MM-DD`, `ledger[${i}].date`);
    if (!/^[1-9][0-9]{0,8}$/.test(e.attempt)) return drawError('INVALID_PARAMS', `台账第 ${i + 1} 条的抽取次序“${e.attempt}”不是正整数`, `ledger[${i}].attempt`);
  }
  return ok(true);
}

/**
 * How many random draws selected each entity in `year`, across all departments (威海第5条;
 * 曲阳第17条 "在同一年度内对同一企业的抽查次数不超过2次"). Per task only the highest attempt
 * counts; an entity counts once per task even if listed twice.
 */
export function annualDrawCounts(ledger: readonly LedgerEntry[], year: number): Result<Map<string, number>, DrawError> {
  const valid = checkLedger(ledger);
  if (!valid.ok) return valid;
  const latest = new Map<string, LedgerEntry>();
  for (const e of ledger) {
    const current = latest.get(e.taskId);
    if (!current || Number(e.attempt) > Number(current.attempt)) latest.set(e.taskId, e);
  }
  const counts = new Map<string, number>();
  for (const e of latest.values()) {
    if (Number(e.date.slice(0, 4)) !== year) continue;
    for (const id of new Set(e.entityIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return ok(counts);
}

export interface Candidate {
  readonly id: string;
  readonly status: EntityStatus;
}

export interface EligibilityOptions {
  /** Draw date 'YYYY-MM-DD'; its calendar year is the one the cap applies to. */
  readonly drawDate: string;
  /** Maximum random draws per entity per calendar year; default 2 (威海第5条, 曲阳第17条). */
  readonly annualCap?: number;
}

export interface EligibilityOutcome {
  readonly eligible: readonly string[];
  readonly excluded: readonly Exclusion[];
}

/**
 * Applies the pool rules in order — active status (威海第8条), then the annual cap computed from
 * the ledger (威海第5条, 曲阳第17条) — and returns the eligible identifiers plus every exclusion
 * with its reason. An entity already drawn `annualCap` times this year is excluded: one more draw
 * would exceed the cap.
 */
export function applyEligibility(candidates: readonly Candidate[], ledger: readonly LedgerEntry[], options: EligibilityOptions): Result<EligibilityOutcome, DrawError> {
  const m = DATE.exec(options.drawDate);
  if (!m) return drawError('INVALID_PARAMS', `抽取日期“${options.drawDate}”不是 YYYY-MM-DD`, 'drawDate');
  const cap = options.annualCap ?? 2;
  if (!Number.isInteger(cap) || cap < 1) return drawError('INVALID_PARAMS', `每年抽查上限“${cap}”须为正整数`, 'annualCap');
  const year = Number(m[1]);
  const counts = annualDrawCounts(ledger, year);
  if (!counts.ok) return counts;
  const eligible: string[] = [];
  const excluded: Exclusion[] = [];
  for (const c of candidates) {
    const s = statusExclusion(c.id, c.status);
    if (s) {
      excluded.push(s);
      continue;
    }
    const n = counts.value.get(c.id) ?? 0;
    if (n >= cap) {
      excluded.push({ id: c.id, code: 'annual_cap', message: `“${c.id}”${year} 年已被随机抽中 ${n} 次，达到每年不超过 ${cap} 次的上限` });
      continue;
    }
    eligible.push(c.id);
  }
  return ok({ eligible, excluded });
}

/**
 * ledgerHash = SHA-256(field("suiji/draw/v1/ledger") ‖ ce(entries)), entries sorted by (taskId,
 * attempt) and each entry's identifiers and departments sorted — so the commitment pins exactly
 * the ledger the annual cap was computed from.
 */
export function hashLedger(ledger: readonly LedgerEntry[]): string {
  const entries = [...ledger]
    .sort((a, b) => compareUtf8(a.taskId, b.taskId) || Number(a.attempt) - Number(b.attempt))
    .map((e) => ({
      taskId: e.taskId,
      attempt: e.attempt,
      date: e.date,
      departments: [...e.departments].sort(compareUtf8),
      entityIds: [...new Set(e.entityIds)].sort(compareUtf8),
    }));
  return toHex(taggedHash(TAG.ledger, [ce(entries)]));
}

/**
 * The /2 ledger rules (docs/draw-protocol.md §18.2): one entry per (taskId, attempt), no department
 * twice in an entry, and no entry of the task being drawn — its own earlier attempts were replaced
 * by this one (§4.3) and must not count against its own pool.
 */
export function checkLedgerV2(ledger: readonly LedgerEntry[], taskId: string): Result<true, DrawError> {
  const seen = new Set<string>();
  for (const [i, e] of ledger.entries()) {
    if (e.taskId === taskId) return drawError('POOL_MALFORMED', `台账第 ${i + 1} 条是本任务“${taskId}”自己的抽取，不能计入本任务的年度抽查次数`, `ledger[${i}].taskId`);
    const key = JSON.stringify([e.taskId, e.attempt]);
    if (seen.has(key)) return drawError('POOL_MALFORMED', `台账中任务“${e.taskId}”第 ${e.attempt} 次抽取出现了不止一次`, `ledger[${i}]`);
    seen.add(key);
    if (new Set(e.departments).size !== e.departments.length) return drawError('POOL_MALFORMED', `台账第 ${i + 1} 条的部门有重复`, `ledger[${i}].departments`);
  }
  return ok(true);
}
