/**
 * Shapes of the 公示 portal's own public routes (issue #11 item 1): published annual plans, tasks with their
 * 实施方案 and draw/matching links, and the open-data index. Only what the local rules make public: names, dates,
 * departments, check items and methods — never a ratio per credit class, an entity's class, a phone number or a user.
 */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../http/paging';

const yearField = z.coerce.number({ error: '年度必须是数字' }).int({ error: '年度必须是整数' }).min(2000, { error: '年度不早于 2000 年' }).max(2100, { error: '年度不晚于 2100 年' });
const keywordField = z.string().trim().max(100, { error: '关键词不能超过 100 个字符' });

export const PublicPlanQuery = z.object({ year: yearField.optional(), keyword: keywordField.optional(), ...pageQuery });
export const PublicPlannedTask = z.object({
  key: z.string(), name: z.string(), windowStart: z.string(), windowEnd: z.string(), frequency: z.number().int(),
  methods: z.array(z.string()), items: z.array(z.object({ code: z.string(), name: z.string() })),
});
export const PublicPlanRow = z.object({
  id: z.string(), name: z.string(), year: z.number().int(), kind: z.string(), leadDepartmentName: z.string(),
  participatingDepartmentNames: z.array(z.string()), regionCode: z.string(), version: z.number().int(),
  summary: z.string(), tasks: z.array(PublicPlannedTask), status: z.string(),
});
export type PublicPlanRow = z.infer<typeof PublicPlanRow>;
export const PublicPlanPage = pageOf(PublicPlanRow);

export const PublicTaskQuery = z.object({ year: yearField.optional(), keyword: keywordField.optional(), ...pageQuery });
export const PublicTaskRow = z.object({
  id: z.string(), code: z.string(), name: z.string(), year: z.number().int(), kind: z.string(), planName: z.string().nullable(),
  leadDepartmentName: z.string(), participatingDepartmentNames: z.array(z.string()), regionCode: z.string(),
  periodStart: z.string(), periodEnd: z.string(), status: z.string(), publishedAt: z.string(),
  /** The published draw (its receipt is public), or null before it is published. */
  publishedDrawId: z.string().nullable(),
  matchingPublished: z.boolean(),
});
export type PublicTaskRow = z.infer<typeof PublicTaskRow>;
export const PublicTaskPage = pageOf(PublicTaskRow);

/** 实施方案 as published: items, methods, the pool's regions, targeting in words, team rules, draws. */
export const PublicTaskDetail = PublicTaskRow.extend({
  items: z.array(z.object({ code: z.string(), name: z.string() })),
  methods: z.array(z.string()),
  regionCodes: z.array(z.string()),
  targeting: z.string(),
  stratified: z.boolean(),
  annualCap: z.number().int(),
  teamSize: z.number().int(),
  draws: z.array(z.object({ id: z.string(), attempt: z.number().int(), status: z.string(), committedAt: z.string().nullable(), publishedAt: z.string().nullable(), selectedCount: z.number().int().nullable() })),
});
export type PublicTaskDetail = z.infer<typeof PublicTaskDetail>;
export const TaskParams = z.object({ taskId: z.uuid({ error: '任务编号格式不正确' }) });

export const OpenDataQuery = z.object({
  year: yearField,
  departmentId: z.uuid({ error: '部门编号格式不正确' }).optional(),
});
/** Every downloadable file (year × department × format) with its rows, size and SHA-256, as served now. */
export const OpenDataManifest = z.object({
  schemaVersion: z.literal('suiji-open-results/1'),
  files: z.array(z.object({
    year: z.number().int(), departmentId: z.string(), departmentName: z.string(), format: z.enum(['csv', 'json']), url: z.string(),
    rows: z.number().int(), bytes: z.number().int(), sha256: z.string(),
  })),
});
export type OpenDataManifest = z.infer<typeof OpenDataManifest>;
export const OpenDataIndex = z.object({
  rows: z.array(z.object({ year: z.number().int(), departmentId: z.string(), departmentName: z.string(), results: z.number().int() })),
  schemaVersion: z.literal('suiji-open-results/1'),
});
