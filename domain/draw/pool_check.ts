/**
 * Checking that a draw's pool is exactly the eligible part of the directory (docs/draw-protocol.md §10.1): given the
 * candidates (every directory entry the task covered, with its registration status) and the ledger of earlier draws
 * that the commitment names (`ledgerHash`), the pool must hold every candidate the rules admit (威海第8条: active;
 * 威海第5条、曲阳第17条: drawn fewer than N times this calendar year) and nothing else. An operator who left an
 * entity out, or put one in that the cap excludes, is caught here.
 *
 * Pure: the caller parses the files.
 */
import { ok, type Result } from '../basics/result';
import { compareUtf8 } from './encoding';
import { drawError, type DrawError } from './errors';
import { applyEligibility, ENTITY_STATUS_LABELS, hashLedger, type Candidate, type EntityStatus, type LedgerEntry } from './eligibility';

/** At most this many differences are listed in a message. */
const LISTED = 10;

export interface PoolCheckInput {
  /** The commitment's `ledgerHash` ("" when the draw read no ledger). */
  readonly committedLedgerHash: string;
  /** The identifiers of the pool (from the pool file). */
  readonly poolIds: readonly string[];
  readonly candidates: readonly Candidate[];
  readonly ledger: readonly LedgerEntry[];
  readonly drawDate: string;
  readonly annualCap: number;
}

export interface PoolCheckReport {
  readonly checked: readonly string[];
}

/** Status keys, the labels' words (存续、在营、开业、注销…) and the directory's short forms (在业、吊销、撤销). */
const STATUS_BY_TEXT = new Map<string, EntityStatus>([
  ...(Object.entries(ENTITY_STATUS_LABELS) as [EntityStatus, string][]).flatMap(([key, label]): [string, EntityStatus][] =>
    [[key, key], ...label.split(/[（）、]/).filter(Boolean).map((l): [string, EntityStatus] => [l, key])]),
  ['在业', 'active'], ['吊销', 'licence_revoked'], ['撤销', 'registration_revoked'],
]);

/** Parses the candidates file: header `id,status`, one line per directory entry; status as a key (active) or in Chinese (存续、注销…). */
export function parseCandidatesCsv(text: string): Result<Candidate[], DrawError> {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== 'id,status') return drawError('POOL_MALFORMED', `候选名单第 1 行应为“id,status”，实际为“${(lines[0] ?? '').slice(0, 60)}”`, 'candidates:1');
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (let r = 1; r < lines.length; r++) {
    const fields = (lines[r] as string).split(',');
    if (fields.length !== 2 || fields[0] === '') return drawError('POOL_MALFORMED', `候选名单第 ${r + 1} 行应为“标识,登记状态”`, `candidates:${r + 1}`);
    const [id, statusText] = fields as [string, string];
    const status = STATUS_BY_TEXT.get(statusText);
    if (!status) return drawError('POOL_MALFORMED', `候选名单第 ${r + 1} 行的登记状态“${statusText.slice(0, 20)}”无法识别（可用 active、存续、注销、吊销营业执照、撤销设立登记、迁出）`, `candidates:${r + 1}`);
    if (seen.has(id)) return drawError('DUPLICATE_ID', `候选名单第 ${r + 1} 行：标识“${id}”重复`, `candidates:${r + 1}`);
    seen.add(id);
    out.push({ id, status });
  }
  return ok(out);
}

/** Parses the ledger file: a JSON array of {taskId, attempt, date, departments, entityIds}. */
export function parseLedger(value: unknown): Result<LedgerEntry[], DrawError> {
  if (!Array.isArray(value)) return drawError('POOL_MALFORMED', '抽查台账应为 JSON 数组', 'ledger');
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  for (const [i, e] of value.entries()) {
    const o = e as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof o.taskId !== 'string' || typeof o.attempt !== 'string' || typeof o.date !== 'string' || !strings(o.departments) || !strings(o.entityIds)) {
      return drawError('POOL_MALFORMED', `抽查台账第 ${i + 1} 条应为 {taskId, attempt, date, departments, entityIds}（均为字符串或字符串数组）`, `ledger[${i}]`);
    }
  }
  return ok(value as LedgerEntry[]);
}

function listed(ids: readonly string[]): string {
  const shown = ids.slice(0, LISTED).map((id) => `“${id}”`).join('、');
  return ids.length > LISTED ? `${shown} 等 ${ids.length} 个` : shown;
}

/** MATCH when the ledger is the committed one and the pool is exactly the eligible candidates; else the first problem. */
export function checkPoolEligibility(input: PoolCheckInput): Result<PoolCheckReport, DrawError> {
  const ledgerHash = input.ledger.length === 0 && input.committedLedgerHash === '' ? '' : hashLedger(input.ledger);
  if (ledgerHash !== input.committedLedgerHash) {
    return drawError('POOL_MISMATCH', `抽查台账的哈希为 ${ledgerHash || '（空）'}，与承诺记录中的 ledgerHash ${input.committedLedgerHash || '（空）'} 不符：提供的台账不是抽取时使用的台账`, 'commitment.ledgerHash');
  }
  const outcome = applyEligibility(input.candidates, input.ledger, { drawDate: input.drawDate, annualCap: input.annualCap });
  if (!outcome.ok) return outcome;
  const eligible = new Set(outcome.value.eligible);
  const excluded = new Map(outcome.value.excluded.map((x) => [x.id, x.message]));
  const pool = new Set(input.poolIds);
  const wronglyIn = input.poolIds.filter((id) => !eligible.has(id)).sort(compareUtf8);
  if (wronglyIn.length > 0) {
    const first = wronglyIn[0] as string;
    const reason = excluded.get(first) ?? `“${first}”不在候选名单中`;
    return drawError('POOL_MISMATCH', `名录库中有 ${wronglyIn.length} 个不应参加抽取的主体：${listed(wronglyIn)}。例如：${reason}`, 'pool');
  }
  const left = outcome.value.eligible.filter((id) => !pool.has(id)).sort(compareUtf8);
  if (left.length > 0) return drawError('POOL_MISMATCH', `有 ${left.length} 个符合条件的主体未列入名录库：${listed(left)}`, 'pool');
  const byCode = (code: string) => outcome.value.excluded.filter((x) => x.code === code).length;
  return ok({
    checked: [
      input.committedLedgerHash === '' ? '承诺记录未使用抽查台账，提供的台账为空' : `抽查台账与承诺记录中的 ledgerHash 一致（${input.ledger.length} 条）`,
      `名录库恰为候选名单中符合条件的 ${eligible.size} 个主体：排除非存续 ${byCode('not_active')} 个，排除 ${input.drawDate.slice(0, 4)} 年已被抽中 ${input.annualCap} 次的 ${byCode('annual_cap')} 个`,
    ],
  });
}
