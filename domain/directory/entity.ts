import { err, ok, type Result } from '../basics/result';
import type { DateOnly } from '../calendar/civil_date';
import { findIndustry, industryChildren, validateIndustryCode } from '../codes/industries';
import { validateRegionCode } from '../codes/regions';
import { normalizeCodeInput, validateEntityCode, validateUscc } from '../codes/uscc';
import { regionPrefix, scopeAllows, type DataScope } from '../access/data_scope';
import { ENTITY_TYPES, isMarketSubject, type CodeType, type EntityType } from './entity_lists';

/**
 * 检查对象名录库 (entity directory): the rules a record must keep (the closed lists are in entity_lists.ts).
 * Market subjects carry a 统一社会信用代码 (GB 32100) or the legacy 15-digit 注册号; other objects may carry their
 * own identifier. 渝北 二(三): 「谁建立、谁使用、谁维护」 — a record is maintained by the department that registered it.
 */

export * from './entity_lists';

/** GB 32100-2015 附录A: positions 1–2 of a USCC name the kind of organisation; used when a file leaves 主体类型 blank. */
export function entityTypeFromUscc(uscc: string): EntityType | null {
  switch (uscc.slice(0, 2)) {
    case '91': return 'enterprise';
    case '92': return 'individual_business';
    case '93': return 'farmer_cooperative';
    case '11': return 'government_agency';
    case '12': return 'public_institution';
    case '51': case '52': case '53': return 'social_organization';
    default: return null;
  }
}

export interface EntityRuleError {
  readonly field: 'code' | 'entityType' | 'regionCode' | 'industryCode' | 'registeredOn' | 'name';
  readonly message: string;
}

const OTHER_ID = /^[0-9A-Z][0-9A-Z\-_/.()]{1,31}$/;

/**
 * The identifier of a directory record. 市场主体 need a valid 统一社会信用代码 (GB 32100 check character) or
 * 注册号 (GS15-2006 check digit); other objects may use their USCC (事业单位、社会组织 have one, and an
 * 18-character code is checked as such) or their own identifier (2–32 letters, digits, - _ / . ( )).
 */
export function validateEntityIdentifier(input: string, type: EntityType): Result<{ code: string; codeType: CodeType }, EntityRuleError> {
  if (isMarketSubject(type)) {
    const r = validateEntityCode(input);
    if (!r.ok) return err({ field: 'code', message: r.error.message });
    return ok({ code: r.value.code, codeType: r.value.kind });
  }
  const compact = normalizeCodeInput(input);
  if (compact.length === 18) {
    const r = validateUscc(compact);
    return r.ok ? ok({ code: r.value, codeType: 'uscc' }) : err({ field: 'code', message: r.error.message });
  }
  const code = keepHyphens(input);
  if (code === '') return err({ field: 'code', message: '代码/标识不能为空' });
  if (!OTHER_ID.test(code)) return err({ field: 'code', message: `「${ENTITY_TYPES[type]}」的标识应为 2–32 位字母、数字或 - _ / . ( )，实际为“${code.slice(0, 40)}”` });
  return ok({ code, codeType: 'other' });
}

/** Like normalizeCodeInput (full-width → half-width, upper case, no spaces) but keeps hyphens, which other identifiers use. */
function keepHyphens(input: string): string {
  let out = '';
  for (const ch of input.trim()) {
    const cp = ch.charCodeAt(0);
    const half = cp >= 0xff01 && cp <= 0xff5e ? String.fromCharCode(cp - 0xfee0) : ch;
    if (half === ' ' || half === '\u3000' || half === '\t') continue;
    out += half;
  }
  return out.toUpperCase();
}

/** A region code for a record: six digits and present in the shipped GB/T 2260 table. */
export function validateEntityRegion(input: string): Result<string, EntityRuleError> {
  const r = validateRegionCode(input);
  return r.ok ? ok(r.value.code) : err({ field: 'regionCode', message: r.error.message });
}

/**
 * A record's industry: a GB/T 4754-2017 code of at least 大类 level, stored as its digits ('F5121' → '5121'), which is
 * how the 专项库 candidate search reads it. A 门类 letter alone is too coarse to place an entity.
 */
export function validateEntityIndustry(input: string): Result<string, EntityRuleError> {
  const r = validateIndustryCode(input);
  if (!r.ok) return err({ field: 'industryCode', message: r.error.message });
  if (r.value.level === 'section') return err({ field: 'industryCode', message: `行业代码须细到大类（2 位数字）以下，“${input.trim()}”只是门类` });
  return ok(r.value.code);
}

/** The stored-code prefixes an industry filter of any level matches: a 门类 becomes its 大类 codes ('F' → '51', '52'). */
export function industryFilterPrefixes(input: string): Result<readonly string[], EntityRuleError> {
  const r = validateIndustryCode(input);
  if (!r.ok) return err({ field: 'industryCode', message: r.error.message });
  return ok(r.value.level === 'section' ? industryChildren(r.value.code).map((d) => d.code) : [r.value.code]);
}

