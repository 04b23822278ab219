/**
 * Verifying a matching record (检查人员匹配记录, docs/draw-protocol.md §9.6): re-runs inspector matching from the
 * record's draw seed, objects, inspectors and rules, and reports MATCH or the first difference. The record format is
 * that of the golden vectors (test/vectors/match/*.json); scripts/verify_match.py is the independent Python check.
 *
 * Pure: the caller reads the file and parses the JSON.
 */
import { err, ok, type Result } from '../basics/result';
import { fromHex, sortUtf8, toHex } from '../draw/encoding';
import { hashInspectorPool, matchInspectors, matchSeed } from './match';
import type { Expert, Inspector, MatchError, MatchObject, MatchOutcome, MatchRules } from './types';

export type MatchCheckCode = 'RECORD_MALFORMED' | 'SEED_MISMATCH' | 'POOL_HASH_MISMATCH' | 'OUTCOME_MISMATCH';

export interface MatchCheckError {
  readonly code: MatchCheckCode;
  readonly message: string;
  /** Where in the record, e.g. `expect.teams[3].members[1].inspectorId`. */
  readonly path?: string;
}

/** What a record says matching produced. */
export type RecordedOutcome =
  | { readonly result: 'TEAMS'; readonly teams: unknown; readonly loads: unknown }
  | { readonly result: 'INFEASIBLE'; readonly depts: readonly string[] }
  | { readonly result: 'INVALID_INPUT' };

export interface MatchRecord {
  readonly drawSeed: string;
  readonly seedMatch: string;
  readonly objects: readonly MatchObject[];
  readonly inspectors: readonly Inspector[];
  /** The expert directory (专家库) entries, present only when the task draws experts (`rules.expertsPerObject`). */
  readonly experts?: readonly Expert[];
  readonly rules: MatchRules;
  readonly inspectorPoolHash: string;
  readonly expect: RecordedOutcome;
}

