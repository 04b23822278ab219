/**
 * 检查对象导入 (长春第7条: 「已归集本系统“两库”信息的，可直接导入」): the entity pipeline for the import job runner
 * (server/import/job_runner.ts). Each chunk is validated in memory against the shipped code tables, then checked
 * against the directory (one indexed lookup per chunk) and staged; rows reach the directory only after the whole file
 * passed: all_or_nothing writes them hidden in short transactions and shows them in one (pending_import.ts), valid_rows
 * upserts each batch with INSERT … SELECT … ON CONFLICT (code) DO UPDATE … WHERE (something changed).
 *
 * A blank optional cell keeps what the directory holds (a file without the 信用风险分类 column must not wipe it).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import {
  checkRegisteredOn, ENTITY_STATUSES, ENTITY_TYPES, entityTypeFromUscc, keyOf, parseYesNo, placementProblem, RISK_CLASSES,
  validateEntityIdentifier, validateEntityIndustry, validateEntityRegion, type EntityType,
} from '../../../domain/directory/entity';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { nameInitials } from '../../../domain/directory/name_initials';
import { normalizeCodeInput } from '../../../domain/codes/uscc';
import type { DomainEvent } from '../../../domain/events';
import type { Db } from '../../db/database';
import { departments, entityImportRows, marketEntities } from '../../db/schema';
import type { ColumnSpec, ImportIssue, ImportMode, ImportRecord } from '../../import/columns';
import { parseImportDate } from '../../import/dates';
import type { ApplyCounts, ImportPipeline, RowRange } from '../../import/job_runner';
import { addPhase, timed } from '../../import/phase_times';
import { flushNamePieceIndex } from './name_piece_stats';
import { affectedRows, ANALYZE_AFTER_ROWS, directoryIsEmpty, postgresPool, rowsOf, stageRows, type Staged } from './import_staging';
import { discardWrites, noWrites, showWrites, writeEarly, writeHidden, type RowSpan } from './pending_import';
import { entityScope, ownerDepartmentOptions, truthy, type Viewer } from './store';

export type EntityColumn =
  | 'code' | 'name' | 'entityType' | 'regionCode' | 'industryCode' | 'status' | 'legalRepresentative' | 'address' | 'registeredOn'
  | 'businessScope' | 'ownerDepartment' | 'abnormalList' | 'seriousViolation' | 'riskClass' | 'complaintsCount';

const KEEP = '留空表示不修改已有记录';

export const ENTITY_COLUMNS: readonly ColumnSpec<EntityColumn>[] = [
  { key: 'code', header: '统一社会信用代码/注册号', aliases: ['统一社会信用代码', '注册号', '信用代码', '代码', '标识', '代码/标识'], required: true, hint: '18 位统一社会信用代码或 15 位注册号；事业单位、产品、项目等可填自有标识（2–32 位字母数字）。已存在的代码将被更新' },
  { key: 'name', header: '名称', aliases: ['主体名称', '企业名称', '检查对象名称'], required: true },
  { key: 'entityType', header: '主体类型', aliases: ['类型'], required: false, hint: `${Object.values(ENTITY_TYPES).join('、')}；留空时按统一社会信用代码第 1–2 位判断` },
  { key: 'regionCode', header: '行政区划代码', aliases: ['区划代码', '所属区划代码'], required: true, hint: 'GB/T 2260 六位代码，如 220104' },
  { key: 'industryCode', header: '行业代码', aliases: ['国民经济行业代码', '行业分类代码'], required: false, hint: `GB/T 4754-2017 大类至小类代码，如 5121 或 F5121；${KEEP}` },
  { key: 'status', header: '登记状态', aliases: ['状态', '经营状态'], required: false, hint: `${Object.values(ENTITY_STATUSES).join('、')}；新记录默认存续，${KEEP}` },
  { key: 'legalRepresentative', header: '法定代表人/负责人', aliases: ['法定代表人', '负责人', '经营者'], required: false, hint: KEEP },
  { key: 'address', header: '住所/经营场所', aliases: ['住所', '地址', '经营场所'], required: false, hint: KEEP },
  { key: 'registeredOn', header: '成立日期', aliases: ['登记日期', '注册日期'], required: false, hint: `如 2020-01-05；${KEEP}` },
  { key: 'businessScope', header: '经营范围', required: false, hint: KEEP },
  { key: 'ownerDepartment', header: '登记机关', aliases: ['维护部门'], required: false, hint: '部门全称，须在您的数据权限范围内；新记录留空时为您本部门，已有记录留空不修改' },
  { key: 'abnormalList', header: '列入经营异常名录', aliases: ['经营异常'], required: false, hint: `是 或 否；${KEEP}` },
  { key: 'seriousViolation', header: '列入严重违法失信名单', aliases: ['严重违法失信'], required: false, hint: `是 或 否；${KEEP}` },
  { key: 'riskClass', header: '信用风险分类', aliases: ['风险分类', '信用风险等级'], required: false, hint: `内部信息，不公开：A、B、C、D；${KEEP}` },
  { key: 'complaintsCount', header: '投诉举报次数', required: false, hint: `内部信息：非负整数；${KEEP}` },
];

const INTERNAL: readonly EntityColumn[] = ['riskClass', 'complaintsCount'];

/** The columns a user's template and error file show: the internal ones only for holders of directory:entity:risk. */
export function entityColumnsFor(seesInternal: boolean): readonly ColumnSpec<EntityColumn>[] {
  return seesInternal ? ENTITY_COLUMNS : ENTITY_COLUMNS.filter((c) => !INTERNAL.includes(c.key));
}

