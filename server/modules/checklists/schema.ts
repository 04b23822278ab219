import { z } from 'zod';
import {
  CHANGE_REASONS, CHANGE_REASON_LABELS, CHECKLIST_KINDS, CHECKLIST_LEVELS, CODE_PATTERN, FIELD_LIMITS, ITEM_CATEGORIES,
  VERSION_STATUSES,
} from '../../../domain/checklist/types';
import { CHECK_METHOD_KEYS, CHECK_METHOD_WORDS } from '../../../domain/inspection/categories';
import { RowActions } from '../../http/row_actions';
import { optionalText, regionCodeField, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

const reasonList = CHANGE_REASONS.map((r) => `${r}（${CHANGE_REASON_LABELS[r]}）`).join('、');

export const ChecklistRow = z.object({
  id: z.string(),
  kind: z.enum(CHECKLIST_KINDS),
  kindLabel: z.string(),
  name: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  baseChecklistId: z.string().nullable(),
  baseChecklistName: z.string().nullable(),
  /** The version in force (现行), if any. */
  currentVersionId: z.string().nullable(),
  currentVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  /** The draft being edited, if any (only shown to those who may edit). */
  draftVersion: z.number().int().nullable(),
  /** 检查事项 in the version in force. */
  itemCount: z.number().int(),
  canEdit: z.boolean(),
  /** Some version was ever published: the list can no longer be deleted. */
  everPublished: z.boolean(),
  /** What the caller may do with this list (null) or why not. */
  actions: RowActions,
  createdAt: z.string(),
});
export type ChecklistRow = z.infer<typeof ChecklistRow>;
export const ChecklistPage = pageOf(ChecklistRow);

export const ChecklistQuery = z.object({
  name: z.string().trim().max(100).optional(),
  departmentId: uuidField('部门').optional(),
  regionCode: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }).optional(),
  ...pageQuery,
});
export type ChecklistQuery = z.infer<typeof ChecklistQuery>;

const checklistName = text('清单名称', 100, 2);

export const ChecklistCreateInput = z.object({
  name: checklistName,
  departmentId: uuidField('部门'),
  baseChecklistId: z.union([uuidField('上级清单'), z.null()]).optional().transform((v) => v ?? null),
});
export type ChecklistCreateInput = z.infer<typeof ChecklistCreateInput>;

export const JointChecklistCreateInput = z.object({
  name: checklistName,
  regionCode: regionCodeField,
  baseChecklistId: z.union([uuidField('上级清单'), z.null()]).optional().transform((v) => v ?? null),
});
export type JointChecklistCreateInput = z.infer<typeof JointChecklistCreateInput>;

export const ChecklistRenameInput = z.object({ name: checklistName });

export const VersionRow = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  statusLabel: z.string(),
  changeReason: z.enum(CHANGE_REASONS).nullable(),
  changeReasonLabel: z.string().nullable(),
  changeNote: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** All nodes (事项, 子项 and 内容). */
  nodeCount: z.number().int(),
});
export type VersionRow = z.infer<typeof VersionRow>;

export const ChecklistDetail = ChecklistRow.extend({ versions: z.array(VersionRow) });
export type ChecklistDetail = z.infer<typeof ChecklistDetail>;

export const ItemSource = z.object({
  checklistId: z.string(),
  checklistName: z.string(),
  departmentName: z.string().nullable(),
  version: z.number().int(),
  versionStatus: z.enum(VERSION_STATUSES),
  code: z.string(),
});

export const ItemRow = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  level: z.enum(CHECKLIST_LEVELS),
  code: z.string(),
  name: z.string(),
  category: z.enum(ITEM_CATEGORIES).nullable(),
  target: z.string().nullable(),
  methods: z.array(z.enum(CHECK_METHOD_KEYS)),
  subject: z.string().nullable(),
  basis: z.string().nullable(),
  resultOptions: z.array(z.string()),
  checkMethod: z.string().nullable(),
  yesWording: z.string().nullable(),
  noWording: z.string().nullable(),
  inherited: z.boolean(),
  source: ItemSource.nullable(),
});
export type ItemRow = z.infer<typeof ItemRow>;

export const IssueRow = z.object({ code: z.string().nullable(), field: z.string().nullable(), message: z.string() });

export const VersionDetail = VersionRow.extend({
  checklistId: z.string(),
  items: z.array(ItemRow),
  /** For a draft: what would stop it from being published (empty when it can be). */
  issues: z.array(IssueRow),
});
export type VersionDetail = z.infer<typeof VersionDetail>;

export const VersionParams = z.object({
  id: uuidField('清单编号'),
  version: z.coerce.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号从 1 开始' }).max(100_000),
});
export const ItemParams = VersionParams.extend({ itemId: uuidField('事项编号') });
export const DiffParams = VersionParams.extend({
  other: z.coerce.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号从 1 开始' }).max(100_000),
});

