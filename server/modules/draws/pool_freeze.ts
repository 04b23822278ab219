/**
 * Freezing a draw's pool (名录库快照, docs/draw-protocol.md §3) from the task's 实施方案 (tasks.spec) and the yearly-cap
 * ledger across every department's tasks (威海第5条、曲阳第17条: 同一市场主体每年被随机抽查不超过2次).
 *
 * The candidates are read in keyset batches (never one result set of a million rows); the eligible ones are packed
 * into the canonical pool (domain/draw/pool.ts) with a fresh 16-byte salt each, and the pool file is stored as text
 * chunks of {@link CHUNK_LINES} lines (draw_pool_chunks, migration 0020) so anyone holding it can re-run the draw.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../domain/access/data_scope';
import { applyEligibility, hashLedger, type Candidate, type LedgerEntry } from '../../../domain/draw/eligibility';
import type { EntityStatus } from '../../../domain/draw/eligibility';
import { idAt, packPool, poolRoot, SALT_BYTES, stratumSizes, type PackedPool, type PoolCommitment, type PoolEntry } from '../../../domain/draw/pool';
import { parsePoolCsv, POOL_HEADER } from '../../../domain/draw/pool_file';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import { drawObjects, drawPoolChunks, drawPools, draws, entityTagMembers, entityTags, entityTagVersions, marketEntities, taskObjects, tasks } from '../../db/schema';
import { AppError, conflict } from '../../http/errors';
import { likeContains } from '../../http/paging';
import { entityScope } from '../entities/store';

/** Lines per stored chunk of the pool file (about 0.9 MB of text). */
export const CHUNK_LINES = 16_384;
/** Candidates read per query. */
const BATCH = 20_000;

/** Draw statuses whose selected objects count toward the yearly cap. */
export const COUNTED_DRAW_STATUSES = ['drawn', 'published'] as const;

/**
 * The yearly-cap ledger of `year` (domain/draw/eligibility.ts LedgerEntry): one entry per drawn or published attempt
 * of ANY department's task whose draw date lies in the year, listing by their pool identifier (统一社会信用代码) the
 * entities actually inspected through it (docs/draw-protocol.md §18.2 Ledger): once the draw is dispatched, its task
 * objects (server/modules/dispatch) minus those replaced, plus the reserve entities that replaced them; before that,
 * its selected (non-reserve) entities. This is the one function every cap check reads.
 */
export async function annualLedger(db: Db, year: number): Promise<LedgerEntry[]> {
  const counted = await db.select({
    id: draws.id, taskId: draws.taskId, attempt: sql<string>`${draws.commitment}->>'attempt'`, drawDate: draws.drawDate,
    lead: tasks.leadDepartmentId, participating: tasks.participatingDepartmentIds,
  }).from(draws).innerJoin(tasks, eq(tasks.id, draws.taskId))
    .where(and(inArray(draws.status, [...COUNTED_DRAW_STATUSES]), sql`${draws.drawDate} >= ${`${year}-01-01`} and ${draws.drawDate} <= ${`${year}-12-31`}`))
    .orderBy(asc(draws.taskId), asc(draws.attempt));
  if (counted.length === 0) return [];
  const drawIds = counted.map((d) => d.id);
  const [objects, dispatched] = await Promise.all([
    db.select({ drawId: drawObjects.drawId, code: marketEntities.code }).from(drawObjects)
      .innerJoin(marketEntities, eq(marketEntities.id, drawObjects.entityId))
      .where(and(inArray(drawObjects.drawId, drawIds), eq(drawObjects.reserve, false))),
    db.select({ drawId: taskObjects.drawId, code: marketEntities.code, status: taskObjects.status }).from(taskObjects)
      .innerJoin(marketEntities, eq(marketEntities.id, taskObjects.entityId))
      .where(inArray(taskObjects.drawId, drawIds)),
  ]);
  const byDraw = new Map<string, string[]>();
  const inspected = new Map<string, string[]>();
  for (const o of objects) byDraw.set(o.drawId, [...(byDraw.get(o.drawId) ?? []), o.code]);
  for (const o of dispatched) {
    const list = inspected.get(o.drawId) ?? [];
    if (o.status !== 'replaced') list.push(o.code);
    inspected.set(o.drawId, list);
  }
  for (const [drawId, codes] of inspected) byDraw.set(drawId, codes);
  return counted.map((d) => ({
    taskId: d.taskId, attempt: d.attempt, date: d.drawDate ?? `${year}-01-01`,
    departments: [...new Set([d.lead, ...d.participating])], entityIds: byDraw.get(d.id) ?? [],
  }));
}

