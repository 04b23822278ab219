import { z } from 'zod';
import { MAX_TAG_INDUSTRY_CODES, MAX_TAG_KEYWORDS } from '../../../domain/directory/entity_tag';
import { RowActions } from '../../http/row_actions';
import { optionalText, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

export const EntityTagRow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  departmentId: z.string(),
  departmentName: z.string(),
  regionCode: z.string(),
  /** The confirmed version in force; null until the first confirmation. */
  currentVersion: z.number().int().nullable(),
  memberCount: z.number().int(),
  confirmedAt: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  /** Whether the caller may change the tag (only its department may: others see and filter by it). */
  canEdit: z.boolean(),
  /** What the caller may do with the tag (null) or why not. */
  actions: RowActions,
  createdAt: z.string(),
});
export type EntityTagRow = z.infer<typeof EntityTagRow>;
export const EntityTagPage = pageOf(EntityTagRow);

export const EntityTagFilters = z.object({
  name: z.string().trim().max(60).optional(),
  departmentId: uuidField('部门').optional(),
});
export const EntityTagQuery = EntityTagFilters.extend(pageQuery);
export type EntityTagQuery = z.infer<typeof EntityTagQuery>;

export const EntityTagOption = z.object({ id: z.string(), name: z.string(), departmentName: z.string(), currentVersion: z.number().int().nullable() });
export type EntityTagOption = z.infer<typeof EntityTagOption>;

export const EntityTagCreateInput = z.object({
  name: text('专项库名称', 60, 2),
  description: optionalText('说明', 300),
  /** The owning department; the caller's own by default. */
  departmentId: uuidField('部门').optional(),
});
export type EntityTagCreateInput = z.infer<typeof EntityTagCreateInput>;
export const EntityTagUpdateInput = EntityTagCreateInput.omit({ departmentId: true });
export type EntityTagUpdateInput = z.infer<typeof EntityTagUpdateInput>;

const industryCodes = z.array(z.string({ error: '行业代码必须是文本' }).trim().max(5, { error: '行业代码不能超过 5 个字符' }), { error: '行业代码应为数组' })
  .max(MAX_TAG_INDUSTRY_CODES, { error: `行业代码最多 ${MAX_TAG_INDUSTRY_CODES} 个` }).default([]);
const keywords = z.array(z.string({ error: '关键字必须是文本' }).max(40, { error: '关键字过长' }), { error: '经营范围关键字应为数组' })
  .max(MAX_TAG_KEYWORDS, { error: `经营范围关键字最多 ${MAX_TAG_KEYWORDS} 个` }).default([]);

export const TagCriteriaInput = z.object({
  industryCodes,
  keywords,
  /** Also propose 注销/吊销/撤销/迁出 entities (off by default). */
  includeInactive: z.boolean({ error: '是否包含已注销等主体必须是布尔值' }).default(false),
});

export const ProposeInput = TagCriteriaInput.extend({
  page: z.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(100_000).default(1),
  pageSize: z.number({ error: '每页条数必须是数字' }).int().min(1).max(200, { error: '每页最多 200 条' }).default(20),
});
export type ProposeInput = z.infer<typeof ProposeInput>;

export const ConfirmInput = TagCriteriaInput.extend({
  /** Candidates the department removed because they do not belong. */
  excludedEntityIds: z.array(z.number({ error: '检查对象编号必须是数字' }).int().positive(), { error: '排除的检查对象应为数组' })
    .max(10_000, { error: '一次最多排除 10000 个检查对象' }).default([]),
  note: optionalText('确认说明', 200),
});
export type ConfirmInput = z.infer<typeof ConfirmInput>;

export const CandidateRow = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  /** 行政区划 name (朝阳区), shown instead of the code. */
  regionName: z.string().nullable(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  businessScope: z.string().nullable(),
  status: z.string(),
  matchedIndustry: z.boolean(),
  matchedKeyword: z.boolean(),
  /** Already a member of the version in force. */
  inCurrentVersion: z.boolean(),
});
export type CandidateRow = z.infer<typeof CandidateRow>;

export const ProposalCounts = z.object({
  total: z.number().int(),
  matchedIndustry: z.number().int(),
  matchedKeyword: z.number().int(),
  inCurrentVersion: z.number().int(),
  currentMemberCount: z.number().int(),
});
export const ProposalPage = pageOf(CandidateRow).extend({
  counts: ProposalCounts,
  regionPrefix: z.string(),
  /** The name of the region the candidates come from (the owning department's: 长春市). */
  regionName: z.string().nullable(),
  industryPrefixes: z.array(z.string()),
});
export type ProposalPage = z.infer<typeof ProposalPage>;

export const TagVersionRow = z.object({
  id: z.string(),
  version: z.number().int(),
  criteria: z.object({
    industryCodes: z.array(z.string()),
    keywords: z.array(z.string()),
    includeInactive: z.boolean(),
    regionPrefix: z.string(),
    excludedEntityIds: z.array(z.number().int()),
    note: z.string().nullable(),
  }),
  memberCount: z.number().int(),
  confirmedAt: z.string(),
  confirmedBy: z.string(),
  confirmedByName: z.string().nullable(),
  current: z.boolean(),
});
export type TagVersionRow = z.infer<typeof TagVersionRow>;
export type TagVersionCriteria = TagVersionRow['criteria'];

export const TagVersionParams = z.object({ id: uuidField('编号'), version: z.coerce.number({ error: '版本号必须是数字' }).int().min(1, { error: '版本号从 1 开始' }) });

export const MemberRow = z.object({
  id: z.number().int(), code: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string().nullable(), industryCode: z.string().nullable(),
  industryName: z.string().nullable(), status: z.string(),
});
export type MemberRow = z.infer<typeof MemberRow>;
export const MemberPage = pageOf(MemberRow);
export const MemberQuery = z.object({ name: z.string().trim().max(100).optional() }).extend(pageQuery);
export type MemberQuery = z.infer<typeof MemberQuery>;
