/**
 * The one schema for both databases (PGlite embedded, PostgreSQL server). Migrations are generated
 * from this file by `npm run db:generate` (drizzle-kit) into server/db/migrations and applied by the
 * app at start. PostgreSQL 15 SQL only: PGlite is 18 inside, production may be 15.
 * Code columns (region, industry) are compared by prefix, so their indexes use *_pattern_ops.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, char, check, customType, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** GB/T 2260 行政区划, shipped with the project and loaded at start. */
export const regions = pgTable('regions', {
  code: char('code', { length: 6 }).primaryKey(),
  name: varchar('name', { length: 64 }).notNull(),
  parentCode: char('parent_code', { length: 6 }),
  level: integer('level').notNull(),
  enabled: boolean('enabled').notNull().default(true),
}, (t) => [index('regions_parent_idx').on(t.parentCode), index('regions_code_prefix_idx').on(t.code.op('bpchar_pattern_ops'))]);

/** 部门/机构: a department of a region's government, with a type from the department-type catalog. */
export const departments = pgTable('departments', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 100 }).notNull(),
  /** Pinyin sort key, kept by a trigger (migration 0025, domain/directory/name_sort_key.ts). */
  nameSortKey: varchar('name_sort_key', { length: 800 }).notNull().default(''),
  shortName: varchar('short_name', { length: 40 }),
  type: varchar('type', { length: 40 }).notNull(),
  regionCode: char('region_code', { length: 6 }).notNull().references(() => regions.code),
  sortOrder: integer('sort_order').notNull().default(0),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  phone: varchar('phone', { length: 32 }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
}, (t) => [
  index('departments_region_idx').on(t.regionCode.op('bpchar_pattern_ops')),
  uniqueIndex('departments_name_uq').on(t.regionCode, t.name).where(sql`deleted_at is null`),
]);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  account: varchar('account', { length: 32 }).notNull(),
  name: varchar('name', { length: 32 }).notNull(),
  departmentId: uuid('department_id').references(() => departments.id),
  phone: varchar('phone', { length: 20 }),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
}, (t) => [
  uniqueIndex('users_account_uq').on(t.account).where(sql`deleted_at is null`),
  index('users_department_idx').on(t.departmentId),
]);

export const roles = pgTable('roles', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: varchar('key', { length: 40 }).notNull(),
  name: varchar('name', { length: 40 }).notNull(),
  dataScope: varchar('data_scope', { length: 24 }).notNull(),
  customDepartmentIds: uuid('custom_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
  permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
  builtin: boolean('builtin').notNull().default(false),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  remark: varchar('remark', { length: 200 }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
}, (t) => [uniqueIndex('roles_key_uq').on(t.key).where(sql`deleted_at is null`)]);

export const userRoles = pgTable('user_roles', {
  userId: uuid('user_id').notNull().references(() => users.id),
  roleId: uuid('role_id').notNull().references(() => roles.id),
}, (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index('user_roles_role_idx').on(t.roleId)]);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable('sessions', {
  tokenHash: char('token_hash', { length: 64 }).primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
  createdAt: createdAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  ip: varchar('ip', { length: 64 }),
  userAgent: varchar('user_agent', { length: 300 }),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** 字典: open code lists administrators may extend. Closed enums the code branches on stay in code. */
export const dictionaryTypes = pgTable('dictionary_types', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: varchar('key', { length: 60 }).notNull(),
  name: varchar('name', { length: 60 }).notNull(),
  remark: varchar('remark', { length: 200 }),
  builtin: boolean('builtin').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('dictionary_types_key_uq').on(t.key)]);

export const dictionaryItems = pgTable('dictionary_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  typeKey: varchar('type_key', { length: 60 }).notNull(),
  value: varchar('value', { length: 60 }).notNull(),
  label: varchar('label', { length: 100 }).notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  tagColor: varchar('tag_color', { length: 20 }),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('dictionary_items_value_uq').on(t.typeKey, t.value)]);

/**
 * 操作日志 (全程留痕). Append-only (a trigger refuses UPDATE and DELETE) and hash-chained:
 * hash = SHA-256(prev_hash ‖ canonical row). `seq` has no gaps: it is assigned under a lock.
 */
export const operationLog = pgTable('operation_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  /** Row-hash formula (server/audit/chain.ts): 1 before migration 0009, 2 also covers the row's domain events. */
  hashVersion: smallint('hash_version').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  actorId: uuid('actor_id'),
  actorName: varchar('actor_name', { length: 64 }),
  actorDepartmentId: uuid('actor_department_id'),
  actorRegionCode: char('actor_region_code', { length: 6 }),
  action: varchar('action', { length: 80 }).notNull(),
  summary: varchar('summary', { length: 200 }).notNull(),
  targetType: varchar('target_type', { length: 40 }),
  targetId: varchar('target_id', { length: 80 }),
  outcome: varchar('outcome', { length: 16 }).notNull(),
  errorCode: varchar('error_code', { length: 60 }),
  ip: varchar('ip', { length: 64 }),
  method: varchar('method', { length: 8 }).notNull(),
  path: varchar('path', { length: 300 }).notNull(),
  detail: jsonb('detail').notNull(),
  prevHash: char('prev_hash', { length: 64 }).notNull(),
  hash: char('hash', { length: 64 }).notNull(),
}, (t) => [index('operation_log_at_idx').on(t.at), index('operation_log_actor_idx').on(t.actorId)]);

/** Typed domain events (domain/events.ts), written in the same transaction as the change and its log row. */
export const domainEvents = pgTable('domain_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  operationSeq: bigint('operation_seq', { mode: 'number' }).notNull().references(() => operationLog.seq),
  type: varchar('type', { length: 60 }).notNull(),
  payload: jsonb('payload').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
}, (t) => [index('domain_events_type_idx').on(t.type), index('domain_events_op_idx').on(t.operationSeq)]);

/**
 * Refused requests from anonymous callers, and every 429, counted per client, route, error code and minute.
 * The first of each is an operation-log row (`firstSeq`); the others only raise `count`, so a flood adds
 * a bounded number of rows to the append-only log (server/audit/refusals.ts).
 */
export const refusalCounts = pgTable('refusal_counts', {
  minute: timestamp('minute', { withTimezone: true, mode: 'string' }).notNull(),
  ip: varchar('ip', { length: 64 }).notNull(),
  /** The user's id, or '' for an anonymous caller (a primary key has no NULLs). */
  actorKey: varchar('actor_key', { length: 36 }).notNull(),
  route: varchar('route', { length: 300 }).notNull(),
  errorCode: varchar('error_code', { length: 60 }).notNull(),
  count: integer('count').notNull(),
  lastAt: timestamp('last_at', { withTimezone: true, mode: 'string' }).notNull(),
  firstSeq: bigint('first_seq', { mode: 'number' }).references(() => operationLog.seq),
}, (t) => [
  primaryKey({ name: 'refusal_counts_pk', columns: [t.minute, t.ip, t.actorKey, t.route, t.errorCode] }),
  uniqueIndex('refusal_counts_first_seq_uq').on(t.firstSeq),
]);
/** Signed checkpoints of the operation-log head (domain/audit/checkpoint.ts), append-only; no foreign key so they outlive lost rows. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  headHash: char('head_hash', { length: 64 }).notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  keyId: char('key_id', { length: 16 }).notNull(),
  signature: varchar('signature', { length: 100 }).notNull(),
  /** interval, manual (the app) or cli. */
  origin: varchar('origin', { length: 16 }).notNull(),
}, (t) => [index('audit_checkpoints_seq_idx').on(t.seq)]);

/** 登录日志. */
export const loginLog = pgTable('login_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  account: varchar('account', { length: 64 }).notNull(),
  userId: uuid('user_id'),
  departmentId: uuid('department_id'),
  regionCode: char('region_code', { length: 6 }),
  ip: varchar('ip', { length: 64 }),
  userAgent: varchar('user_agent', { length: 300 }),
  outcome: varchar('outcome', { length: 16 }).notNull(),
  reason: varchar('reason', { length: 120 }),
}, (t) => [index('login_log_at_idx').on(t.at), index('login_log_ip_idx').on(t.ip, t.at)]);