function fail(code: MatchCheckCode, message: string, path?: string): Result<never, MatchCheckError> {
  return err(path === undefined ? { code, message } : { code, message, path });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function objectProblem(o: unknown): string | undefined {
  if (!isObject(o)) return '应为对象';
  if (typeof o.id !== 'string' || typeof o.leadDept !== 'string') return '缺少 id 或 leadDept';
  if (!isStrings(o.participatingDepts)) return 'participatingDepts 应为字符串数组';
  if (!Array.isArray(o.expertise) || !o.expertise.every((x) => isObject(x) && typeof x.dept === 'string' && typeof x.expertise === 'string')) return 'expertise 应为 [{dept, expertise}]';
  if (o.region !== undefined && typeof o.region !== 'string') return 'region 应为字符串';
  if (o.quotas !== undefined && !(Array.isArray(o.quotas) && o.quotas.every((q) => isObject(q) && typeof q.dept === 'string' && typeof q.members === 'number'))) return 'quotas 应为 [{dept, members}]';
  if (o.appointed !== undefined && !isStrings(o.appointed)) return 'appointed 应为字符串数组';
  return undefined;
}

function expertProblem(x: unknown): string | undefined {
  if (!isObject(x)) return '应为对象';
  if (typeof x.id !== 'string' || typeof x.dept !== 'string') return 'id 与 dept 应为字符串';
  if (typeof x.available !== 'boolean') return 'available 应为 true 或 false';
  if (!isStrings(x.conflicts)) return 'conflicts 应为字符串数组';
  if (x.history !== undefined && !(Array.isArray(x.history) && x.history.every((h) => isObject(h) && typeof h.entityId === 'string' && typeof h.date === 'string'))) return 'history 应为 [{entityId, date}]';
  return undefined;
}

function inspectorProblem(i: unknown): string | undefined {
  if (!isObject(i)) return '应为对象';
  for (const key of ['id', 'dept', 'region', 'certificateValidUntil'] as const) if (typeof i[key] !== 'string') return `${key} 应为字符串`;
  if (typeof i.onDuty !== 'boolean') return 'onDuty 应为 true 或 false';
  if (!isStrings(i.expertise) || !isStrings(i.conflicts)) return 'expertise 与 conflicts 应为字符串数组';
  if (!Array.isArray(i.history) || !i.history.every((h) => isObject(h) && typeof h.entityId === 'string' && typeof h.date === 'string')) return 'history 应为 [{entityId, date}]';
  if (i.maxObjects !== undefined && typeof i.maxObjects !== 'number') return 'maxObjects 应为数字';
  return undefined;
}

/** Checks the record's shape (types only; the rules' own validation runs in matchInspectors). */
export function parseMatchRecord(value: unknown): Result<MatchRecord, MatchCheckError> {
  if (!isObject(value)) return fail('RECORD_MALFORMED', '匹配记录应为 JSON 对象');
  for (const key of ['drawSeed', 'seedMatch', 'inspectorPoolHash'] as const) {
    if (typeof value[key] !== 'string') return fail('RECORD_MALFORMED', `${key} 应为十六进制字符串`, key);
  }
  if (!Array.isArray(value.objects)) return fail('RECORD_MALFORMED', 'objects 应为数组', 'objects');
  for (const [k, o] of value.objects.entries()) {
    const problem = objectProblem(o);
    if (problem) return fail('RECORD_MALFORMED', `检查对象格式错误：${problem}`, `objects[${k}]`);
  }
  if (!Array.isArray(value.inspectors)) return fail('RECORD_MALFORMED', 'inspectors 应为数组', 'inspectors');
  for (const [k, i] of value.inspectors.entries()) {
    const problem = inspectorProblem(i);
    if (problem) return fail('RECORD_MALFORMED', `检查人员格式错误：${problem}`, `inspectors[${k}]`);
  }
  if (value.experts !== undefined) {
    if (!Array.isArray(value.experts)) return fail('RECORD_MALFORMED', 'experts 应为数组', 'experts');
    for (const [k, x] of value.experts.entries()) {
      const problem = expertProblem(x);
      if (problem) return fail('RECORD_MALFORMED', `专家格式错误：${problem}`, `experts[${k}]`);
    }
  }
  const rules = value.rules;
  if (isObject(rules) && rules.expertsPerObject !== undefined && typeof rules.expertsPerObject !== 'number') return fail('RECORD_MALFORMED', 'rules.expertsPerObject 应为数字', 'rules');
  if (!isObject(rules) || typeof rules.inspectionDate !== 'string' || typeof rules.teamSize !== 'number' || typeof rules.maxObjectsPerInspector !== 'number'
    || typeof rules.recusalYears !== 'number' || typeof rules.sameRegion !== 'boolean') {
    return fail('RECORD_MALFORMED', 'rules 应为 {inspectionDate, teamSize, maxObjectsPerInspector, recusalYears, sameRegion}', 'rules');
  }
  const expected = value.expect;
  if (!isObject(expected) || !['TEAMS', 'INFEASIBLE', 'INVALID_INPUT'].includes(String(expected.result))) {
    return fail('RECORD_MALFORMED', 'expect.result 应为 TEAMS、INFEASIBLE 或 INVALID_INPUT', 'expect.result');
  }
  if (expected.result === 'INFEASIBLE' && !isStrings(expected.depts)) return fail('RECORD_MALFORMED', 'expect.depts 应为部门名称数组', 'expect.depts');
  return ok(value as unknown as MatchRecord);
}

/** The first place two JSON values differ, as a path, or undefined when they are equal. */
function firstDifference(expected: unknown, actual: unknown, path: string): { path: string; expected: unknown; actual: unknown } | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let k = 0; k < Math.max(expected.length, actual.length); k++) {
      const d = firstDifference(expected[k], actual[k], `${path}[${k}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      const d = firstDifference(expected[key], actual[key], `${path}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return expected === actual ? undefined : { path, expected, actual };
}

const shown = (v: unknown) => (v === undefined ? '（无）' : JSON.stringify(v));

/** What a record states for a matcher's result (§9.6): the teams and loads, the infeasible departments, or invalid input. */
export function outcomeOf(r: Result<MatchOutcome, MatchError>): RecordedOutcome {
  if (r.ok) return { result: 'TEAMS', teams: r.value.teams, loads: r.value.loads };
  if (r.error.code === 'INFEASIBLE') return { result: 'INFEASIBLE', depts: sortUtf8([...new Set((r.error.reasons ?? []).map((x) => x.dept))]) };
  return { result: 'INVALID_INPUT' };
}

/** Re-derives the seed, the inspector pool hash and the teams; MATCH is `ok`, anything else the first difference. */
export function verifyMatchRecord(record: MatchRecord): Result<{ readonly checked: readonly string[] }, MatchCheckError> {
  const drawSeed = fromHex(record.drawSeed, 32);
  if (!drawSeed) return fail('RECORD_MALFORMED', 'drawSeed 应为 64 位十六进制（32 字节）', 'drawSeed');
  const seed = matchSeed(drawSeed);
  if (toHex(seed) !== record.seedMatch) return fail('SEED_MISMATCH', `seedMatch 与由 drawSeed 推导的 ${toHex(seed)} 不符`, 'seedMatch');
  const experts = record.experts ?? [];
  const poolHash = hashInspectorPool(record.inspectors, record.rules, experts);
  if (poolHash !== record.inspectorPoolHash) {
    return fail('POOL_HASH_MISMATCH', `检查人员名录与规则的哈希为 ${poolHash}，与记录的 ${record.inspectorPoolHash} 不符（名录或规则被改动）`, 'inspectorPoolHash');
  }
  const r = matchInspectors(record.objects, record.inspectors, record.rules, seed, experts);
  const actual = outcomeOf(r);
  const d = firstDifference(JSON.parse(JSON.stringify(record.expect)) as unknown, JSON.parse(JSON.stringify(actual)) as unknown, 'expect');
  if (d) {
    const why = !r.ok && r.error.code === 'INVALID_INPUT' ? `（输入不合规则：${r.error.message}）` : '';
    return fail('OUTCOME_MISMATCH', `重算结果与记录不符：记录为 ${shown(d.expected)}，重算为 ${shown(d.actual)}${why}`, d.path);
  }
  const summary = actual.result === 'TEAMS'
    ? `${record.objects.length} 个检查对象的检查组与每人任务数一致`
    : actual.result === 'INFEASIBLE' ? `无可行分配的部门一致：${actual.depts.join('、')}` : '输入不合规则，与记录一致';
  return ok({ checked: ['匹配种子由抽取种子推导一致', '检查人员名录与规则的哈希一致', summary] });
}
