import { err, ok, type Result } from '../basics/result';
import { industryChildren, validateIndustryCode } from '../codes/industries';

/**
 * 专项库 辅助建库 (长春第7条): 「有关部门不能建立执法检查对象名录库的，可利用协同监管平台通过设置国民经济行业分类和
 * 经营范围关键字等，辅助产生执法检查对象名录库，经有关部门审核确认后实施」. The platform proposes candidates by
 * GB/T 4754-2017 codes (any level) and 经营范围 keywords; the department removes what does not belong and
 * confirms, which makes a new version of the tag.
 */

export const MAX_TAG_INDUSTRY_CODES = 50;
export const MAX_TAG_KEYWORDS = 20;
export const MAX_TAG_KEYWORD_LENGTH = 20;

export interface TagCriteria {
  /** Industry codes as entered: a 门类 letter or a 2–4 digit code ('C', '13', '131', '1311'; 'C13' is read as '13'). */
  readonly industryCodes: readonly string[];
  /** 经营范围 keywords; an entity matches when its business scope contains any of them. */
  readonly keywords: readonly string[];
}

export interface NormalisedCriteria {
  readonly industryCodes: readonly string[];
  readonly keywords: readonly string[];
  /**
   * The prefixes of the stored 4-digit 小类 codes that match: a 门类 letter becomes its 大类 codes, and a
   * prefix already covered by a shorter one is dropped.
   */
  readonly industryPrefixes: readonly string[];
}

export interface CriteriaError {
  readonly field: 'industryCodes' | 'keywords';
  readonly message: string;
}

/** Validates and normalises the proposal criteria; at least one code or keyword is needed. */
export function normaliseTagCriteria(criteria: TagCriteria): Result<NormalisedCriteria, CriteriaError> {
  const codes: string[] = [];
  for (const input of criteria.industryCodes) {
    const checked = validateIndustryCode(input);
    if (!checked.ok) return err({ field: 'industryCodes', message: checked.error.message });
    if (!codes.includes(checked.value.code)) codes.push(checked.value.code);
  }
  if (codes.length > MAX_TAG_INDUSTRY_CODES) return err({ field: 'industryCodes', message: `行业代码最多 ${MAX_TAG_INDUSTRY_CODES} 个` });
  const keywords: string[] = [];
  for (const raw of criteria.keywords) {
    const keyword = raw.trim();
    if (keyword === '') continue;
    if (keyword.length > MAX_TAG_KEYWORD_LENGTH) return err({ field: 'keywords', message: `关键字「${keyword.slice(0, 10)}…」超过 ${MAX_TAG_KEYWORD_LENGTH} 个字` });
    if (!keywords.includes(keyword)) keywords.push(keyword);
  }
  if (keywords.length > MAX_TAG_KEYWORDS) return err({ field: 'keywords', message: `经营范围关键字最多 ${MAX_TAG_KEYWORDS} 个` });
  if (codes.length === 0 && keywords.length === 0) return err({ field: 'industryCodes', message: '请至少填写一个行业代码或经营范围关键字' });
  const expanded = codes.flatMap((code) => (/^[A-T]$/.test(code) ? industryChildren(code).map((d) => d.code) : [code]));
  const industryPrefixes = [...new Set(expanded)].sort()
    .filter((p, _i, all) => !all.some((q) => q !== p && p.startsWith(q)));
  return ok({ industryCodes: codes, keywords, industryPrefixes });
}