/**
 * Login throttling (server/modules/auth/throttle.ts): attempts counted per key ('account:<account>',
 * known or not, and 'ip:<address>'), reserved atomically before the password check and shared by
 * every app instance.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: varchar('key', { length: 80 }).primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
});

/** Settings and facts about this installation (demo data loaded, schema of the seed, …). */
export const appMeta = pgTable('app_meta', {
  key: varchar('key', { length: 80 }).primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

// ───────────────────────────── 一单两库 (issue #4) ─────────────────────────────
// Entities are many (1M+ per province): bigint keys, prefix-searchable code columns, a trigram
// index on the name and stored pinyin initials for two-character and pinyin search.

/** 检查对象名录库: market entities and other inspection objects. */
export const marketEntities = pgTable('market_entities', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** 统一社会信用代码 (18) or legacy 注册号 (15) or another identifier for non-enterprise objects. */
  code: varchar('code', { length: 32 }).notNull(),
  codeType: varchar('code_type', { length: 16 }).notNull(),
  name: varchar('name', { length: 200 }).notNull(),
  /** Pinyin initials of the name (e.g. 长春鑫源 → ccxy), for 拼音首字母 search. */
  nameInitials: varchar('name_initials', { length: 200 }).notNull().default(''),
  /**
   * The keys of every two-character piece of the lower-cased name (domain/directory/name_bigrams.ts), for name search
   * of two characters and more (domain/directory/entity.ts nameSearchMode): pg_trgm needs three characters, and 鑫源 or
   * 商贸 are what people type.
   */
  nameBigramKeys: integer('name_bigram_keys').array().notNull().default(sql`'{}'::int[]`),
  entityType: varchar('entity_type', { length: 24 }).notNull(),
  legalRepresentative: varchar('legal_representative', { length: 64 }),
  address: varchar('address', { length: 300 }),
  regionCode: char('region_code', { length: 6 }).notNull(),
  industryCode: varchar('industry_code', { length: 5 }),
  businessScope: text('business_scope'),
  registeredOn: date('registered_on', { mode: 'string' }),
  status: varchar('status', { length: 16 }).notNull(),
  /** Credit-risk class (A–D, or A–E where configured). Never on public pages or public API responses. */
  riskClass: varchar('risk_class', { length: 1 }),
  abnormalList: boolean('abnormal_list').notNull().default(false),
  seriousViolation: boolean('serious_violation').notNull().default(false),
  complaintsCount: integer('complaints_count').notNull().default(0),
  /** The department that maintains this record (its registration authority). */
  ownerDepartmentId: uuid('owner_department_id').references(() => departments.id),
  lastInspectedOn: date('last_inspected_on', { mode: 'string' }),
  inspectionsThisYear: integer('inspections_this_year').notNull().default(0),
  inspectionsYear: integer('inspections_year'),
  /**
   * The all_or_nothing import that wrote this record. While that job is in entity_imports_pending the record is hidden
   * from every read (server/modules/entities/pending_import.ts entityVisible); afterwards it only says where it came from.
   */
  importJobId: uuid('import_job_id'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  // varchar_pattern_ops: the one unique index also serves code-prefix search (LIKE '9122%') and ON CONFLICT (code).
  uniqueIndex('market_entities_code_uq').on(t.code.op('varchar_pattern_ops')),
  index('market_entities_region_idx').on(t.regionCode.op('bpchar_pattern_ops')),
  index('market_entities_industry_idx').on(t.industryCode.op('varchar_pattern_ops')),
  index('market_entities_status_idx').on(t.status),
  index('market_entities_owner_idx').on(t.ownerDepartmentId),
  index('market_entities_initials_idx').on(t.nameInitials.op('varchar_pattern_ops')),
  // 拼音首字母 anywhere in the name (3+ letters); 1–2 letters are read as a prefix (the btree above).
  index('market_entities_initials_trgm_idx').using('gin', t.nameInitials.op('gin_trgm_ops')),
  index('market_entities_name_bigram_idx').using('gin', t.nameBigramKeys),
]);

/** 专项库 (department tag on entities, e.g. 特种设备使用单位), owned by the department that maintains it. */
export const entityTags = pgTable('entity_tags', {
  id: uuid('id').primaryKey().defaultRandom(),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  name: varchar('name', { length: 60 }).notNull(),
  description: varchar('description', { length: 300 }),
  /** The confirmed version in force (null until the first confirmation). */
  currentVersion: integer('current_version'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
}, (t) => [uniqueIndex('entity_tags_name_uq').on(t.departmentId, t.name).where(sql`deleted_at is null`)]);

/** Each confirmation of a 专项库 is a version (长春第7条: 辅助建库 → 部门确认). */
export const entityTagVersions = pgTable('entity_tag_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tagId: uuid('tag_id').notNull().references(() => entityTags.id),
  version: integer('version').notNull(),
  /** How candidates were proposed: industry code prefixes and 经营范围 keywords. */
  criteria: jsonb('criteria').notNull(),
  memberCount: integer('member_count').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }).notNull(),
  confirmedBy: uuid('confirmed_by').notNull(),
}, (t) => [uniqueIndex('entity_tag_versions_uq').on(t.tagId, t.version)]);

export const entityTagMembers = pgTable('entity_tag_members', {
  tagVersionId: uuid('tag_version_id').notNull().references(() => entityTagVersions.id),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
}, (t) => [primaryKey({ columns: [t.tagVersionId, t.entityId] }), index('entity_tag_members_entity_idx').on(t.entityId)]);

/** 执法检查人员名录库. */
export const inspectors = pgTable('inspectors', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 32 }).notNull(),
  /** Pinyin sort key, kept by a trigger (migration 0025, domain/directory/name_sort_key.ts). */
  nameSortKey: varchar('name_sort_key', { length: 800 }).notNull().default(''),
  gender: varchar('gender', { length: 8 }),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  post: varchar('post', { length: 40 }),
  /** 执法证号. Public (东胜 四(二)2), unlike the phone number. */
  certificateNo: varchar('certificate_no', { length: 40 }).notNull(),
  certificateValidUntil: date('certificate_valid_until', { mode: 'string' }),
  expertise: text('expertise').array().notNull().default(sql`'{}'::text[]`),
  phone: varchar('phone', { length: 20 }),
  status: varchar('status', { length: 16 }).notNull().default('on_duty'),
  regionCode: char('region_code', { length: 6 }).notNull(),
  userId: uuid('user_id').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
}, (t) => [
  uniqueIndex('inspectors_certificate_uq').on(t.certificateNo).where(sql`deleted_at is null`),
  index('inspectors_department_idx').on(t.departmentId),
  index('inspectors_region_idx').on(t.regionCode.op('bpchar_pattern_ops')),
]);

/** 回避: a declared conflict of interest, with an entity or a person. */
export const inspectorConflicts = pgTable('inspector_conflicts', {
  id: uuid('id').primaryKey().defaultRandom(),
  inspectorId: uuid('inspector_id').notNull().references(() => inspectors.id),
  entityId: bigint('entity_id', { mode: 'number' }).references(() => marketEntities.id),
  personName: varchar('person_name', { length: 64 }),
  reason: varchar('reason', { length: 200 }).notNull(),
  declaredAt: timestamp('declared_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
}, (t) => [index('inspector_conflicts_inspector_idx').on(t.inspectorId), index('inspector_conflicts_entity_idx').on(t.entityId)]);

/** 专家库. */
export const experts = pgTable('experts', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 32 }).notNull(),
  /** Pinyin sort key, kept by a trigger (migration 0025, domain/directory/name_sort_key.ts). */
  nameSortKey: varchar('name_sort_key', { length: 800 }).notNull().default(''),
  organisation: varchar('organisation', { length: 100 }).notNull(),
  specialty: varchar('specialty', { length: 100 }).notNull(),
  contact: varchar('contact', { length: 40 }),
  status: varchar('status', { length: 16 }).notNull().default('available'),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
}, (t) => [index('experts_department_idx').on(t.departmentId)]);

