import { err, ok, type Result } from '../basics/result';
import rows from './data/gbt4754_2017.json';

/**
 * GB/T 4754-2017《国民经济行业分类》, all four levels (domain.md §4.5): 门类 section (letter A–T), 大类 division
 * (2 digits), 中类 group (3 digits, first 2 = its division), 小类 class (4 digits, first 3 = its group).
 *
 * Provenance of data/gbt4754_2017.json: transcribed from a public MySQL dump of the 2017 code table
 * (table `industry`, 1,772 rows, a `newoa` project dump dated 2020-07-17, found through the code-search
 * index), cross-checked for structure by industries.test.ts. That dump, like the standard's printed table,
 * shows an undivided 中类 only through its single 小类 ending in 0 (e.g. 0610 under 06); the 199 such
 * 中类 rows (061 …) are restored here with the 小类's name, as in the standard's table. Half-width
 * parentheses were normalized to full-width and stray spaces removed.
 * The table has 20 门类, 97 大类, 473 中类 and 1,381 小类; it includes 0532 畜禽粪污处理活动. Published
 * totals for 小类 differ (1,380 in the 2017 text, 1,381/1,382 after amendment No. 1 of 2019, §4.5);
 * the version is kept in {@link INDUSTRY_CLASSIFICATION_VERSION} so a revision can be loaded beside it.
 */
export const INDUSTRY_CLASSIFICATION_VERSION = 'GB/T 4754-2017';

export type IndustryLevel = 'section' | 'division' | 'group' | 'class';

export interface Industry {
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly level: IndustryLevel;
}

export interface IndustryError {
  readonly code: 'format' | 'unknown' | 'section_mismatch';
  readonly message: string;
}

type Row = readonly [string, string, string | null];

const LEVEL_BY_LENGTH: Readonly<Record<number, IndustryLevel>> = { 1: 'section', 2: 'division', 3: 'group', 4: 'class' };

const BY_CODE = new Map<string, Industry>();
const CHILDREN = new Map<string, Industry[]>();
const SECTION_OF_DIVISION = new Map<string, string>();

for (const [code, name, parentCode] of rows as unknown as readonly Row[]) {
  const industry: Industry = { code, name, parentCode, level: LEVEL_BY_LENGTH[code.length] as IndustryLevel };
  BY_CODE.set(code, industry);
  if (parentCode !== null) {
    const siblings = CHILDREN.get(parentCode);
    if (siblings) siblings.push(industry);
    else CHILDREN.set(parentCode, [industry]);
    if (industry.level === 'division') SECTION_OF_DIVISION.set(code, parentCode);
  }
}

function parentOf(industry: Industry | undefined): Industry | undefined {
  return industry === undefined || industry.parentCode === null ? undefined : BY_CODE.get(industry.parentCode);
}

/** Looks up a code exactly as the standard writes it ('C', '13', '131', '1311'). */
export function findIndustry(code: string): Industry | undefined {
  return BY_CODE.get(code);
}

/** Direct children in the standard's order (empty for 小类 and unknown codes). */
export function industryChildren(code: string): readonly Industry[] {
  return CHILDREN.get(code) ?? [];
}

/** Every entry of one level (or all entries), in the standard's order. */
export function listIndustries(level?: IndustryLevel): readonly Industry[] {
  const all = [...BY_CODE.values()];
  return level === undefined ? all : all.filter((i) => i.level === level);
}

/** 门类 → 大类 → 中类 → 小类 down to `code` (inclusive); empty for unknown codes. */
export function industryPath(code: string): readonly Industry[] {
  const out: Industry[] = [];
  let current = BY_CODE.get(code);
  while (current) {
    out.unshift(current);
    current = parentOf(current);
  }
  return out;
}

/**
 * The 门类 a code belongs to. Works from the code's first two digits (GB/T 4754-2017 §4: each 大类 belongs to
 * exactly one 门类, e.g. 13–43 → C), so it also answers for a 中类/小类 code not in the table, as long as
 * its 大类 exists. Accepts a section letter itself. Undefined when the 大类 is unknown.
 */
export function industrySectionOf(code: string): Industry | undefined {
  if (/^[A-T]$/.test(code)) return BY_CODE.get(code);
  const section = SECTION_OF_DIVISION.get(code.slice(0, 2));
  return section === undefined ? undefined : BY_CODE.get(section);
}

/**
 * Validates an industry code. Accepts the plain code ('6513') or the common section-prefixed form
 * ('I6513', 'I65'), which is normalized to the plain code after checking the letter. Returns the entry.
 */
export function validateIndustryCode(input: string): Result<Industry, IndustryError> {
  const raw = input.trim().toUpperCase();
  const match = /^([A-T]?)(\d{2,4})$/.exec(raw);
  if (raw.length === 1 && /^[A-T]$/.test(raw)) return ok(BY_CODE.get(raw) as Industry);
  if (!match) {
    return err({
      code: 'format',
      message: `行业代码格式不正确：应为门类字母（A–T）或2–4位数字（GB/T 4754-2017），实际为“${raw}”`,
    });
  }
  const [, letter, digits] = match as unknown as [string, string, string];
  const industry = BY_CODE.get(digits);
  if (!industry) {
    return err({ code: 'unknown', message: `行业代码“${digits}”不在《国民经济行业分类》（GB/T 4754-2017）中` });
  }
  const section = industrySectionOf(digits) as Industry;
  if (letter !== '' && letter !== section.code) {
    return err({
      code: 'section_mismatch',
      message: `行业代码“${raw}”的门类字母有误：${digits}属于门类${section.code}（${section.name}）`,
    });
  }
  return ok(industry);
}
