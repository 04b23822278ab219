import { z } from 'zod';

export const RegionRow = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  level: z.number().int(),
  enabled: z.boolean(),
  hasChildren: z.boolean(),
});
export type RegionRow = z.infer<typeof RegionRow>;

/** Without parentCode: the top of the caller's scope (or provinces for 全部). With it: its children. */
export const RegionQuery = z.object({
  parentCode: z.string().regex(/^\d{6}$/, { error: '上级区划代码应为 6 位数字' }).optional(),
  keyword: z.string().trim().max(20, { error: '关键字不能超过 20 个字符' }).optional(),
});

export const RegionUpdate = z.object({ enabled: z.boolean({ error: '启用状态必须是 true 或 false' }) });
export const RegionParams = z.object({ code: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }) });