/** 回避 of an expert (威海第6条): an entity or a named person; withdrawn, never deleted (migration 0042). */
export const expertConflicts = pgTable('expert_conflicts', {
  id: uuid('id').primaryKey().defaultRandom(),
  expertId: uuid('expert_id').notNull().references(() => experts.id),
  entityId: bigint('entity_id', { mode: 'number' }).references(() => marketEntities.id),
  personName: varchar('person_name', { length: 64 }),
  reason: varchar('reason', { length: 200 }).notNull(),
  declaredAt: timestamp('declared_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
}, (t) => [index('expert_conflicts_expert_idx').on(t.expertId), index('expert_conflicts_entity_idx').on(t.entityId)]);

/** 两库确认 (长春第7条): a department confirms its directories are current before a draw. */
export const directoryConfirmations = pgTable('directory_confirmations', {
  id: uuid('id').primaryKey().defaultRandom(),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  directory: varchar('directory', { length: 16 }).notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }).notNull(),
  confirmedBy: uuid('confirmed_by').notNull(),
  note: varchar('note', { length: 300 }),
}, (t) => [index('directory_confirmations_dept_idx').on(t.departmentId, t.directory, t.confirmedAt)]);

/** An import run: progress for the UI, summary, and the rejected rows for the error file. */
export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: varchar('kind', { length: 24 }).notNull(),
  departmentId: uuid('department_id'),
  userId: uuid('user_id').notNull(),
  fileName: varchar('file_name', { length: 200 }).notNull(),
  mode: varchar('mode', { length: 16 }).notNull(),
  status: varchar('status', { length: 16 }).notNull(),
  processedRows: integer('processed_rows').notNull().default(0),
  added: integer('added').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  message: varchar('message', { length: 300 }),
  /** Percent done (0–100), for the progress bar. */
  progress: integer('progress').notNull().default(0),
  createdAt: createdAt(),
  /** Heartbeat: a running job touches it after every chunk; a stale one was interrupted. */
  updatedAt: updatedAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  /** The process running the job (job_recovery.ts): a job whose owner is gone was cut off and is marked interrupted. */
  ownerInstance: varchar('owner_instance', { length: 64 }),
  /** The saved upload's name in the upload folder, removed when the job ends or its owner is gone. */
  uploadFile: varchar('upload_file', { length: 64 }),
}, (t) => [index('import_jobs_user_idx').on(t.userId, t.createdAt)]);

/** All_or_nothing entity imports whose records are written but not yet shown (docs/decisions/0007). */
export const entityImportsPending = pgTable('entity_imports_pending', {
  jobId: uuid('job_id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const importJobErrors = pgTable('import_job_errors', {
  jobId: uuid('job_id').notNull().references(() => importJobs.id),
  row: integer('row').notNull(),
  column: varchar('column', { length: 60 }).notNull(),
  message: varchar('message', { length: 300 }).notNull(),
  /** The original cells of the rejected row, so the error file can be fixed and re-imported. */
  cells: jsonb('cells').notNull(),
}, (t) => [index('import_job_errors_job_idx').on(t.jobId, t.row)]);

/**
 * Staging for entity imports: the validated rows of a job wait here until the whole file is checked
 * (duplicates within the file, all_or_nothing), then are applied with one INSERT … SELECT … ON CONFLICT.
 * Rows are deleted when the job ends. UNLOGGED (set in the migration): nothing here survives a crash,
 * and nothing needs to.
 */
export const entityImportRows = pgTable('entity_import_rows', {
  jobId: uuid('job_id').notNull(),
  rowNumber: integer('row_number').notNull(),
  code: varchar('code', { length: 32 }).notNull(),
  codeType: varchar('code_type', { length: 16 }).notNull(),
  name: varchar('name', { length: 200 }).notNull(),
  nameInitials: varchar('name_initials', { length: 200 }).notNull(),
  nameBigramKeys: integer('name_bigram_keys').array().notNull(),
  entityType: varchar('entity_type', { length: 24 }).notNull(),
  legalRepresentative: varchar('legal_representative', { length: 64 }),
  address: varchar('address', { length: 300 }),
  regionCode: char('region_code', { length: 6 }).notNull(),
  industryCode: varchar('industry_code', { length: 5 }),
  businessScope: text('business_scope'),
  registeredOn: date('registered_on', { mode: 'string' }),
  status: varchar('status', { length: 16 }).notNull(),
  /** Null = keep the stored value (blank cell, or an importer without the risk permission). */
  riskClass: varchar('risk_class', { length: 1 }),
  abnormalList: boolean('abnormal_list'),
  seriousViolation: boolean('serious_violation'),
  complaintsCount: integer('complaints_count'),
  ownerDepartmentId: uuid('owner_department_id').notNull(),
}, (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })]);

/** 抽查事项清单: a department's list, or a region's joint list (市场监管领域部门联合抽查事项清单). */
export const checklists = pgTable('checklists', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: varchar('kind', { length: 16 }).notNull(),
  name: varchar('name', { length: 100 }).notNull(),
  departmentId: uuid('department_id').references(() => departments.id),
  regionCode: char('region_code', { length: 6 }).notNull(),
  /** A district/county list adds local items on top of this (city) list (长春第6条). */
  baseChecklistId: uuid('base_checklist_id'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
}, (t) => [index('checklists_department_idx').on(t.departmentId), index('checklists_region_idx').on(t.regionCode.op('bpchar_pattern_ops'))]);

/** Each version of a list (立改废释): draft → published → superseded. Plans point at a version. */
export const checklistVersions = pgTable('checklist_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  checklistId: uuid('checklist_id').notNull().references(() => checklists.id),
  version: integer('version').notNull(),
  status: varchar('status', { length: 16 }).notNull(),
  changeNote: varchar('change_note', { length: 500 }),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  publishedBy: uuid('published_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('checklist_versions_uq').on(t.checklistId, t.version)]);

/** 检查事项 → 检查子项 → 检查内容, as rows of one version. */
export const checklistItems = pgTable('checklist_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  versionId: uuid('version_id').notNull().references(() => checklistVersions.id),
  parentId: uuid('parent_id'),
  level: varchar('level', { length: 12 }).notNull(),
  code: varchar('code', { length: 40 }).notNull(),
  name: varchar('name', { length: 300 }).notNull(),
  /** 事项类别: general 一般 / key 重点 (重点事项 may be drawn at 100%, 东胜 四(二)1). */
  category: varchar('category', { length: 12 }),
  target: varchar('target', { length: 200 }),
  methods: text('methods').array(),
  subject: varchar('subject', { length: 200 }),
  basis: text('basis'),
  resultOptions: text('result_options').array(),
  checkMethod: varchar('check_method', { length: 300 }),
  yesWording: varchar('yes_wording', { length: 200 }),
  noWording: varchar('no_wording', { length: 200 }),
  /** Copied from the base (city) list rather than added locally. */
  inherited: boolean('inherited').notNull().default(false),
  sourceItemId: uuid('source_item_id'),
  sortOrder: integer('sort_order').notNull().default(0),
}, (t) => [index('checklist_items_version_idx').on(t.versionId, t.sortOrder), uniqueIndex('checklist_items_code_uq').on(t.versionId, t.code)]);

// ───────────────────────────── 工作日历 (issue #9 item 1) ─────────────────────────────

/** A year's schedule entered from the State Council's notice (2025 and 2026 are built in, not stored). */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: varchar('source', { length: 200 }).notNull(),
  enteredBy: uuid('entered_by'),
  enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  updatedAt: updatedAt(),
});

/** The days of an entered year: holiday (放假) or makeup_workday (调休上班), with a name. */
export const calendarDays = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  year: integer('year').notNull().references(() => calendarYears.year),
  kind: varchar('kind', { length: 16 }).notNull(),
  name: varchar('name', { length: 20 }).notNull(),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
}, (t) => [index('calendar_days_year_idx').on(t.year)]);