const optional = (label: string, max: number) => optionalText(label, max);

/** A node as the editor sends it; fields that do not apply to the level are ignored. */
export const ItemFields = z.object({
  code: z.string({ error: '编码必须是文本' }).trim().min(1, { error: '编码不能为空' }).max(FIELD_LIMITS.code, { error: `编码不能超过 ${FIELD_LIMITS.code} 个字符` })
    .regex(CODE_PATTERN, { error: '编码只能包含字母、数字、点、下划线或短横线' }),
  name: text('名称', FIELD_LIMITS.name),
  category: z.union([z.enum(ITEM_CATEGORIES, { error: '事项类别只能是 general（一般）或 key（重点）' }), z.null()]).optional().transform((v) => v ?? null),
  target: optional('检查对象', FIELD_LIMITS.target),
  methods: z.array(z.enum(CHECK_METHOD_KEYS, { error: `检查方式只能是 ${CHECK_METHOD_WORDS}` }), { error: '检查方式必须是列表' })
    .max(CHECK_METHOD_KEYS.length).optional().transform((v) => v ?? []),
  subject: optional('检查主体', FIELD_LIMITS.subject),
  basis: optional('检查依据', FIELD_LIMITS.basis),
  resultOptions: z.array(text('结果选项', FIELD_LIMITS.resultOption), { error: '结果选项必须是列表' }).max(FIELD_LIMITS.resultOptions, { error: `结果选项最多 ${FIELD_LIMITS.resultOptions} 项` })
    .optional().transform((v) => v ?? []),
  checkMethod: optional('检查方法', FIELD_LIMITS.checkMethod),
  yesWording: optional('“是”的表述', FIELD_LIMITS.wording),
  noWording: optional('“否”的表述', FIELD_LIMITS.wording),
});
export type ItemFields = z.infer<typeof ItemFields>;

export const ItemCreateInput = ItemFields.extend({
  /** null: a new 检查事项; otherwise the 检查事项 (for a 子项) or 检查子项 (for a 内容) to add below. */
  parentId: z.union([uuidField('上级'), z.null()]),
});
export type ItemCreateInput = z.infer<typeof ItemCreateInput>;

export const ReorderInput = z.object({
  parentId: z.union([uuidField('上级'), z.null()]),
  itemIds: z.array(uuidField('事项编号'), { error: '事项顺序必须是列表' }).min(1, { error: '请给出事项顺序' }).max(1000),
});

export const PublishInput = z.object({
  changeReason: z.enum(CHANGE_REASONS, { error: `变更原因只能是 ${reasonList}` }),
  changeNote: text('变更说明', 450, 2),
});
export type PublishInput = z.infer<typeof PublishInput>;

export const DiffFieldChange = z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() });
export const DiffResponse = z.object({
  from: z.number().int(),
  to: z.number().int(),
  rows: z.array(z.object({
    code: z.string(), level: z.enum(CHECKLIST_LEVELS), name: z.string(), depth: z.number().int(),
    status: z.enum(['added', 'removed', 'changed', 'unchanged']), changes: z.array(DiffFieldChange),
  })),
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
});

/** The shape every import answers with (the shared import dialog shows it); added = lines imported. */
export const ImportResult = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});

export const JointSourceList = z.array(z.object({
  checklistId: z.string(),
  checklistName: z.string(),
  departmentName: z.string().nullable(),
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  items: z.array(z.object({
    id: z.string(), code: z.string(), name: z.string(), category: z.enum(ITEM_CATEGORIES).nullable(), subject: z.string().nullable(),
    contentCount: z.number().int(), included: z.boolean(),
  })),
}));

export const JointAddInput = z.object({
  sourceItemIds: z.array(uuidField('检查事项'), { error: '请选择检查事项' }).min(1, { error: '请至少选择一个检查事项' }).max(200, { error: '一次最多选择 200 个检查事项' }),
});

/** 公示 of the lists in force: an explicit whitelist, nothing internal (no ids, no draft, no wording of the record form). */
export const PublicItem = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(CHECKLIST_LEVELS),
  levelLabel: z.string(),
  name: z.string(),
  categoryLabel: z.string().nullable(),
  target: z.string().nullable(),
  methodLabels: z.array(z.string()),
  subject: z.string().nullable(),
  basis: z.string().nullable(),
});
export const PublicChecklist = z.object({
  name: z.string(),
  kindLabel: z.string(),
  departmentName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
  changeReasonLabel: z.string().nullable(),
  changeNote: z.string().nullable(),
  items: z.array(PublicItem),
});
export type PublicChecklist = z.infer<typeof PublicChecklist>;
export const PublicChecklistQuery = z.object({ regionCode: regionCodeField });
/** A region with lists in force, for the public page's region choice. */
export const PublicChecklistRegion = z.strictObject({ code: z.string(), name: z.string() });
export type PublicChecklistRegion = z.infer<typeof PublicChecklistRegion>;