export function industryName(code: string | null): string | null {
  return code === null ? null : findIndustry(code)?.name ?? null;
}

/** 成立日期 (already a calendar date): not after `today`, not before 1949. */
export function checkRegisteredOn(date: DateOnly, today: DateOnly): Result<DateOnly, EntityRuleError> {
  if (date > today) return err({ field: 'registeredOn', message: `成立日期 ${date} 晚于今天` });
  if (date < '1949-01-01') return err({ field: 'registeredOn', message: `成立日期 ${date} 早于 1949 年` });
  return ok(date);
}

/** 是/否 cells: 是 Y yes true 1 / 否 N no false 0; blank is null (keep the stored value). */
export function parseYesNo(input: string): Result<boolean | null, string> {
  const v = input.trim().toLowerCase();
  if (v === '') return ok(null);
  if (['是', 'y', 'yes', 'true', '1'].includes(v)) return ok(true);
  if (['否', 'n', 'no', 'false', '0'].includes(v)) return ok(false);
  return err(`只能填写 是 或 否，实际为“${input.trim().slice(0, 10)}”`);
}

/**
 * How a name filter is searched, measured at 1M rows (bench/import_bench.ts):
 * - `initials`: ASCII letters only → the stored 拼音首字母 (1–2 letters: the start of the name, by its btree; 3+
 *   letters: anywhere, by its trigram index);
 * - `pieces`: 2+ characters → the keys of the search's pieces (of four characters from four on, else of two) must be
 *   among the name's stored keys (name_bigram_keys, GIN-indexed; domain/directory/name_bigrams.ts), then `like` checks
 *   the order. One index serves two-character and longer searches
 *   alike (pg_trgm cannot index fewer than three characters, and splits words at punctuation such as （）), so a
 *   million-row import builds one name index instead of two;
 * - `single`: one character → one pass reading at most 1,001 matching ids (the page is cut from them and the count
 *   stops there, "1,000+").
 */
export type NameSearchMode = 'initials' | 'pieces' | 'single';

export function nameSearchMode(text: string): NameSearchMode {
  if (/^[A-Za-z]+$/.test(text)) return 'initials';
  return [...text].length >= 2 ? 'pieces' : 'single';
}

/**
 * Who may SEE directory records: draws need every department to see the objects of its own region, whatever
 * its data scope for other resources. So the caller's scope is widened by the region of their department
 * (本区域及下级); a department-scoped user still also sees the records their department maintains elsewhere.
 */
export function directoryReadScope(scope: DataScope, departmentRegionCode: string | null): DataScope {
  if (scope.kind === 'all' || departmentRegionCode === null) return scope;
  const prefix = regionPrefix(departmentRegionCode);
  if (scope.regionPrefixes.some((p) => prefix.startsWith(p))) return scope;
  return { ...scope, regionPrefixes: [...scope.regionPrefixes, prefix].sort() };
}

/**
 * Whether a caller may put a record in this region with this owner (create, edit, import): the region must lie in
 * the caller's own area (the regions of the read scope, not just any place a department they own records in), and
 * the caller must still be allowed to edit the record (owner department, or region in their own scope). Null when allowed.
 */
export function placementProblem(readScope: DataScope, editScope: DataScope, regionCode: string, ownerDepartmentId: string): string | null {
  if (readScope.kind === 'limited' && !readScope.regionPrefixes.some((p) => regionCode.startsWith(p))) {
    return `行政区划 ${regionCode} 不在您所在区域内，不能登记或移入该区划的检查对象`;
  }
  if (!scopeAllows(editScope, { regionCode, departmentId: ownerDepartmentId, ownerUserId: null })) return '登记机关须为您本部门（或您数据权限范围内的部门）';
  return null;
}

/** Inspections this calendar year: the stored counter counts only in the year it was last written for. */
export function inspectionsInYear(count: number, countedYear: number | null, year: number): number {
  return countedYear === year ? count : 0;
}

/**
 * The fields of a directory record that may ever be published (public portal, open data): never the risk class,
 * complaints, the maintaining department's internal id, or the legal representative's name (privacy).
 */
export const PUBLIC_ENTITY_FIELDS = ['code', 'name', 'entityType', 'regionCode', 'industryCode', 'status', 'registeredOn', 'address'] as const;
export type PublicEntityField = (typeof PUBLIC_ENTITY_FIELDS)[number];
export type PublicEntity = { readonly [K in PublicEntityField]: string | null };

/** Copies only the {@link PUBLIC_ENTITY_FIELDS} of a record: the one way a record leaves the platform. */
export function toPublicEntity(record: Readonly<Record<PublicEntityField, string | null>>): PublicEntity {
  const out: Record<string, string | null> = {};
  for (const field of PUBLIC_ENTITY_FIELDS) out[field] = record[field];
  return out as PublicEntity;
}