/** 地方假日: an extra day off in a region and the regions below it (GB/T 2260 prefix). */
export const regionalHolidays = pgTable('regional_holidays', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: char('region_code', { length: 6 }).notNull().references(() => regions.code),
  date: date('date', { mode: 'string' }).notNull(),
  name: varchar('name', { length: 20 }).notNull(),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  updatedBy: uuid('updated_by'),
  updatedAt: updatedAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
}, (t) => [
  uniqueIndex('regional_holidays_uq').on(t.regionCode, t.date).where(sql`deleted_at is null`),
  index('regional_holidays_date_idx').on(t.date),
]);

// ─────────────────────── 年度计划 → 任务 → 抽取 (issue #9) ───────────────────────

/**
 * The approval chain a region uses for plans or tasks (domain/workflow/approval_chain.ts ApprovalChain as JSON);
 * the nearest region's setting applies to the regions below it. Without a setting the built-in default applies.
 */
export const approvalChainSettings = pgTable('approval_chain_settings', {
  regionCode: char('region_code', { length: 6 }).notNull().references(() => regions.code),
  /** 'plan' or 'task'. */
  recordType: varchar('record_type', { length: 8 }).notNull(),
  chain: jsonb('chain').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: updatedAt(),
}, (t) => [primaryKey({ columns: [t.regionCode, t.recordType] })]);

/**
 * 年度抽查计划 (domain/workflow/plan_states.ts Plan): the state of the plan; its content per version lives in
 * plan_versions. `row_version` guards concurrent edits (a stale write answers 409).
 */
export const plans = pgTable('plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 'department' 部门计划 or 'joint' 部门联合抽查计划. */
  kind: varchar('kind', { length: 16 }).notNull(),
  year: integer('year').notNull(),
  name: varchar('name', { length: 200 }).notNull(),
  leadDepartmentId: uuid('lead_department_id').notNull().references(() => departments.id),
  participatingDepartmentIds: uuid('participating_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
  regionCode: char('region_code', { length: 6 }).notNull().references(() => regions.code),
  /** The approval chain copied in at creation (a later change of the region's setting does not move it). */
  chain: jsonb('chain').notNull(),
  status: varchar('status', { length: 16 }).notNull().default('draft'),
  stepIndex: integer('step_index').notNull().default(0),
  submittedBy: uuid('submitted_by').references(() => users.id),
  submittedOn: date('submitted_on', { mode: 'string' }),
  /** The version being drafted or reviewed (the published one while 已发布). */
  version: integer('version').notNull().default(1),
  /** The version in force; null before the first publication. */
  publishedVersion: integer('published_version'),
  /** {reason, startedOn} while an adjustment (调整) is under way. */
  adjustment: jsonb('adjustment'),
  returnComments: text('return_comments'),
  voidReason: text('void_reason'),
  rowVersion: integer('row_version').notNull().default(1),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('plans_region_year_idx').on(t.regionCode.op('bpchar_pattern_ops'), t.year),
  index('plans_lead_department_idx').on(t.leadDepartmentId, t.year),
]);

/** The content of each version of a plan (planned tasks, items at pinned checklist versions, scope, ratios, window). */
export const planVersions = pgTable('plan_versions', {
  planId: uuid('plan_id').notNull().references(() => plans.id),
  version: integer('version').notNull(),
  content: jsonb('content').notNull(),
  /** Why this version exists (an adjustment's reason); null for version 1. */
  reason: text('reason'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  publishedBy: uuid('published_by').references(() => users.id),
}, (t) => [primaryKey({ columns: [t.planId, t.version] })]);

/** Every step of an approval (submitted, approved, returned, withdrawn) of a plan or task, for the record's history. */
export const approvals = pgTable('approvals', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 'plan' or 'task'. */
  recordType: varchar('record_type', { length: 8 }).notNull(),
  recordId: uuid('record_id').notNull(),
  version: integer('version').notNull().default(1),
  stepIndex: integer('step_index'),
  stepKey: varchar('step_key', { length: 40 }),
  stepLabel: varchar('step_label', { length: 60 }),
  /** 'submitted' | 'approved' | 'returned' | 'withdrawn'. */
  decision: varchar('decision', { length: 16 }).notNull(),
  comments: text('comments'),
  actorId: uuid('actor_id').notNull().references(() => users.id),
  createdAt: createdAt(),
}, (t) => [index('approvals_record_idx').on(t.recordType, t.recordId, t.createdAt)]);

/**
 * 抽查任务 / 实施方案 (domain/workflow/task_states.ts Task). `spec` is the TaskSpec of domain/workflow/task_spec.ts
 * (items, targeting, strata and ratios, team settings), validated at the API edge.
 */
export const tasks = pgTable('tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 任务编号, unique, e.g. 220100-2026-0003. */
  code: varchar('code', { length: 40 }).notNull(),
  /** The annual plan it implements; null for a 临时任务. */
  planId: uuid('plan_id').references(() => plans.id),
  /** Which planned task of the plan's content it implements. */
  planTaskKey: varchar('plan_task_key', { length: 40 }),
  /** 'planned' or 'ad_hoc' (临时任务). */
  kind: varchar('kind', { length: 16 }).notNull(),
  year: integer('year').notNull(),
  name: varchar('name', { length: 200 }).notNull(),
  leadDepartmentId: uuid('lead_department_id').notNull().references(() => departments.id),
  participatingDepartmentIds: uuid('participating_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
  regionCode: char('region_code', { length: 6 }).notNull().references(() => regions.code),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  spec: jsonb('spec').notNull(),
  chain: jsonb('chain').notNull(),
  status: varchar('status', { length: 16 }).notNull().default('draft'),
  stepIndex: integer('step_index').notNull().default(0),
  submittedBy: uuid('submitted_by').references(() => users.id),
  returnComments: text('return_comments'),
  terminationReason: text('termination_reason'),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  rowVersion: integer('row_version').notNull().default(1),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('tasks_code_uq').on(t.code),
  index('tasks_region_year_idx').on(t.regionCode.op('bpchar_pattern_ops'), t.year),
  index('tasks_lead_department_idx').on(t.leadDepartmentId, t.year),
  index('tasks_plan_idx').on(t.planId),
]);

/**
 * 抽取 (domain/workflow/draw_states.ts Draw), one row per attempt. At most one attempt of a task runs at a time
 * (the partial unique index). The commitment, the entered source values and the receipt are the suiji-draw/2
 * documents (docs/draw-protocol.md §15–§17) as stored JSON; their hashes are columns for look-up.
 */
export const draws = pgTable('draws', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  regionCode: char('region_code', { length: 6 }).notNull().references(() => regions.code),
  attempt: integer('attempt').notNull(),
  previousDrawId: uuid('previous_draw_id'),
  operatorId: uuid('operator_id').notNull().references(() => users.id),
  requiredSupervisors: integer('required_supervisors').notNull().default(1),
  supervisorIds: uuid('supervisor_ids').array().notNull().default(sql`'{}'::uuid[]`),
  status: varchar('status', { length: 24 }).notNull().default('preparing'),
  voidReason: text('void_reason'),
  protocol: varchar('protocol', { length: 24 }).notNull().default('suiji-draw/2'),
  drawDate: date('draw_date', { mode: 'string' }),
  poolSize: integer('pool_size'),
  commitment: jsonb('commitment'),
  commitmentHash: char('commitment_hash', { length: 64 }),
  /** The operation-log row (seq) that anchors the commitment. */
  commitLogSeq: bigint('commit_log_seq', { mode: 'number' }),
  sourceValues: jsonb('source_values'),
  receipt: jsonb('receipt'),
  receiptHash: char('receipt_hash', { length: 64 }),
  rowVersion: integer('row_version').notNull().default(1),
  committedAt: timestamp('committed_at', { withTimezone: true, mode: 'date' }),
  executedAt: timestamp('executed_at', { withTimezone: true, mode: 'date' }),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  /** Migration 0020: the signed checkpoint covering the draw.commit row (the commitment's anchor, §16). */
  checkpointSeq: bigint('checkpoint_seq', { mode: 'number' }),
  checkpoint: jsonb('checkpoint'),
  /** Migration 0020: who voided the attempt (the redraw's redrawApprovedBy). */
  voidedBy: uuid('voided_by').references(() => users.id),
}, (t) => [
  uniqueIndex('draws_task_attempt_uq').on(t.taskId, t.attempt),
  uniqueIndex('draws_one_running_uq').on(t.taskId).where(sql`status in ('preparing', 'committed', 'supervisor_confirmed', 'seed_entered', 'drawn')`),
  index('draws_region_idx').on(t.regionCode.op('bpchar_pattern_ops'), t.status),
]);

