/**
 * Freezing a draw's pool (名录库快照, docs/draw-protocol.md §3) from the task's 实施方案 (tasks.spec) and the yearly-cap
 * ledger across every department's tasks (威海第5条、曲阳第17条: 同一市场主体每年被随机抽查不超过2次).
 *
 * The candidates are read in keyset batches (never one result set of a million rows); the eligible ones are packed
 * into the canonical pool (domain/draw/pool.ts) with a fresh 16-byte salt each, and the pool file is stored as text
 * chunks of {@link CHUNK_LINES} lines (draw_pool_chunks, migration 0020) so anyone holding it can re-run the draw.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../domain/access/data_scope';
import { annualDrawCounts, applyEligibility, hashLedger, type LedgerEntry } from '../../../domain/draw/eligibility';
import { toHex } from '../../../domain/draw/encoding';
import {
  checkPackedPool, idAt, LOT_BYTES, packPool, SALT_BYTES, stratumSizes, type PackedPool, type PoolCommitment, type PreparedPool,
} from '../../../domain/draw/pool';
import { CHUNK_LEAVES, chunkCount, PoolHasher, rootFromChunkRoots } from '../../../domain/draw/pool_hash';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import { drawObjects, drawPoolChunks, drawPools, draws, entityTagMembers, entityTags, entityTagVersions, marketEntities, taskObjects, tasks } from '../../db/schema';
import { AppError, conflict } from '../../http/errors';
import { likeContains } from '../../http/paging';
import { entityScope } from '../entities/store';
import { PackedPoolBuilder, PoolFileReader, poolFileChunk } from './pool_bytes';
import type { DrawProgressStep } from './progress';
import { streamPoolRows } from './pool_rows';

/** Lines per stored chunk of the pool file (about 0.9 MB of text). */
export const CHUNK_LINES = 16_384;

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

/** Entries hashed between two yields to the event loop (one hasher chunk: a few milliseconds). */
const YIELD_EVERY = CHUNK_LEAVES;
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The pool's Merkle root (the same as `poolRoot`), chunk by chunk with a yield to the event loop between chunks, so a
 * large pool never blocks other requests for long.
 */
export async function poolRootYielding(pool: PackedPool, progress?: Progress): Promise<string> {
  const hasher = new PoolHasher();
  const chunks = chunkCount(pool.size);
  const roots = new Uint8Array(32 * chunks);
  for (let c = 0; c < chunks; c++) {
    roots.set(hasher.chunkRoots(pool, c, c + 1), 32 * c);
    progress?.('hash', c + 1, chunks);
    await pause();
  }
  return toHex(rootFromChunkRoots(roots, pool.size));
}

/** `preparePool` (lots, root, strata sizes) with yields to the event loop between chunks. */
export async function preparePoolYielding(pool: PackedPool, progress?: Progress): Promise<{ prepared: PreparedPool; commitment: PoolCommitment }> {
  const hasher = new PoolHasher();
  const lots = new Uint8Array(pool.size * LOT_BYTES);
  for (let s = 0; s < pool.size; s += YIELD_EVERY) {
    const e = Math.min(pool.size, s + YIELD_EVERY);
    hasher.lots(pool, s, e, lots.subarray(s * LOT_BYTES, e * LOT_BYTES));
    progress?.('draw', e, 2 * pool.size);
    await pause();
  }
  return { prepared: { ...pool, lots }, commitment: { size: pool.size, root: await poolRootYielding(pool, progress && ((_s, done, total) => progress('draw', pool.size + Math.round((pool.size * done) / (total ?? 1)), 2 * pool.size))), saltMode: pool.saltMode, stratumSizes: stratumSizes(pool) } };
}

