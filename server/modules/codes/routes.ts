/**
 * The shipped code tables for pickers: GB/T 4754-2017 industries level by level (a lazy tree / cascader), or found
 * by code or name. Regions have their own scoped API (/api/system/regions).
 */
import { z } from 'zod';
import { findIndustry, industryChildren, industryPath, listIndustries, type Industry } from '../../../domain/codes/industries';
import type { AppServices, TypedApp } from '../../http/app';
import { errorResponses, notFound } from '../../http/errors';

const IndustryOption = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['section', 'division', 'group', 'class']),
  isLeaf: z.boolean(),
  /** 门类 → … → this, for search results ("F 批发和零售业 / 51 批发业 / …"). */
  path: z.array(z.object({ code: z.string(), name: z.string() })),
});

const IndustryQuery = z.object({
  parent: z.string().trim().regex(/^([A-T]|\d{2,3})$/, { error: '上级行业代码应为门类字母或 2–3 位数字' }).optional(),
  keyword: z.string().trim().min(1).max(20, { error: '关键字不能超过 20 个字' }).optional(),
});

function option(industry: Industry): z.infer<typeof IndustryOption> {
  return {
    code: industry.code, name: industry.name, level: industry.level, isLeaf: industryChildren(industry.code).length === 0,
    path: industryPath(industry.code).map((i) => ({ code: i.code, name: i.name })),
  };
}

const MAX_MATCHES = 50;

export function registerCodeRoutes(app: TypedApp, _services: AppServices): void {
  app.get('/api/codes/industries', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['代码表'], summary: '国民经济行业分类（GB/T 4754-2017）：不带参数为门类，parent 为其下级，keyword 按代码或名称查找（最多 50 条）',
      querystring: IndustryQuery, response: { 200: z.array(IndustryOption), ...errorResponses },
    },
  }, async (request) => {
    const { parent, keyword } = request.query;
    if (keyword) {
      const upper = keyword.toUpperCase();
      return listIndustries().filter((i) => i.code.startsWith(upper) || i.name.includes(keyword)).slice(0, MAX_MATCHES).map(option);
    }
    if (!parent) return listIndustries('section').map(option);
    if (!findIndustry(parent)) throw notFound('上级行业');
    return industryChildren(parent).map(option);
  });
}