/**
 * The entities a draw selected (reserve = false) and its reserve list (reserve = true, in reserve order), per stratum.
 * The yearly cap (威海第5条、曲阳第17条) counts selected rows of drawn or published attempts across all tasks.
 */
export const drawObjects = pgTable('draw_objects', {
  drawId: uuid('draw_id').notNull().references(() => draws.id),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  stratum: varchar('stratum', { length: 40 }).notNull(),
  /** Order within the stratum's selection or reserve list, from 1. */
  rank: integer('rank').notNull(),
  reserve: boolean('reserve').notNull().default(false),
}, (t) => [primaryKey({ columns: [t.drawId, t.entityId] }), index('draw_objects_entity_idx').on(t.entityId)]);

/** Each CJK character's reading for pinyin sorting (migration 0025, generated by scripts/gen_pinyin_sort_migration.ts). */
export const pinyinKeys = pgTable('pinyin_keys', {
  ch: varchar('ch', { length: 1 }).primaryKey(),
  key: varchar('key', { length: 8 }).notNull(),
});

/**
 * The frozen pool of a committed draw (migration 0020; server/modules/draws/README.md): the pool file's size, hashes
 * and strata, the exclusions counted when it was frozen, and the yearly-cap ledger its commitment pins.
 */
export const drawPools = pgTable('draw_pools', {
  drawId: uuid('draw_id').primaryKey().references(() => draws.id),
  entryCount: integer('entry_count').notNull(),
  byteLength: bigint('byte_length', { mode: 'number' }).notNull(),
  sha256: char('sha256', { length: 64 }).notNull(),
  root: char('root', { length: 64 }).notNull(),
  saltMode: varchar('salt_mode', { length: 16 }).notNull(),
  chunkCount: integer('chunk_count').notNull(),
  stratumSizes: jsonb('stratum_sizes').notNull(),
  excluded: jsonb('excluded').notNull(),
  ledgerYear: integer('ledger_year').notNull(),
  ledger: jsonb('ledger').notNull(),
  ledgerHash: char('ledger_hash', { length: 64 }).notNull(),
  createdAt: createdAt(),
});

/** The pool file (`id,stratum,salt`) in text chunks of at most 16,384 lines; in chunk_no order they are the exact file. */
export const drawPoolChunks = pgTable('draw_pool_chunks', {
  drawId: uuid('draw_id').notNull().references(() => draws.id),
  chunkNo: integer('chunk_no').notNull(),
  content: text('content').notNull(),
}, (t) => [primaryKey({ name: 'draw_pool_chunks_pk', columns: [t.drawId, t.chunkNo] })]);
// ── 派发、检查人员匹配与替换 (issue #9 items 5, 7–9; migration 0021) ──

/** Per-region dispatch settings: days to confirm receipt (曲阳第17条), and what happens to a 注销/迁出 object. */
export const dispatchSettings = pgTable('dispatch_settings', {
  regionCode: char('region_code', { length: 6 }).primaryKey().references(() => regions.code),
  confirmWorkingDays: integer('confirm_working_days').notNull().default(1),
  /** 'reserve': replaced from the reserve list; 'count_done': counted done without a check. */
  goneEntityRule: varchar('gone_entity_rule', { length: 16 }).notNull().default('reserve'),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** 联合检查: one visit to an entity drawn by several tasks (进一次门、查多项事). */
export const visits = pgTable('visits', {
  id: uuid('id').primaryKey().defaultRandom(),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
});

/** A task's inspection objects, copied from its published draw at dispatch; reserve rows come in by replacement. */
export const taskObjects = pgTable('task_objects', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  drawId: uuid('draw_id').notNull().references(() => draws.id),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  stratum: varchar('stratum', { length: 40 }).notNull(),
  rank: integer('rank').notNull(),
  fromReserve: boolean('from_reserve').notNull().default(false),
  replacesObjectId: uuid('replaces_object_id'),
  /** 'pending' 待检查, 'replaced' 已替换, 'done_no_check' 已完成无需检查. */
  status: varchar('status', { length: 16 }).notNull().default('pending'),
  visitId: uuid('visit_id').references(() => visits.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('task_objects_task_entity_uq').on(t.taskId, t.entityId), index('task_objects_entity_idx').on(t.entityId)]);

/** 派发: the object list sent to one participating department, which confirms receipt by `dueDate`. */
export const dispatches = pgTable('dispatches', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
  sentBy: uuid('sent_by').notNull().references(() => users.id),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  /** The due date was computed through a year without an official schedule (暂定). */
  dueProvisional: boolean('due_provisional').notNull().default(false),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
  confirmedBy: uuid('confirmed_by').references(() => users.id),
}, (t) => [uniqueIndex('dispatches_task_department_uq').on(t.taskId, t.departmentId), index('dispatches_department_idx').on(t.departmentId, t.confirmedAt)]);

/** 检查人员匹配记录 (docs/draw-protocol.md §9.6): one per task, the record JSON verifiable by both verifiers. */
export const matchingRecords = pgTable('matching_records', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  drawId: uuid('draw_id').notNull().references(() => draws.id),
  seedMatch: char('seed_match', { length: 64 }).notNull(),
  inspectorPoolHash: char('inspector_pool_hash', { length: 64 }).notNull(),
  record: jsonb('record').notNull(),
  recordHash: char('record_hash', { length: 64 }).notNull(),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
}, (t) => [uniqueIndex('matching_records_task_uq').on(t.taskId)]);

/** 检查组: the team of one inspection object. */
export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  matchingRecordId: uuid('matching_record_id').notNull().references(() => matchingRecords.id),
  taskObjectId: uuid('task_object_id').notNull().references(() => taskObjects.id),
}, (t) => [uniqueIndex('teams_task_object_uq').on(t.taskObjectId), index('teams_task_idx').on(t.taskId)]);

/** A member of a team; a replaced member stays with active = false and the replacement that removed it. */
export const teamMembers = pgTable('team_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  teamId: uuid('team_id').notNull().references(() => teams.id),
  inspectorId: uuid('inspector_id').notNull().references(() => inspectors.id),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  /** 'leader' | 'member' | 'expert'. */
  role: varchar('role', { length: 8 }).notNull(),
  covers: text('covers').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  replacementId: uuid('replacement_id'),
  createdAt: createdAt(),
  /** 直接委派 (威海第6条): appointed by the approved task, not drawn (migration 0038). */
  appointed: boolean('appointed').notNull().default(false),
}, (t) => [index('team_members_team_idx').on(t.teamId), index('team_members_inspector_idx').on(t.inspectorId)]);

/** An expert of the expert directory (专家库) drawn onto a team (威海第6条 "从专家库中随机抽取"; migration 0038). */
export const teamExperts = pgTable('team_experts', {
  id: uuid('id').primaryKey().defaultRandom(),
  teamId: uuid('team_id').notNull().references(() => teams.id),
  expertId: uuid('expert_id').notNull().references(() => experts.id),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  createdAt: createdAt(),
  /** A replaced expert stays with active = false and the replacement that removed it (migration 0042). */
  active: boolean('active').notNull().default(true),
  replacementId: uuid('replacement_id'),
}, (t) => [uniqueIndex('team_experts_team_expert_uq').on(t.teamId, t.expertId), index('team_experts_expert_idx').on(t.expertId)]);