const HEADERS = new Map(ENTITY_COLUMNS.map((c) => [c.key, c.header]));
const header = (key: EntityColumn) => HEADERS.get(key) ?? key;

function report(issues: ImportIssue[], row: number, key: EntityColumn, message: string): void {
  issues.push({ row, column: header(key), message });
}

/** 是/否 cell: blank keeps `current`. */
function yesNo(issues: ImportIssue[], row: number, key: 'abnormalList' | 'seriousViolation', text: string, current: boolean): boolean {
  const r = parseYesNo(text);
  if (!r.ok) {
    report(issues, row, key, r.error);
    return current;
  }
  return r.value ?? current;
}

type Existing = Omit<Staged, 'rowNumber' | 'codeType' | 'name' | 'nameInitials' | 'nameBigramKeys' | 'regionCode' | 'ownerDepartmentId'> & { visible: boolean; editable: boolean; ownerName: string | null; ownerDepartmentId: string | null };

export interface EntityImportOptions {
  readonly jobId: string;
  readonly mode: ImportMode;
  readonly viewer: Viewer;
  /** The importer's department: owner of new records whose 登记机关 is blank. */
  readonly departmentId: string | null;
  readonly today: DateOnly;
  readonly now: () => Date;
}

const text = (value: string, max: number) => (value === '' ? null : value.slice(0, max));

/** Rows per validation chunk (and per valid_rows batch). Tests lower it. */
export const ENTITY_IMPORT_CHUNK = { rows: 5000 };