/**
 * Selects the eligible entities (存续, under the yearly cap counted from the ledger of the draw date's year without
 * this task's own attempts, §18.2) and packs them. A class with entities but no stratum in the spec is refused.
 *
 * The rows arrive in code byte order (pool_rows.ts) and go straight into the packed arrays with one random salt
 * buffer: no entry object, no hex salt. The result is what `packPool` gives for the same entries; when the database
 * hands back identifiers `packPool` would rewrite or reorder (not canonical, not in byte order, duplicated), the
 * entries are packed by `packPool` itself, with its errors.
 */
export async function freezePool(db: Db, input: FreezeInput): Promise<FrozenPool> {
  const frozen = await freezePackedPool(db, input);
  return { ...frozen, commitment: await commitmentOf(frozen.packed) };
}

export interface FreezeInput {
  readonly taskId: string;
  readonly taskRegion: string;
  readonly spec: TaskSpec;
  readonly drawDate: string;
  /** Called every 65,536 candidates read. */
  readonly progress?: Progress;
}

/** Progress callback of the long steps (progress.ts). */
export type Progress = (step: DrawProgressStep, done: number, total: number | null) => void;

/** The pool commitment's summary (size, Merkle root, salt mode, strata sizes), hashed with yields. */
export async function commitmentOf(pool: PackedPool, progress?: Progress): Promise<PoolCommitment> {
  return { size: pool.size, root: await poolRootYielding(pool, progress), saltMode: pool.saltMode, stratumSizes: stratumSizes(pool) };
}

/** `freezePool` without the commitment (the caller hashes it, e.g. while the pool file is being written). */
export async function freezePackedPool(db: Db, input: FreezeInput): Promise<Omit<FrozenPool, 'commitment'>> {
  const year = Number(input.drawDate.slice(0, 4));
  const ledger = (await annualLedger(db, year)).filter((l) => l.taskId !== input.taskId);
  const rules = applyEligibility([], ledger, { drawDate: input.drawDate, annualCap: input.spec.annualCap });
  if (!rules.ok) throw conflict('POOL_INVALID', rules.error.message);
  const counts = annualDrawCounts(ledger, year);
  if (!counts.ok) throw conflict('POOL_INVALID', counts.error.message);
  const cap = input.spec.annualCap;
  const shape = packPool([], input.spec.strata.map((s) => s.key), 'salted');
  if (!shape.ok) throw conflict('POOL_INVALID', `名录库无法冻结：${shape.error.message}`);
  const keys = shape.value.keys;
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  const byClass = input.spec.stratifyBy === 'credit_class';
  const allIndex = keyIndex.get('all');
  const missing = new Map<string, number>();
  const builder = new PackedPoolBuilder();
  let ordered = true;
  let notActive = 0;
  let annualCap = 0;
  let read = 0;
  await streamPoolRows(db, poolFilter(input.spec, input.taskRegion), (code, status, riskClass) => {
    if ((++read & 0xffff) === 0) input.progress?.('freeze', read, null);
    if (status !== 'active') {
      notActive++;
      return;
    }
    if (counts.value.size > 0 && (counts.value.get(code) ?? 0) >= cap) {
      annualCap++;
      return;
    }
    const k = byClass ? keyIndex.get(riskClass ?? 'unrated') : allIndex;
    if (k === undefined) {
      const stratum = byClass ? (riskClass ?? 'unrated') : 'all';
      missing.set(stratum, (missing.get(stratum) ?? 0) + 1);
      return;
    }
    builder.push(code, k);
    if (ordered && !builder.lastIncreasing()) ordered = false;
  });
  if (missing.size > 0) {
    const list = [...missing].map(([k, n]) => `“${k}”${n} 户`).join('、');
    throw conflict('POOL_STRATUM_MISSING', `名录中有实施方案未设分层的信用风险分类：${list}。请在实施方案中为这些分类设置抽查比例（可为 0）后再抽取`);
  }
  const salts = new Uint8Array(builder.size * SALT_BYTES);
  for (let s = 0; s < salts.length; s += 65_536) randomFillSync(salts, s, Math.min(65_536, salts.length - s));
  let pool = builder.finish(keys, 'salted', salts);
  if (!ordered || !checkPackedPool(pool).ok) {
    const entries = Array.from({ length: pool.size }, (_, i) => ({ id: idAt(pool, i), stratum: keys[pool.strata[i] as number] as string, salt: Buffer.from(salts.subarray(i * SALT_BYTES, (i + 1) * SALT_BYTES)).toString('hex') }));
    const packed = packPool(entries, keys, 'salted');
    if (!packed.ok) throw conflict('POOL_INVALID', `名录库无法冻结：${packed.error.message}`);
    pool = packed.value;
  }
  return { packed: pool, excluded: { notActive, annualCap }, ledger, ledgerHash: hashLedger(ledger) };
}