/** 替换 of an inspector (requested, approved by the department head, chosen by the engine) or of a 注销/迁出 object. */
export const replacements = pgTable('replacements', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  /** 1, 2, … per task: with the matching seed it seeds the engine's choice. */
  seq: integer('seq').notNull(),
  /** 'inspector' | 'object' | 'expert'. */
  kind: varchar('kind', { length: 16 }).notNull(),
  teamMemberId: uuid('team_member_id'),
  taskObjectId: uuid('task_object_id'),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  reason: varchar('reason', { length: 24 }).notNull(),
  note: text('note'),
  /** 'pending' | 'approved' | 'rejected' | 'applied'. */
  status: varchar('status', { length: 16 }).notNull().default('pending'),
  requestedBy: uuid('requested_by').notNull().references(() => users.id),
  requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'date' }).notNull(),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
  chosenInspectorId: uuid('chosen_inspector_id'),
  newTaskObjectId: uuid('new_task_object_id'),
  outcome: jsonb('outcome'),
  rowVersion: integer('row_version').notNull().default(1),
  /** kind 'expert' (migration 0042): the replaced team_experts row and the engine's choice. */
  teamExpertId: uuid('team_expert_id'),
  chosenExpertId: uuid('chosen_expert_id'),
}, (t) => [
  uniqueIndex('replacements_task_seq_uq').on(t.taskId, t.seq),
  uniqueIndex('replacements_one_pending_member_uq').on(t.teamMemberId).where(sql`status = 'pending'`),
  index('replacements_department_idx').on(t.departmentId, t.status),
]);

// ── 检查实施与结果 (issue #10; migrations 0026–0027) ──

/** Binary content (PostgreSQL bytea): attachments live in the database, so every app server of a province sees them. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * 检查结果: one per inspection object (task_objects), entered by the team leader (谁检查、谁录入), reviewed and published by
 * the task's lead department (domain/inspection/result_states.ts). A published row is frozen by a trigger (migration
 * 0026): it can be corrected only by an approved result_corrections row shown beside it.
 */