export function entityImportPipeline(db: Db, options: EntityImportOptions): ImportPipeline<EntityColumn> {
  const { jobId, viewer } = options;
  let ownerByName: Map<string, string> | null = null;
  let internalIgnored = false;
  let appliedRows = 0;
  const hidden = noWrites();
  let prepared = false;
  let shown = false;
  /**
   * all_or_nothing: each staged chunk is written (hidden, new codes only) while the following chunks are validated,
   * one chunk behind, so the database writes while the file is parsed (pending_import.ts writeEarly). The last chunk
   * (and a file of one chunk) waits for prepareAll as before. The first rejected row stops it: the import is refused.
   */
  const early = {
    on: options.mode === 'all_or_nothing', held: null as { span: RowSpan; staged: number } | null,
    queue: Promise.resolve(), failure: null as { error: unknown } | null,
  };
  const writeEarlyLater = (span: RowSpan, staged: number) => {
    early.queue = early.queue.then(async () => {
      if (early.on) await timed('apply: early writes during validation (wall)', () => writeEarly(db, jobId, hidden, options.now(), span, staged));
    }).catch((error: unknown) => {
      early.on = false;
      early.failure ??= { error };
    });
  };
  /** Stops the early writes after the one running, and waits for it. */
  const stopEarly = async () => {
    early.on = false;
    await early.queue;
  };
  const notes: string[] = [];

  // An import into an empty directory (the first load) needs no per-chunk look-up of existing codes.
  let directoryEmpty: Promise<boolean> | null = null;

  async function existingByCode(codes: readonly string[]): Promise<Map<string, Existing>> {
    directoryEmpty ??= directoryIsEmpty(db);
    if (codes.length === 0 || await directoryEmpty) return new Map();
    const e = marketEntities;
    const rows = await db.select({
      code: e.code, entityType: e.entityType, legalRepresentative: e.legalRepresentative, address: e.address, industryCode: e.industryCode,
      businessScope: e.businessScope, registeredOn: e.registeredOn, status: e.status, riskClass: e.riskClass, abnormalList: e.abnormalList,
      seriousViolation: e.seriousViolation, complaintsCount: e.complaintsCount, ownerDepartmentId: e.ownerDepartmentId, ownerName: departments.name,
      visible: sql<boolean>`(${entityScope(viewer.readScope)})`, editable: sql<boolean>`(${entityScope(viewer.editScope)})`,
    }).from(e).leftJoin(departments, eq(departments.id, e.ownerDepartmentId))
      // Not this job's own early writes (a code twice in the file is the duplicates check's to report).
      .where(sql`${e.code} = any(${sql.param([...codes])}::text[]) and ${e.importJobId} is distinct from ${jobId}::uuid`);
    return new Map(rows.map((r) => [r.code, { ...r, visible: truthy(r.visible), editable: truthy(r.editable) }]));
  }

  function validate(record: ImportRecord<EntityColumn>, compact: string, existing: Map<string, Existing>, issues: ImportIssue[]): Staged | null {
    const v = record.values;
    const row = record.rowNumber;
    const before = issues.length;
    const problem = report.bind(null, issues, row);

    let entityType: EntityType | null = null;
    if (v.entityType !== '') {
      entityType = keyOf(ENTITY_TYPES, v.entityType);
      if (!entityType) problem('entityType', `主体类型只能是：${Object.values(ENTITY_TYPES).join('、')}`);
    } else {
      entityType = entityTypeFromUscc(compact) ?? ((existing.get(compact) ?? existing.get(v.code.trim().toUpperCase()))?.entityType as EntityType | undefined) ?? null;
      if (!entityType && v.code !== '') problem('entityType', '请填写主体类型（无法从代码判断）');
    }
    let code = '';
    let codeType = '';
    if (v.code === '') problem('code', '统一社会信用代码/注册号不能为空');
    else if (entityType) {
      const id = validateEntityIdentifier(v.code, entityType);
      if (id.ok) ({ code, codeType } = id.value);
      else problem('code', id.error.message);
    }
    const stored = code ? existing.get(code) : undefined;
    const name = v.name.trim();
    if (name.length < 2) problem('name', name === '' ? '名称不能为空' : '名称至少 2 个字符');
    else if (name.length > 200) problem('name', '名称不能超过 200 个字符');
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(name)) problem('name', '名称含有不可见的控制字符');
    const region = validateEntityRegion(v.regionCode);
    if (!region.ok) problem('regionCode', v.regionCode === '' ? '行政区划代码不能为空' : region.error.message);
    let industryCode = stored?.industryCode ?? null;
    if (v.industryCode !== '') {
      const r = validateEntityIndustry(v.industryCode);
      if (r.ok) industryCode = r.value;
      else problem('industryCode', r.error.message);
    }
    let status = stored?.status ?? 'active';
    if (v.status !== '') {
      const key = keyOf(ENTITY_STATUSES, v.status);
      if (key) status = key;
      else problem('status', `登记状态只能是：${Object.values(ENTITY_STATUSES).join('、')}`);
    }
    let registeredOn = stored?.registeredOn ?? null;
    if (v.registeredOn !== '') {
      const date = parseImportDate(v.registeredOn);
      const r = date.ok ? checkRegisteredOn(date.value, options.today) : null;
      if (r?.ok) registeredOn = r.value;
      else problem('registeredOn', r ? r.error.message : date.ok ? '' : date.error);
    }
    const abnormalList = yesNo(issues, row, 'abnormalList', v.abnormalList, stored?.abnormalList ?? false);
    const seriousViolation = yesNo(issues, row, 'seriousViolation', v.seriousViolation, stored?.seriousViolation ?? false);
    let riskClass = stored?.riskClass ?? null;
    let complaintsCount = stored?.complaintsCount ?? 0;
    if (!viewer.seesInternal) {
      if (v.riskClass !== '' || v.complaintsCount !== '') internalIgnored = true;
    } else {
      if (v.riskClass !== '') {
        const key = keyOf(RISK_CLASSES, v.riskClass.toUpperCase());
        if (key) riskClass = key;
        else problem('riskClass', '信用风险分类只能是 A、B、C、D');
      }
      if (v.complaintsCount !== '') {
        if (/^\d{1,6}$/.test(v.complaintsCount)) complaintsCount = Number(v.complaintsCount);
        else problem('complaintsCount', '投诉举报次数应为非负整数');
      }
    }
    let ownerDepartmentId: string | null = stored?.ownerDepartmentId ?? options.departmentId;
    if (v.ownerDepartment !== '') {
      ownerDepartmentId = ownerByName?.get(v.ownerDepartment) ?? null;
      if (!ownerDepartmentId) problem('ownerDepartment', `登记机关「${v.ownerDepartment.slice(0, 40)}」不存在或不在您的数据权限范围内`);
    } else if (!ownerDepartmentId) problem('ownerDepartment', '请填写登记机关');
    if (stored && !stored.editable) {
      problem('code', stored.visible
        ? `该检查对象由「${stored.ownerName ?? '其他部门'}」维护，只有登记机关或本级双随机办可以修改`
        : '该代码已登记为您数据权限范围以外的检查对象，不能导入');
    }
    if (issues.length > before || !entityType || !region.ok || !ownerDepartmentId) return null;
    const placement = placementProblem(viewer.readScope, viewer.editScope, region.value, ownerDepartmentId);
    if (placement) {
      problem(placement.startsWith('登记机关') ? 'ownerDepartment' : 'regionCode', placement);
      return null;
    }
    return {
      rowNumber: row, code, codeType, name, nameInitials: nameInitials(name), nameBigramKeys: nameBigramKeys(name), entityType, regionCode: region.value, industryCode, status, registeredOn,
      legalRepresentative: v.legalRepresentative === '' ? stored?.legalRepresentative ?? null : text(v.legalRepresentative, 64),
      address: v.address === '' ? stored?.address ?? null : text(v.address, 300),
      businessScope: v.businessScope === '' ? stored?.businessScope ?? null : text(v.businessScope, 4000),
      abnormalList, seriousViolation, riskClass, complaintsCount, ownerDepartmentId,
    };
  }

  const s = entityImportRows;
  const inRange = (range: RowRange | null) => (range ? sql` and ${s.rowNumber} between ${range.fromRow} and ${range.toRow}` : sql``);
  const fields = sql.raw(`code_type, name, name_initials, name_bigram_keys, entity_type, legal_representative, address, region_code, industry_code, business_scope,
    registered_on, status, risk_class, abnormal_list, serious_violation, complaints_count, owner_department_id`);
  const fieldNames = ['code_type', 'name', 'name_initials', 'name_bigram_keys', 'entity_type', 'legal_representative', 'address', 'region_code', 'industry_code', 'business_scope',
    'registered_on', 'status', 'risk_class', 'abnormal_list', 'serious_violation', 'complaints_count', 'owner_department_id'];
  const setList = sql.raw(fieldNames.map((f) => `${f} = excluded.${f}`).join(', '));
  const changed = sql.raw(`(${fieldNames.map((f) => `market_entities.${f}`).join(', ')}) is distinct from (${fieldNames.map((f) => `excluded.${f}`).join(', ')})`);

  return {
    columns: ENTITY_COLUMNS,
    chunkSize: ENTITY_IMPORT_CHUNK.rows,
    notes,

    async stage(records) {
      ownerByName ??= new Map((await ownerDepartmentOptions(db, viewer.editScope)).map((d) => [d.name, d.id]));
      // Codes as they will be stored: the compact form (USCC, 注册号), and the upper-cased text for own identifiers with hyphens.
      const compacts = records.map((r) => normalizeCodeInput(r.values.code));
      const codes = new Set(compacts);
      for (const r of records) if (r.values.code.includes('-')) codes.add(r.values.code.trim().toUpperCase());
      codes.delete('');
      const existing = await timed('validate: look-up of existing codes (db)', () => existingByCode([...codes]));
      const issues: ImportIssue[] = [];
      const staged: Staged[] = [];
      const validating = performance.now();
      records.forEach((record, i) => {
        const row = validate(record, compacts[i] ?? '', existing, issues);
        if (row) staged.push(row);
      });
      addPhase('validate (JS: checks, initials, name-piece keys)', performance.now() - validating);
      await stageRows(db, jobId, staged);
      if (issues.length > 0) early.on = false;
      else if (early.on && staged.length > 0) {
        if (early.held) writeEarlyLater(early.held.span, early.held.staged);
        // A chunk with codes the directory holds (an update, the weekly re-import) is the apply's: written early it would
        // only be handed back.
        early.held = existing.size > 0 ? null : { span: { from: records[0]?.rowNumber ?? 0, to: records.at(-1)?.rowNumber ?? 0 }, staged: staged.length };
      }
      if (internalIgnored && notes.length === 0) notes.push('您没有维护信用风险分类等内部信息的权限，文件中的「信用风险分类」「投诉举报次数」未导入');
      return issues;
    },

    async crossRowIssues() {
      // The duplicated codes first (a plain count per code, hashed in memory), then only their rows.
      const duplicated = await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local work_mem = '${postgresPool(db) ? '256MB' : '64MB'}'`));
        return rowsOf<{ code: string; rowNumber: number }>(tx, sql`select code, row_number as "rowNumber" from ${s}
          where job_id = ${jobId} and code in (select code from ${s} where job_id = ${jobId} group by code having count(*) > 1) order by code, row_number`);
      });
      if (duplicated.length === 0) return [];
      early.on = false;
      const byCode = new Map<string, number[]>();
      for (const d of duplicated) byCode.set(d.code, [...(byCode.get(d.code) ?? []), Number(d.rowNumber)]);
      const groups = [...byCode].map(([code, rows]) => ({ code, rows }));
      for (let i = 0; i < groups.length; i += 5000) {
        await db.delete(s).where(and(eq(s.jobId, jobId), inArray(s.code, groups.slice(i, i + 5000).map((g) => g.code))));
      }
      return groups.flatMap((g) => g.rows.map((row) => ({
        row, column: header('code'), message: `与第 ${g.rows.filter((r) => r !== row).join('、')} 行重复：同一文件中一个代码只能出现一次，两行都未导入`,
      })));
    },

    async stagedCount(range) {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(s).where(sql`${s.jobId} = ${jobId}${inRange(range)}`);
      return row?.n ?? 0;
    },

    async prepareAll(progress) {
      await timed('apply: waiting for the early write running', stopEarly);
      if (early.failure) throw early.failure.error;
      prepared = true;
      await timed('apply: hidden chunks (wall)', () => writeHidden(db, jobId, hidden, options.now(), progress));
      // Fresh planner statistics for the rows about to appear (the embedded database has no autovacuum to notice them).
      if (hidden.added >= ANALYZE_AFTER_ROWS) await timed('apply: final ANALYZE', () => db.execute(sql`analyze ${marketEntities}`));
      if (hidden.added > 0) await timed('apply: flush the name-piece index', () => flushNamePieceIndex(db));
    },

    async apply(tx, range): Promise<ApplyCounts> {
      if (range === null) {
        if (!prepared) throw new Error('apply(null) needs prepareAll() first');
        const counts = await showWrites(tx, jobId, hidden, options.now());
        shown = true;
        return counts;
      }
      // A valid_rows batch: its rows are meant to be seen as soon as it commits, so a plain upsert.
      const [before] = await tx.select({ staged: sql<number>`count(*)::int`, existing: sql<number>`count(${marketEntities.id})::int` })
        .from(s).leftJoin(marketEntities, eq(marketEntities.code, s.code)).where(sql`${s.jobId} = ${jobId}${inRange(range)}`);
      await tx.execute(sql.raw(`set local work_mem = '${postgresPool(db) ? '256MB' : '64MB'}'`));
      const now = options.now();
      // In code order (the code index is then written page by page); the statement's row count is inserted + updated.
      const written = affectedRows(await tx.execute(sql`insert into ${marketEntities} (code, ${fields}, created_at, updated_at)
        select code, ${fields}, ${now}::timestamptz, ${now}::timestamptz from ${s} where ${s.jobId} = ${jobId}${inRange(range)} order by code
        on conflict (code) do update set ${setList}, updated_at = excluded.updated_at where ${changed}`));
      const staged = before?.staged ?? 0;
      const existing = before?.existing ?? 0;
      const added = staged - existing;
      const updated = written - added;
      appliedRows += added + updated;
      return { added, updated, unchanged: existing - updated };
    },

    async finish() {
      // After batches (valid_rows), before the job reports success: fresh planner statistics for a large import.
      if (appliedRows >= ANALYZE_AFTER_ROWS) await db.execute(sql`analyze ${marketEntities}`);
      if (appliedRows > 0) await flushNamePieceIndex(db);
    },

    async cleanup() {
      // An all_or_nothing import that failed after writing hidden records: they go before its staging rows.
      await stopEarly();
      if ((hidden.listed || prepared) && !shown) await discardWrites(db, jobId, hidden);
      // Jobs run one at a time per process; under a lock, an otherwise empty staging table is truncated (no dead rows
      // left for the embedded database, which has no autovacuum), else only this job's rows are deleted.
      await db.transaction(async (tx) => {
        await tx.execute(sql`lock table ${s} in access exclusive mode`);
        const [other] = await tx.select({ one: sql<number>`1` }).from(s).where(sql`${s.jobId} <> ${jobId}`).limit(1);
        if (other) await tx.delete(s).where(eq(s.jobId, jobId));
        else await tx.execute(sql`truncate table ${s}`);
      });
    },

    events: {
      batch: (batch, range, counts): DomainEvent => ({ type: 'EntityImportBatchApplied', jobId, batch, ...range, ...counts }),
      done: (totals): DomainEvent => ({ type: 'EntitiesImported', jobId, mode: options.mode, ...totals }),
      refused: (reason, rejected): DomainEvent => ({ type: 'EntityImportRefused', jobId, mode: options.mode, reason, rejected }),
    },
  };
}