/** The SQL filter of a task's pool: its regions (visible records only) and, when 定向, every given criterion. */
export function poolFilter(spec: TaskSpec, taskRegion: string): SQL {
  const e = marketEntities;
  const regionCodes = spec.regionCodes.length > 0 ? spec.regionCodes : [taskRegion];
  const parts: SQL[] = [entityScope({ kind: 'limited', regionPrefixes: regionCodes.map(regionPrefix), departmentIds: [], userId: null })];
  const t = spec.targeting;
  if (t.mode === 'targeted') {
    if (t.entityTypes.length > 0) parts.push(inArray(e.entityType, [...t.entityTypes]));
    if (t.industryCodes.length > 0) parts.push(or(...t.industryCodes.map((c) => sql`${e.industryCode} like ${`${c}%`}`)) ?? sql`false`);
    if (t.entityTagId) {
      parts.push(sql`${e.id} in (select ${entityTagMembers.entityId} from ${entityTagMembers}
        join ${entityTagVersions} on ${entityTagVersions.id} = ${entityTagMembers.tagVersionId}
        join ${entityTags} on ${entityTags.id} = ${entityTagVersions.tagId} and ${entityTagVersions.version} = ${entityTags.currentVersion}
        where ${entityTags.id} = ${t.entityTagId} and ${entityTags.deletedAt} is null)`);
    }
    if (t.scopeKeywords.length > 0) parts.push(or(...t.scopeKeywords.map((k) => sql`${e.businessScope} like ${likeContains(k)}`)) ?? sql`false`);
  }
  return and(...parts) ?? sql`true`;
}

export interface FrozenPool {
  readonly packed: PackedPool;
  readonly commitment: PoolCommitment;
  readonly excluded: { readonly notActive: number; readonly annualCap: number };
  readonly ledger: readonly LedgerEntry[];
  readonly ledgerHash: string;
}

/** The stratum of an entity: its credit-risk class (unrated → 'unrated') or 'all'. */
function stratumOf(spec: TaskSpec, riskClass: string | null): string {
  return spec.stratifyBy === 'credit_class' ? (riskClass ?? 'unrated') : 'all';
}

/**
 * Selects the eligible entities (存续, under the yearly cap counted from the ledger of the draw date's year without
 * this task's own attempts, §18.2) and packs them. A class with entities but no stratum in the spec is refused.
 */
export async function freezePool(db: Db, input: { taskId: string; taskRegion: string; spec: TaskSpec; drawDate: string }): Promise<FrozenPool> {
  const year = Number(input.drawDate.slice(0, 4));
  const ledger = (await annualLedger(db, year)).filter((l) => l.taskId !== input.taskId);
  const keys = input.spec.strata.map((s) => s.key);
  const known = new Set(keys);
  const where = poolFilter(input.spec, input.taskRegion);
  const entries: PoolEntry[] = [];
  const missing = new Map<string, number>();
  let notActive = 0;
  let annualCap = 0;
  let after = 0;
  for (;;) {
    const batch = await db.select({ id: marketEntities.id, code: marketEntities.code, status: marketEntities.status, riskClass: marketEntities.riskClass })
      .from(marketEntities).where(and(where, gt(marketEntities.id, after))).orderBy(asc(marketEntities.id)).limit(BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]?.id ?? after;
    const strata = new Map(batch.map((b) => [b.code, stratumOf(input.spec, b.riskClass)]));
    const candidates: Candidate[] = batch.map((b) => ({ id: b.code, status: b.status as EntityStatus }));
    const outcome = applyEligibility(candidates, ledger, { drawDate: input.drawDate, annualCap: input.spec.annualCap });
    if (!outcome.ok) throw conflict('POOL_INVALID', outcome.error.message);
    for (const x of outcome.value.excluded) {
      if (x.code === 'annual_cap') annualCap++;
      else notActive++;
    }
    const salts = randomBytes(SALT_BYTES * outcome.value.eligible.length).toString('hex');
    for (const [i, id] of outcome.value.eligible.entries()) {
      const stratum = strata.get(id) as string;
      if (!known.has(stratum)) {
        missing.set(stratum, (missing.get(stratum) ?? 0) + 1);
        continue;
      }
      entries.push({ id, stratum, salt: salts.slice(i * 2 * SALT_BYTES, (i + 1) * 2 * SALT_BYTES) });
    }
  }
  if (missing.size > 0) {
    const list = [...missing].map(([k, n]) => `“${k}”${n} 户`).join('、');
    throw conflict('POOL_STRATUM_MISSING', `名录中有实施方案未设分层的信用风险分类：${list}。请在实施方案中为这些分类设置抽查比例（可为 0）后再抽取`);
  }
  const packed = packPool(entries, keys, 'salted');
  if (!packed.ok) throw conflict('POOL_INVALID', `名录库无法冻结：${packed.error.message}`);
  return {
    packed: packed.value,
    commitment: { size: packed.value.size, root: poolRoot(packed.value), saltMode: 'salted', stratumSizes: stratumSizes(packed.value) },
    excluded: { notActive, annualCap }, ledger, ledgerHash: hashLedger(ledger),
  };
}

