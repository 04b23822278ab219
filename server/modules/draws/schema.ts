import { z } from 'zod';
import type { CommitmentV2, ReceiptV2 } from '../../../domain/draw/ceremony_v2';
import { text, uuidField } from '../../http/fields';
import { dateField } from '../inspectors/schema';

/**
 * The draw ceremony's API (issue #9 items 5–6; docs/draw-protocol.md §15–§19; domain/workflow/draw_states.ts).
 * The web app's ceremony page imports these schemas and types; changes stay additive.
 *
 * Authenticated routes (all under /api/draws; writes return the updated DrawDetail):
 *   GET    /api/draws?taskId&status&page&pageSize   workflow:draw:list       draws in the caller's data scope (DrawPage)
 *   GET    /api/draws/:id                           workflow:draw:list       one draw with its actions (DrawDetail)
 *   POST   /api/draws                               workflow:draw:operate    StartDrawInput → a new attempt (准备); task 已发布 → 抽取中;
 *                                                                            409 DRAW_ALREADY_RUNNING / DIRECTORY_NOT_CONFIRMED / TASK_ALREADY_DRAWN
 *   POST   /api/draws/:id/commit                    workflow:draw:operate    CommitDrawInput: freezes the pool, publishes the commitment,
 *                                                                            anchors it (draw.commit log row + checkpoint) → 名录已冻结并承诺
 *   POST   /api/draws/:id/presence                  workflow:draw:supervise  RowVersionInput: the logged-in supervisor confirms presence
 *   POST   /api/draws/:id/source-values             workflow:draw:operate or workflow:draw:supervise
 *                                                                            EnterSourceValuesInput: one value per declared source, each after
 *                                                                            its declared time, in its canonical grammar (400 INVALID_SOURCE_VALUE
 *                                                                            names the source) → 随机值已录入
 *   POST   /api/draws/:id/execute                   workflow:draw:operate    RowVersionInput: runs the draw, stores objects + receipt → 已抽取
 *   POST   /api/draws/:id/publish                   workflow:draw:operate    RowVersionInput: publishes the receipt → 凭证已公布; task → 已抽取
 *   POST   /api/draws/:id/void                      workflow:draw:void       VoidDrawInput: voids before publication; task → 已发布
 *   GET    /api/draws/:id/objects?reserve&page&pageSize  workflow:draw:list  the drawn entities (DrawObjectPage)
 *   GET    /api/draws/:id/pool.csv                  workflow:draw:list       the frozen pool file (text/csv, `id,stratum,salt`, streamed)
 *   GET    /api/draws/:id/ledger                    workflow:draw:list       the committed yearly-cap ledger (LedgerDocument)
 *   GET    /api/draws/:id/receipt                   workflow:draw:list       the full receipt (with per-stratum lists) once executed
 * Public routes (no login):
 *   GET    /api/public/draws/:id/commitment         PublicCommitment (from the moment it is anchored)
 *   GET    /api/public/draws/:id/receipt            PublicReceipt (the public form, once published)
 *   GET    /api/public/tasks/:taskId/attempts       AttemptListDocument (suiji-attempts/1, every committed attempt of the task)
 * Optimistic concurrency: writes on an existing draw carry the rowVersion the user saw; a stale one → 409 STALE_ROW_VERSION.
 */

export const DrawStatusField = z.enum(['preparing', 'committed', 'supervisor_confirmed', 'seed_entered', 'drawn', 'published', 'void']);
export const DrawEventField = z.enum(['commit', 'confirm_presence', 'enter_seed', 'execute', 'publish_receipt', 'void']);

/** A suiji-draw/2 document as stored; the TypeScript type is the domain's. */
const commitmentDoc = z.custom<CommitmentV2>((v) => typeof v === 'object' && v !== null);
const receiptDoc = z.custom<ReceiptV2>((v) => typeof v === 'object' && v !== null);

const rowVersion = z.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号不能小于 1' });