export const inspectionResults = pgTable('inspection_results', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  taskObjectId: uuid('task_object_id').notNull().references(() => taskObjects.id),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  /** The department that reviews and publishes (the task's lead department). */
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  regionCode: char('region_code', { length: 6 }).notNull().references(() => regions.code),
  /** 'draft' 草稿 | 'submitted' 待审核 | 'returned' 已退回 | 'approved' 已通过 | 'published' 已公示. */
  status: varchar('status', { length: 16 }).notNull().default('draft'),
  checkDate: date('check_date', { mode: 'string' }),
  /** 检查方式 (domain/inspection/categories.ts CHECK_METHODS). */
  checkMethod: varchar('check_method', { length: 24 }),
  /** 检查结果 (national categories, domain/inspection/categories.ts RESULT_CATEGORIES). */
  resultCategory: varchar('result_category', { length: 40 }),
  /** 处置 (DISPOSALS). */
  disposal: varchar('disposal', { length: 24 }),
  /** Per checklist item: [{ itemId, departmentId, finding, note }]. */
  itemFindings: jsonb('item_findings').notNull().default(sql`'[]'::jsonb`),
  note: text('note'),
  /** The entity's signature or its refusal: { kind: 'signed', signerName } | { kind: 'refused', reason, witness }. */
  signature: jsonb('signature'),
  /** Unreachable, 注销, 吊销 or 迁出 before the deadline: done without a substantive check (威海第8条, 长春第18条). */
  completedWithoutCheck: boolean('completed_without_check').notNull().default(false),
  /** Fields withheld from publication and why (涉密/国家安全/公共安全, 渝北 四(九)): { fields: string[], reason }. */
  withheld: jsonb('withheld'),
  enteredBy: uuid('entered_by').references(() => users.id),
  submittedBy: uuid('submitted_by').references(() => users.id),
  submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
  /** The client-generated id of the submission that submitted it: a retried submission answers the same result. */
  submitClientId: varchar('submit_client_id', { length: 64 }),
  reviewedBy: uuid('reviewed_by').references(() => users.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
  reviewComments: text('review_comments'),
  publishedBy: uuid('published_by').references(() => users.id),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  /** Working-day deadlines (domain/calendar): entry within N days of the check, publication within 20. */
  entryDue: date('entry_due', { mode: 'string' }),
  publishDue: date('publish_due', { mode: 'string' }),
  dueProvisional: boolean('due_provisional').notNull().default(false),
  rowVersion: integer('row_version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('inspection_results_task_object_uq').on(t.taskObjectId),
  uniqueIndex('inspection_results_submit_client_uq').on(t.submitClientId),
  index('inspection_results_department_status_idx').on(t.departmentId, t.status),
  index('inspection_results_task_idx').on(t.taskId, t.status),
  index('inspection_results_entity_idx').on(t.entityId),
  index('inspection_results_region_idx').on(t.regionCode.op('bpchar_pattern_ops'), t.publishedAt),
  // The public list, newest first (migration 0036).
  index('inspection_results_published_idx').on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.status} = 'published'`),
]);

/**
 * 附件 of an inspection object (photos, signed form scans, recordings): the type is checked by content, the size
 * bounded, the SHA-256 stored. Uploaded before or after the result row exists (offline photos come first); frozen once
 * the object's result is published (trigger, migration 0026). `clientId` makes a retried upload answer the same row.
 */
export const resultAttachments = pgTable('result_attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskObjectId: uuid('task_object_id').notNull().references(() => taskObjects.id),
  clientId: varchar('client_id', { length: 64 }).notNull(),
  /** 'photo' | 'form_scan' | 'recording' | 'document'. */
  kind: varchar('kind', { length: 16 }).notNull(),
  fileName: varchar('file_name', { length: 200 }).notNull(),
  /** The type detected from the content (image/jpeg, image/png, application/pdf, audio/mp4, …). */
  mime: varchar('mime', { length: 64 }).notNull(),
  byteSize: integer('byte_size').notNull(),
  sha256: char('sha256', { length: 64 }).notNull(),
  content: bytea('content').notNull(),
  uploadedBy: uuid('uploaded_by').notNull().references(() => users.id),
  uploadedAt: createdAt(),
}, (t) => [uniqueIndex('result_attachments_client_uq').on(t.clientId), index('result_attachments_object_idx').on(t.taskObjectId)]);

/**
 * 更正 of a published result (长春第20条): requested with a reason and the corrected values, approved by the 主要负责人
 * (部门负责人), then published beside the original, which never changes. An approved correction is frozen too.
 */
export const resultCorrections = pgTable('result_corrections', {
  id: uuid('id').primaryKey().defaultRandom(),
  resultId: uuid('result_id').notNull().references(() => inspectionResults.id),
  /** 1, 2, … per result. */
  seq: integer('seq').notNull(),
  reason: text('reason').notNull(),
  /** The corrected values: { resultCategory?, disposal?, note?, itemFindings? }. */
  changes: jsonb('changes').notNull(),
  /** Where it came from: 'staff' or an objection (异议) that was upheld. */
  source: varchar('source', { length: 16 }).notNull().default('staff'),
  /** 'pending' 待审批 | 'approved' 已批准并公示 | 'rejected' 未批准. */
  status: varchar('status', { length: 16 }).notNull().default('pending'),
  requestedBy: uuid('requested_by').notNull().references(() => users.id),
  requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'date' }).notNull(),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
  decisionComments: text('decision_comments'),
  rowVersion: integer('row_version').notNull().default(1),
}, (t) => [
  uniqueIndex('result_corrections_result_seq_uq').on(t.resultId, t.seq),
  uniqueIndex('result_corrections_one_pending_uq').on(t.resultId).where(sql`status = 'pending'`),
]);

// ── 行政检查通知书 (issue #10 item 1; migration 0028) ──

/**
 * The last serial of a department's notices in a year. Incremented (INSERT … ON CONFLICT DO UPDATE, which locks the
 * row) in the transaction that issues the notice, so numbers are unique and gap-free: a rolled-back issue rolls its
 * increment back too.
 */
export const noticeCounters = pgTable('notice_counters', {
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  year: integer('year').notNull(),
  lastSerial: integer('last_serial').notNull().default(0),
}, (t) => [primaryKey({ name: 'notice_counters_pk', columns: [t.departmentId, t.year] })]);

/** A department's own 文号 prefix of its notices (default: its short name + 部门联合双随机抽检字). */
export const noticeNumberSettings = pgTable('notice_number_settings', {
  departmentId: uuid('department_id').primaryKey().references(() => departments.id),
  prefix: varchar('prefix', { length: 60 }).notNull(),
  updatedBy: uuid('updated_by').notNull().references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * 行政检查通知书 (渝北 二（五）附件2; 长春第17条 告知被检查对象): one per inspection object, numbered in the sequence of the
 * task's lead department and the year of issue; its 送达 (delivery) is recorded afterwards (rowVersion guards it).
 */
export const inspectionNotices = pgTable('inspection_notices', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  taskObjectId: uuid('task_object_id').notNull().references(() => taskObjects.id),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  /** The numbering department (the task's lead department). */
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  year: integer('year').notNull(),
  serial: integer('serial').notNull(),
  /** The full number as printed, e.g. 长春市市场监督管理局 部门联合双随机抽检字【2026】第12号. */
  number: varchar('number', { length: 120 }).notNull(),
  /** 定于 … 实施行政检查: the matching's inspection date unless given at issue; null leaves the date to be written in. */
  inspectionDate: date('inspection_date', { mode: 'string' }),
  issuedBy: uuid('issued_by').notNull().references(() => users.id),
  issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** 'direct' 直接送达 | 'mail' 邮寄 | 'electronic' 电子送达 | 'left_at_premises' 留置送达; null until delivered. */
  deliveryMethod: varchar('delivery_method', { length: 16 }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  deliveryRecipient: varchar('delivery_recipient', { length: 64 }),
  deliveryNote: text('delivery_note'),
  deliveryRecordedBy: uuid('delivery_recorded_by').references(() => users.id),
  rowVersion: integer('row_version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('inspection_notices_task_object_uq').on(t.taskObjectId),
  uniqueIndex('inspection_notices_number_uq').on(t.departmentId, t.year, t.serial),
  index('inspection_notices_task_idx').on(t.taskId),
  check('inspection_notices_serial_positive', sql`${t.serial} > 0`),
  check('inspection_notices_delivery_method_check', sql`${t.deliveryMethod} IS NULL OR ${t.deliveryMethod} IN ('direct', 'mail', 'electronic', 'left_at_premises')`),
]);

/**
 * 回避申请 (issue #8 item 8; 威海第6条, 长春第13条): an inspector applies to be recused from an entity, or from the team of
 * an already matched task (team_member_id), with a reason; the head of the inspector's department or the 双随机办
 * decides. Approval writes the declared conflict (conflict_id → inspector_conflicts) the matching engine honours and,
 * for a team assignment, the pending 执法回避 replacement (replacement_id → replacements). Migration 0030.
 */
export const recusalApplications = pgTable('recusal_applications', {
  id: uuid('id').primaryKey().defaultRandom(),
  inspectorId: uuid('inspector_id').notNull().references(() => inspectors.id),
  /** The inspector's department and region when applying (the data scope of the application). */
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  regionCode: char('region_code', { length: 6 }).notNull(),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  teamMemberId: uuid('team_member_id'),
  reason: varchar('reason', { length: 200 }).notNull(),
  /** 'pending' 待审批 | 'approved' 已同意 | 'rejected' 不同意. */
  status: varchar('status', { length: 16 }).notNull().default('pending'),
  appliedBy: uuid('applied_by').notNull().references(() => users.id),
  appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull(),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
  decisionComment: varchar('decision_comment', { length: 200 }),
  conflictId: uuid('conflict_id'),
  replacementId: uuid('replacement_id'),
  rowVersion: integer('row_version').notNull().default(1),
}, (t) => [
  index('recusal_applications_department_idx').on(t.departmentId, t.status),
  index('recusal_applications_inspector_idx').on(t.inspectorId),
  uniqueIndex('recusal_applications_one_pending_uq').on(t.inspectorId, t.entityId).where(sql`status = 'pending'`),
]);

// ── 后续处置 (issue #10 item 7; migration 0032) ──

/**
 * The follow-up of one result (domain/inspection/follow_up_states.ts): owned by the department that approved the result,
 * handled inside it (measure, due date, 复查), transferred to another department (receiver accepts or returns) or to a
 * judicial organ recorded by name (closed by the owner with its 回执).
 */
export const followUps = pgTable('follow_ups', {
  id: uuid('id').primaryKey().defaultRandom(),
  resultId: uuid('result_id').notNull().references(() => inspectionResults.id),
  ownerDepartmentId: uuid('owner_department_id').notNull().references(() => departments.id),
  regionCode: char('region_code', { length: 6 }).notNull().references(() => regions.code),
  /** 'open' 本部门处置中 | 'awaiting' 待接收 | 'accepted' 已接收 | 'returned' 已退回 | 'sent_judicial' 已移送司法机关 | 'closed' 已完结. */
  status: varchar('status', { length: 16 }).notNull().default('open'),
  /** 内部处置措施 (FOLLOW_UP_MEASURES); null for a 移送 not yet sent. */
  measure: varchar('measure', { length: 24 }),
  /** 整改期限 / 办理期限. */
  dueDate: date('due_date', { mode: 'string' }),
  /** 承办机构或承办人 inside the department (渝北 五（一）). */
  handler: varchar('handler', { length: 100 }),
  /** Internal notes: never published. */
  note: text('note'),
  /** Opened by the approval of the result rather than by hand. */
  automatic: boolean('automatic').notNull().default(false),
  receiverDepartmentId: uuid('receiver_department_id').references(() => departments.id),
  judicialOrganKind: varchar('judicial_organ_kind', { length: 24 }),
  judicialOrganName: varchar('judicial_organ_name', { length: 100 }),
  transferReason: text('transfer_reason'),
  transferredBy: uuid('transferred_by').references(() => users.id),
  transferredAt: timestamp('transferred_at', { withTimezone: true, mode: 'date' }),
  acceptedBy: uuid('accepted_by').references(() => users.id),
  acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
  returnReason: text('return_reason'),
  returnedAt: timestamp('returned_at', { withTimezone: true, mode: 'date' }),
  recheckDate: date('recheck_date', { mode: 'string' }),
  recheckRectified: boolean('recheck_rectified'),
  receiptNumber: varchar('receipt_number', { length: 100 }),
  receiptDate: date('receipt_date', { mode: 'string' }),
  outcome: text('outcome'),
  closedBy: uuid('closed_by').references(() => users.id),
  closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  rowVersion: integer('row_version').notNull().default(1),
}, (t) => [
  uniqueIndex('follow_ups_result_uq').on(t.resultId),
  index('follow_ups_owner_status_idx').on(t.ownerDepartmentId, t.status),
  index('follow_ups_receiver_status_idx').on(t.receiverDepartmentId, t.status),
]);

// ── 异议与复核 (issue #10 item 6; 威海第11条; migration 0031) ──

/** An entity's registered contact (a mobile number for sign-in codes). Never in a public answer. */
export const entityContacts = pgTable('entity_contacts', {
  entityId: bigint('entity_id', { mode: 'number' }).primaryKey().references(() => marketEntities.id),
  phone: varchar('phone', { length: 11 }).notNull(),
  /** 'staff' entered by a department, 'demo' the demo data. */
  source: varchar('source', { length: 16 }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  rowVersion: integer('row_version').notNull().default(1),
});

/** A sign-in code sent to the registered contact: only its SHA-256; 10 minutes, 5 attempts, used once. */
export const entitySignInCodes = pgTable('entity_sign_in_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  codeHash: varchar('code_hash', { length: 64 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  ip: varchar('ip', { length: 64 }),
}, (t) => [index('entity_sign_in_codes_entity_idx').on(t.entityId, t.createdAt)]);

/** An entity's session (its own cookie): scoped to that one entity, never a staff session. */
export const entitySessions = pgTable('entity_sessions', {
  tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  ip: varchar('ip', { length: 64 }),
});

/** An objection (异议) against a published result and its review (复核), decision and feedback (反馈). */
export const objections = pgTable('objections', {
  id: uuid('id').primaryKey().defaultRandom(),
  resultId: uuid('result_id').notNull().references(() => inspectionResults.id),
  entityId: bigint('entity_id', { mode: 'number' }).notNull().references(() => marketEntities.id),
  /** The result's department (reviews it) and region: the objection's data scope. */
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  regionCode: char('region_code', { length: 6 }).notNull(),
  /** 'online' 网上提交 | 'counter' 窗口受理 | 'mail' 邮寄. */
  channel: varchar('channel', { length: 16 }).notNull(),
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  contactName: varchar('contact_name', { length: 64 }),
  /** 'received' 已受理 | 'reviewing' 复核中 | 'upheld' 异议成立 | 'dismissed' 异议不成立 | 'answered' 已反馈. */
  status: varchar('status', { length: 16 }).notNull().default('received'),
  /** 20 working days from receipt; feedback 15 from the decision (until decided: the latest possible). */
  reviewDue: date('review_due', { mode: 'string' }).notNull(),
  feedbackDue: date('feedback_due', { mode: 'string' }).notNull(),
  dueProvisional: boolean('due_provisional').notNull().default(false),
  /** Null when the entity filed it online. */
  enteredBy: uuid('entered_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  reviewStartedBy: uuid('review_started_by').references(() => users.id),
  reviewStartedAt: timestamp('review_started_at', { withTimezone: true, mode: 'date' }),
  decisionComments: text('decision_comments'),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedOn: date('decided_on', { mode: 'string' }),
  /** The correction an upheld objection requested (result_corrections.source = 'objection'). */
  correctionId: uuid('correction_id').references(() => resultCorrections.id),
  feedback: text('feedback'),
  /** 'online' | 'sms' | 'phone' | 'mail' | 'counter'. */
  feedbackMethod: varchar('feedback_method', { length: 16 }),
  fedBackBy: uuid('fed_back_by').references(() => users.id),
  fedBackOn: date('fed_back_on', { mode: 'string' }),
  rowVersion: integer('row_version').notNull().default(1),
}, (t) => [
  index('objections_department_idx').on(t.departmentId, t.status),
  index('objections_entity_idx').on(t.entityId),
  uniqueIndex('objections_one_open_uq').on(t.resultId).where(sql`status IN ('received', 'reviewing')`),
]);

/** 异议的证明材料: files an entity attaches to its online objection (type from the content, ≤10 MB, SHA-256 stored). */
export const objectionAttachments = pgTable('objection_attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  objectionId: uuid('objection_id').notNull().references(() => objections.id),
  fileName: varchar('file_name', { length: 200 }).notNull(),
  mime: varchar('mime', { length: 64 }).notNull(),
  byteSize: integer('byte_size').notNull(),
  sha256: char('sha256', { length: 64 }).notNull(),
  content: bytea('content').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [index('objection_attachments_objection_idx').on(t.objectionId)]);

/**
 * 检查对象满意度评价 (issue #11 item 3): which published results their entity has evaluated — the once-only check and
 * the entity's 已评价. Deliberately shares no key or time with inspection_evaluations.
 */
export const inspectionEvaluationReceipts = pgTable('inspection_evaluation_receipts', {
  resultId: uuid('result_id').primaryKey().references(() => inspectionResults.id),
  evaluatedOn: date('evaluated_on', { mode: 'string' }).notNull(),
});

/**
 * An anonymous evaluation (scores 1–5, 5 非常满意) of an inspection by the inspected entity: no result, entity,
 * inspector or time, only what the aggregates are grouped by (the inspecting department, region, year of the check).
 */
export const inspectionEvaluations = pgTable('inspection_evaluations', {
  id: uuid('id').primaryKey().defaultRandom(),
  departmentId: uuid('department_id').notNull().references(() => departments.id),
  regionCode: char('region_code', { length: 6 }).notNull(),
  year: integer('year').notNull(),
  lawful: smallint('lawful').notNull(),
  civil: smallint('civil').notNull(),
  integrity: smallint('integrity').notNull(),
  efficiency: smallint('efficiency').notNull(),
  comment: varchar('comment', { length: 200 }),
}, (t) => [
  check('inspection_evaluations_scores_check', sql`${t.lawful} BETWEEN 1 AND 5 AND ${t.civil} BETWEEN 1 AND 5 AND ${t.integrity} BETWEEN 1 AND 5 AND ${t.efficiency} BETWEEN 1 AND 5`),
  index('inspection_evaluations_year_region_idx').on(t.year, t.regionCode),
]);

/**
 * 统计分析's counts kept per task (migration 0041, decision 0014): triggers on task_objects, inspection_results, teams,
 * team_members (and an entity's class, a task's year) mark the tasks a transaction touched; the next dashboard recounts
 * them (server/modules/statistics/maintained.ts). A mark carries its transaction id so writers never wait on each other.
 */
export const statisticsDirtyTasks = pgTable('statistics_dirty_tasks', {
  taskId: uuid('task_id').notNull(),
  txid: bigint('txid', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.taskId, t.txid] })]);

/**
 * A task's drawn objects (not the replaced ones) and their results, grouped by the due dates the overdue counts compare
 * with today when read (kept only for the rows still waiting on them, so the finished rows collapse into one group).
 */
export const statisticsTaskCounts = pgTable('statistics_task_counts', {
  taskId: uuid('task_id').notNull(),
  entryDue: date('entry_due', { mode: 'string' }),
  publishDue: date('publish_due', { mode: 'string' }),
  objects: integer('objects').notNull(),
  doneNoCheck: integer('done_no_check').notNull(),
  pendingWithoutResult: integer('pending_without_result').notNull(),
  entered: integer('entered').notNull(),
  submitted: integer('submitted').notNull(),
  entryOnTime: integer('entry_on_time').notNull(),
  published: integer('published').notNull(),
  publishedOnTime: integer('published_on_time').notNull(),
  reviewed: integer('reviewed').notNull(),
  problems: integer('problems').notNull(),
  notSubmitted: integer('not_submitted').notNull(),
  notEntered: integer('not_entered').notNull(),
  notPublished: integer('not_published').notNull(),
}, (t) => [index('statistics_task_counts_task_idx').on(t.taskId)]);

/** A task's results per credit class × the first two characters of the industry code. */
export const statisticsClassCounts = pgTable('statistics_class_counts', {
  taskId: uuid('task_id').notNull(),
  riskClass: varchar('risk_class', { length: 1 }),
  industryPrefix: varchar('industry_prefix', { length: 2 }),
  results: integer('results').notNull(),
  inspected: integer('inspected').notNull(),
  problems: integer('problems').notNull(),
}, (t) => [index('statistics_class_counts_task_idx').on(t.taskId)]);

/** A task's objects per active team member (not the replaced objects), the ones it leads and the ones entered. */
export const statisticsWorkloadCounts = pgTable('statistics_workload_counts', {
  taskId: uuid('task_id').notNull(),
  inspectorId: uuid('inspector_id').notNull(),
  objects: integer('objects').notNull(),
  leads: integer('leads').notNull(),
  completed: integer('completed').notNull(),
}, (t) => [primaryKey({ columns: [t.taskId, t.inspectorId] })]);

/**
 * The entities with two or more objects (not replaced) in the tasks of one year, per task: the burden of every other
 * drawn entity is one object, so the dashboard counts those from the task counts. No primary key: a recount deletes
 * an entity's rows and inserts them again in one statement (maintained.ts).
 */
export const statisticsRepeatObjects = pgTable('statistics_repeat_objects', {
  entityId: bigint('entity_id', { mode: 'number' }).notNull(),
  taskId: uuid('task_id').notNull(),
  year: integer('year').notNull(),
  objects: integer('objects').notNull(),
}, (t) => [index('statistics_repeat_objects_entity_idx').on(t.entityId), index('statistics_repeat_objects_task_idx').on(t.taskId)]);