export interface StoredPoolFile {
  readonly sha256: string;
  readonly bytes: number;
  readonly chunkCount: number;
}

/** Writes the pool file chunk by chunk (draw_pool_chunks); returns its SHA-256, length and chunk count. */
export async function writePoolFile(tx: Db, drawId: string, p: PackedPool, progress?: Progress): Promise<StoredPoolFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  let chunkNo = 0;
  for (let start = 0; start === 0 || start < p.size; start += CHUNK_LINES) {
    const end = Math.min(p.size, start + CHUNK_LINES);
    const content = poolFileChunk(p, start, end);
    hash.update(content);
    bytes += content.length;
    await tx.insert(drawPoolChunks).values({ drawId, chunkNo, content: content.toString('utf8') });
    chunkNo++;
    progress?.('write', chunkNo, Math.max(1, Math.ceil(p.size / CHUNK_LINES)));
    if (end >= p.size) break;
  }
  return { sha256: hash.digest('hex'), bytes, chunkCount: chunkNo };
}

/** Writes the pool's summary row (draw_pools) for a pool file already written. */
export async function storePoolSummary(tx: Db, drawId: string, year: number, pool: FrozenPool, file: StoredPoolFile): Promise<void> {
  await tx.insert(drawPools).values({
    drawId, entryCount: pool.packed.size, byteLength: file.bytes, sha256: file.sha256, root: pool.commitment.root, saltMode: pool.packed.saltMode, chunkCount: file.chunkCount,
    stratumSizes: Object.fromEntries(pool.commitment.stratumSizes), excluded: pool.excluded, ledgerYear: year, ledger: pool.ledger, ledgerHash: pool.ledgerHash,
  });
}

/** Writes the pool file chunk by chunk and its summary row; returns the file's SHA-256. */
export async function storePool(tx: Db, drawId: string, year: number, pool: FrozenPool): Promise<string> {
  const file = await writePoolFile(tx, drawId, pool.packed);
  await storePoolSummary(tx, drawId, year, pool, file);
  return file.sha256;
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

/** Reads the stored pool back, checks its SHA-256 and parses it (as the verifiers' parser `parsePoolCsv` does). */
export async function loadPool(db: Db, drawId: string, progress?: Progress): Promise<PackedPool> {
  const [meta] = await db.select().from(drawPools).where(eq(drawPools.drawId, drawId));
  if (!meta) throw conflict('POOL_NOT_FROZEN', '本次抽取的名录库尚未冻结');
  const reader = new PoolFileReader();
  const hash = createHash('sha256');
  for await (const chunk of poolChunks(db, drawId)) {
    const bytes = Buffer.from(chunk, 'utf8');
    hash.update(bytes);
    reader.push(bytes);
    progress?.('read', reader.chunkCount, meta.chunkCount);
  }
  if (hash.digest('hex') !== meta.sha256) throw new AppError(500, 'POOL_FILE_TAMPERED', '存储的名录库文件与冻结时的哈希不一致');
  const parsed = reader.finish(meta.saltMode === 'unsalted' ? 'unsalted' : 'salted');
  if (!parsed.ok) throw new AppError(500, 'POOL_FILE_TAMPERED', `存储的名录库文件无法解析：${parsed.error.message}`);
  return parsed.value;
}