export const DrawQuery = z.object({
  taskId: uuidField('任务编号').optional(),
  status: DrawStatusField.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DrawQuery = z.infer<typeof DrawQuery>;

export const TaskIdParams = z.object({ taskId: uuidField('任务编号') });

/** One declared random source (docs/draw-protocol.md §15; domain/draw/sources.ts SourceDeclaration). */
export const SourceDeclarationInput = z.object({
  id: z.string({ error: '随机源编号必须是文本' }).regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { error: '随机源编号只能由小写字母、数字、下划线、短横线组成（不超过 32 位）' }),
  type: z.enum(['lottery', 'beacon', 'dice'], { error: '随机源类型只能是 lottery（彩票开奖号）、beacon（随机信标）或 dice（骰子）' }),
  /** Lottery game (fc-ssq, fc-3d, tc-pl3) or beacon name; "" for dice. */
  name: z.string({ error: '名称必须是文本' }).max(64, { error: '名称不能超过 64 个字符' }).default(''),
  /** Lottery issue number (期号) or beacon round; "" for dice. */
  round: z.string({ error: '期号必须是文本' }).max(16, { error: '期号不能超过 16 个字符' }).default(''),
  /** Dice: number of throws; beacon: bytes; "" for a lottery. */
  count: z.string({ error: '个数必须是文本' }).max(4, { error: '个数不能超过 4 位' }).default(''),
  /** When the value comes into existence, YYYY-MM-DDTHH:MM:SSZ; must be later than the commitment. */
  availableAt: z.string({ error: '开奖/产生时间必须是文本' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, { error: '开奖/产生时间应为 YYYY-MM-DDTHH:MM:SSZ（UTC）' }),
  description: z.string({ error: '说明必须是文本' }).max(200, { error: '说明不能超过 200 个字符' }).default(''),
  /** Dice thrown before the commitment when an outside source is also declared (§15.3); otherwise "" (entered later). */
  value: z.string({ error: '点数必须是文本' }).max(200, { error: '点数不能超过 200 个字符' }).default(''),
});
export type SourceDeclarationInput = z.infer<typeof SourceDeclarationInput>;

export const StartDrawInput = z.object({ taskId: uuidField('任务编号') });
export type StartDrawInput = z.infer<typeof StartDrawInput>;

export const CommitDrawInput = z.object({
  rowVersion,
  /** 抽取日期 (committed field, §14): the day the draw runs, YYYY-MM-DD. */
  drawDate: dateField('抽取日期'),
  sources: z.array(SourceDeclarationInput, { error: '请声明随机源' }).min(1, { error: '至少声明一个随机源' }).max(8, { error: '随机源不能超过 8 个' }),
  /** §15.3: required (non-blank) when dice are the only source, naming why no outside source can be used. */
  sourceException: z.string({ error: '例外说明必须是文本' }).max(500, { error: '例外说明不能超过 500 个字符' }).default(''),
});
export type CommitDrawInput = z.infer<typeof CommitDrawInput>;

export const RowVersionInput = z.object({ rowVersion });
export type RowVersionInput = z.infer<typeof RowVersionInput>;

export const EnterSourceValuesInput = z.object({
  rowVersion,
  values: z.array(z.object({
    id: z.string({ error: '随机源编号必须是文本' }).min(1, { error: '随机源编号不能为空' }).max(32),
    /** Copied exactly as published; never trimmed or normalised (a second spelling would be a second seed). */
    value: z.string({ error: '随机值必须是文本' }).max(600, { error: '随机值过长' }),
  }), { error: '请录入随机值' }).min(1, { error: '请录入随机值' }).max(8),
});
export type EnterSourceValuesInput = z.infer<typeof EnterSourceValuesInput>;

export const VoidDrawInput = z.object({ rowVersion, reason: text('作废原因', 500) });
export type VoidDrawInput = z.infer<typeof VoidDrawInput>;

export const SupervisorRow = z.object({ userId: z.string(), name: z.string().nullable() });

export const StratumSummary = z.object({
  key: z.string(), size: z.number().int(), quota: z.number().int(), reserve: z.number().int(),
});

export const DrawRow = z.object({
  id: z.string(),
  taskId: z.string(),
  taskCode: z.string(),
  taskName: z.string(),
  regionCode: z.string(),
  attempt: z.number().int(),
  previousDrawId: z.string().nullable(),
  operatorId: z.string(),
  operatorName: z.string().nullable(),
  status: DrawStatusField,
  statusLabel: z.string(),
  requiredSupervisors: z.number().int(),
  supervisors: z.array(SupervisorRow),
  poolSize: z.number().int().nullable(),
  drawDate: z.string().nullable(),
  commitmentHash: z.string().nullable(),
  receiptHash: z.string().nullable(),
  voidReason: z.string().nullable(),
  rowVersion: z.number().int(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
  executedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** The events the caller may apply now (row capabilities; same check as the write). */
  actions: z.array(DrawEventField),
});
export type DrawRow = z.infer<typeof DrawRow>;

/** `rows` as every list page reads it (components/list_page.tsx); `items` is the same array (first version of this contract). */
export const DrawPage = z.object({ rows: z.array(DrawRow), items: z.array(DrawRow), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type DrawPage = z.infer<typeof DrawPage>;

export const DrawDetail = DrawRow.extend({
  /** The committed document (null before commit). */
  commitment: commitmentDoc.nullable(),
  /** The operation-log seq of the draw.commit row and of the checkpoint covering it. */
  commitLogSeq: z.number().int().nullable(),
  checkpointSeq: z.number().int().nullable(),
  /** Per stratum: pool size, quota and reserve length (from the commitment). */
  strata: z.array(StratumSummary),
  /** Entities excluded when the pool was frozen, by reason (not_active, annual_cap). */
  excluded: z.object({ notActive: z.number().int(), annualCap: z.number().int() }).nullable(),
  /** Entered values (null before entry). */
  sourceValues: z.array(z.object({ id: z.string(), value: z.string() })).nullable(),
  /** Per declared source: whether its declared time has passed (server clock), for the entry form. */
  sourcesDue: z.array(z.object({ id: z.string(), availableAt: z.string(), available: z.boolean() })),
  selectedCount: z.number().int().nullable(),
  reserveCount: z.number().int().nullable(),
  /** A long step running now on this server (freeze + commitment, execution): units done of total (null: unknown). */
  progress: z.object({
    step: z.enum(['freeze', 'hash', 'write', 'read', 'draw', 'persist']), stepLabel: z.string(), done: z.number().int(), total: z.number().int().nullable(), startedAt: z.string(),
  }).nullable().optional(),
});
export type DrawDetail = z.infer<typeof DrawDetail>;

export const DrawObjectQuery = z.object({
  reserve: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const DrawObjectRow = z.object({
  entityId: z.number().int(),
  /** 统一社会信用代码 / the pool identifier. */
  identifier: z.string(),
  name: z.string(),
  regionCode: z.string(),
  stratum: z.string(),
  rank: z.number().int(),
  reserve: z.boolean(),
});
export type DrawObjectRow = z.infer<typeof DrawObjectRow>;

export const DrawObjectPage = z.object({ rows: z.array(DrawObjectRow), items: z.array(DrawObjectRow), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type DrawObjectPage = z.infer<typeof DrawObjectPage>;

/** The committed ledger (domain/draw/eligibility.ts LedgerEntry[]; its hash is commitment.ledgerHash). */
export const LedgerDocument = z.object({
  year: z.number().int(),
  ledgerHash: z.string(),
  /** One entry per counted attempt of another task: {taskId, attempt, date, departments, entityIds} (pool identifiers). */
  entries: z.array(z.object({
    taskId: z.string(), attempt: z.string(), date: z.string(), departments: z.array(z.string()), entityIds: z.array(z.string()),
  })),
});
export type LedgerDocument = z.infer<typeof LedgerDocument>;

export const PublicCommitment = z.object({
  drawId: z.string(),
  taskId: z.string(),
  attempt: z.number().int(),
  commitmentHash: z.string(),
  commitment: commitmentDoc,
  committedAt: z.string(),
  status: DrawStatusField,
});
export type PublicCommitment = z.infer<typeof PublicCommitment>;

export const PublicReceipt = z.object({
  drawId: z.string(),
  taskId: z.string(),
  attempt: z.number().int(),
  receiptHash: z.string(),
  publishedAt: z.string(),
  receipt: receiptDoc,
});
export type PublicReceipt = z.infer<typeof PublicReceipt>;

export const AttemptListDocument = z.object({
  format: z.literal('suiji-attempts/1'),
  taskId: z.string(),
  attempts: z.array(z.object({ attempt: z.string(), commitmentHash: z.string(), previousCommitmentHash: z.string() })),
});
export type AttemptListDocument = z.infer<typeof AttemptListDocument>;