const hex = (bytes: Uint8Array, i: number): string => Buffer.from(bytes.subarray(i * SALT_BYTES, (i + 1) * SALT_BYTES)).toString('hex');

/** Writes the pool file chunk by chunk and its summary row; returns the file's SHA-256. */
export async function storePool(tx: Db, drawId: string, year: number, pool: FrozenPool): Promise<string> {
  const p = pool.packed;
  const hash = createHash('sha256');
  let bytes = 0;
  let chunkNo = 0;
  for (let start = 0; start === 0 || start < p.size; start += CHUNK_LINES) {
    const lines: string[] = start === 0 ? [POOL_HEADER] : [];
    const end = Math.min(p.size, start + CHUNK_LINES);
    for (let i = start; i < end; i++) lines.push(`${idAt(p, i)},${p.keys[p.strata[i] as number] as string},${p.saltMode === 'salted' ? hex(p.salts, i) : ''}`);
    const content = `${lines.join('\n')}\n`;
    hash.update(content, 'utf8');
    bytes += Buffer.byteLength(content, 'utf8');
    await tx.insert(drawPoolChunks).values({ drawId, chunkNo, content });
    chunkNo++;
    if (end >= p.size) break;
  }
  const sha256 = hash.digest('hex');
  await tx.insert(drawPools).values({
    drawId, entryCount: p.size, byteLength: bytes, sha256, root: pool.commitment.root, saltMode: p.saltMode, chunkCount: chunkNo,
    stratumSizes: Object.fromEntries(pool.commitment.stratumSizes), excluded: pool.excluded, ledgerYear: year, ledger: pool.ledger, ledgerHash: pool.ledgerHash,
  });
  return sha256;
}

/** The stored pool file's chunks in order (for streaming). */
export async function* poolChunks(db: Db, drawId: string): AsyncGenerator<string> {
  const [meta] = await db.select({ chunkCount: drawPools.chunkCount }).from(drawPools).where(eq(drawPools.drawId, drawId));
  for (let i = 0; i < (meta?.chunkCount ?? 0); i++) {
    const [chunk] = await db.select({ content: drawPoolChunks.content }).from(drawPoolChunks).where(and(eq(drawPoolChunks.drawId, drawId), eq(drawPoolChunks.chunkNo, i)));
    if (!chunk) throw new AppError(500, 'POOL_FILE_INCOMPLETE', `名录库文件第 ${i + 1} 段缺失`);
    yield chunk.content;
  }
}

/** Reads the stored pool back, checks its SHA-256 and parses it (the same parser the verifiers use). */
export async function loadPool(db: Db, drawId: string): Promise<PackedPool> {
  const [meta] = await db.select().from(drawPools).where(eq(drawPools.drawId, drawId));
  if (!meta) throw conflict('POOL_NOT_FROZEN', '本次抽取的名录库尚未冻结');
  const parts: string[] = [];
  const hash = createHash('sha256');
  for await (const chunk of poolChunks(db, drawId)) {
    hash.update(chunk, 'utf8');
    parts.push(chunk);
  }
  if (hash.digest('hex') !== meta.sha256) throw new AppError(500, 'POOL_FILE_TAMPERED', '存储的名录库文件与冻结时的哈希不一致');
  const parsed = parsePoolCsv(parts.join(''), meta.saltMode === 'unsalted' ? 'unsalted' : 'salted');
  if (!parsed.ok) throw new AppError(500, 'POOL_FILE_TAMPERED', `存储的名录库文件无法解析：${parsed.error.message}`);
  return parsed.value;
}
