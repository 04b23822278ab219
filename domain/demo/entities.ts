import { computeOrgCodeCheckChar, computeUsccCheckChar, USCC_CHARSET } from '../codes/uscc';
import { industrySectionOf, listIndustries, type Industry } from '../codes/industries';
import { regionFullName } from '../codes/regions';
import { businessScope, cooperativeScope } from './business_scope';
import { cooperativeName, enterpriseName, individualBusinessName } from './entity_names';
import {
  COMMON_ENTERPRISE_CLASSES,
  COOPERATIVE_CLASSES,
  ENTERPRISE_SECTIONS,
  INDIVIDUAL_CLASSES,
  UNCOMMON_CLASS_SHARE,
} from './industry_mix';
import { personName, randomGender } from './people';
import { BUILDINGS, DISTRICT_PROFILES, VILLAGES, type DistrictProfile } from './places';
import { Rng, Weighted, hashSeed } from './prng';
import type { CreditClass, DemoMarketEntity, EntityStatus, EntityType } from './types';

export interface DemoEntityOptions {
  readonly seed: string;
  readonly count: number;
  /** Latest registration date, 'YYYY-MM-DD'. Default 2026-06-30. */
  readonly asOf?: string;
}

export const DEFAULT_AS_OF = '2026-06-30';
export const MAX_DEMO_ENTITIES = 100_000_000;

/** National shares (SAMR 2024: about two thirds of 经营主体 are 个体工商户, ~1% cooperatives). */
const ENTITY_TYPE_MIX = new Weighted<EntityType>([['enterprise', 33], ['individual_business', 65], ['farmer_cooperative', 2]]);
const STATUS_MIX = new Weighted<EntityStatus>([
  ['active', 70], ['operating', 17], ['suspended', 3], ['deregistered', 7], ['revoked', 2], ['cancelled', 0.3], ['moved_out', 0.7],
]);
/** Roughly 20/60/15/5 % (domain.md §4.2). */
const CREDIT_MIX = new Weighted<CreditClass>([['A', 20], ['B', 60], ['C', 15], ['D', 5]]);
const ABNORMAL_RATE: Readonly<Record<CreditClass, number>> = { A: 0.002, B: 0.02, C: 0.12, D: 0.35 };
const SERIOUS_RATE: Readonly<Record<CreditClass, number>> = { A: 0, B: 0, C: 0.005, D: 0.08 };
const NO_COMPLAINT_RATE: Readonly<Record<CreditClass, number>> = { A: 0.93, B: 0.88, C: 0.75, D: 0.6 };

const ENTITY_DISTRICTS = new Weighted(DISTRICT_PROFILES.map((d) => [d, d.entityWeight] as const));
const COOPERATIVE_DISTRICTS = new Weighted(DISTRICT_PROFILES.map((d) => [d, d.cooperativeWeight] as const));
const INDIVIDUAL_MIX = new Weighted(INDIVIDUAL_CLASSES.map((c) => [c, c[1]] as const));
const COOPERATIVE_MIX = new Weighted(COOPERATIVE_CLASSES.map((c) => [c, c[1]] as const));

const CLASSES_BY_SECTION = new Map<string, string[]>();
for (const c of listIndustries('class')) {
  const section = (industrySectionOf(c.code) as Industry).code;
  const list = CLASSES_BY_SECTION.get(section);
  if (list) list.push(c.code);
  else CLASSES_BY_SECTION.set(section, [c.code]);
}

const FULL_NAMES = new Map(DISTRICT_PROFILES.map((d) => [d.code, regionFullName(d.code) as string] as const));

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Years 1995…asOf, weighted towards recent years (registrations grew steadily; faster for 个体工商户). */
function yearTable(lastYear: number, power: number): Weighted<number> {
  const entries: [number, number][] = [];
  for (let y = 1995; y <= lastYear; y += 1) entries.push([y, (y - 1993) ** power]);
  return new Weighted(entries);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function randomDate(rng: Rng, year: number, asOf: string): string {
  const lastMonth = year === Number(asOf.slice(0, 4)) ? Number(asOf.slice(5, 7)) : 12;
  const month = 1 + rng.int(lastMonth);
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0) ? 1 : 0;
  let last = (DAYS_IN_MONTH[month - 1] as number) + leap;
  if (year === Number(asOf.slice(0, 4)) && month === lastMonth) last = Math.min(last, Number(asOf.slice(8, 10)));
  return `${year}-${pad(month, 2)}-${pad(1 + rng.int(last), 2)}`;
}

/** (a·i + b) mod 10^8 without overflow: a bijection on [0, 10^8) because gcd(a, 10) = 1. */
function affine(i: number, a: number, b: number): number {
  const hi = Math.floor(a / 10_000);
  const lo = a % 10_000;
  const hiPart = ((hi * i) % 10_000) * 10_000;
  return (hiPart + ((lo * i) % 100_000_000) + b) % 100_000_000;
}

function base31(x: number, width: number): string {
  let s = '';
  let v = x;
  for (let k = 0; k < width; k += 1) {
    s = USCC_CHARSET.charAt(v % 31) + s;
    v = Math.floor(v / 31);
  }
  return s;
}

/**
 * 主体标识码 (positions 9–17): a GB 11714-valid organisation code, unique per entity index because it is
 * built from a bijection of the index. Entities registered after the 2015-10-01 三证合一 reform get the
 * 'MA'-prefixed codes issued since; older ones a numeric code.
 */
function organisationCode(index: number, a: number, b: number, registeredOn: string): string {
  const x = affine(index, a, b);
  const body = registeredOn >= '2015-10-01' ? `MA${base31(x, 6)}` : pad(x, 8);
  return body + computeOrgCodeCheckChar(body);
}

function address(rng: Rng, district: DistrictProfile, rural: boolean): string {
  const full = FULL_NAMES.get(district.code) as string;
  if (rural) return `${full}${rng.pick(district.towns)}${rng.pick(VILLAGES)}村${1 + rng.int(12)}组`;
  const base = `${full}${rng.pick(district.streets)}${1 + rng.int(3999)}号`;
  const r = rng.float();
  if (!district.isUrbanDistrict || r < 0.35) return base;
  if (r < 0.6) return `${base}${rng.pick(BUILDINGS)}${1 + rng.int(30)}栋${1 + rng.int(6)}单元${1 + rng.int(28)}0${1 + rng.int(4)}室`;
  if (r < 0.8) return `${base}${rng.pick(BUILDINGS)}${1 + rng.int(25)}层${pad(1 + rng.int(40), 2)}号`;
  return `${base}${1 + rng.int(20)}号门市`;
}

function complaints(rng: Rng, credit: CreditClass): number {
  if (rng.chance(NO_COMPLAINT_RATE[credit])) return 0;
  let n = 1;
  while (n < 30 && rng.chance(0.45)) n += 1;
  return n;
}

function enterpriseClass(rng: Rng): string {
  const section = ENTERPRISE_SECTIONS.pick(rng);
  if (rng.chance(UNCOMMON_CLASS_SHARE)) return rng.pick(CLASSES_BY_SECTION.get(section) as string[]);
  return (COMMON_ENTERPRISE_CLASSES[section] as Weighted<string>).pick(rng);
}

/**
 * Market entities one at a time, for scale runs (1,000,000 and more) without holding them all. Pure and
 * deterministic: the same options give the same sequence. USCCs are valid (GB 32100) and unique.
 */
export function* iterateDemoEntities(options: DemoEntityOptions): Generator<DemoMarketEntity, void, undefined> {
  const { seed, count } = options;
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  if (!Number.isInteger(count) || count < 0 || count > MAX_DEMO_ENTITIES) {
    throw new RangeError(`entity count must be a whole number from 0 to ${MAX_DEMO_ENTITIES}, got ${count}`);
  }
  const rng = new Rng(`${seed}/entities`);
  const [h1, h2] = hashSeed(`${seed}/organisation-codes`);
  let a = 10_000_001 + (h1 % 89_999_990);
  while (a % 2 === 0 || a % 5 === 0) a += 1;
  const b = h2 % 100_000_000;
  const lastYear = Number(asOf.slice(0, 4));
  const enterpriseYears = yearTable(lastYear, 1.6);
  const individualYears = yearTable(lastYear, 2.2);

  for (let i = 0; i < count; i += 1) {
    const entityType = ENTITY_TYPE_MIX.pick(rng);
    const gender = randomGender(rng, 0.62);
    const legalRepresentative = personName(rng, gender);
    let district: DistrictProfile;
    let industryCode: string;
    let name: string;
    let scope: string;
    let rural = false;
    const year = (entityType === 'individual_business' ? individualYears : enterpriseYears).pick(rng);
    const registeredOn = randomDate(rng, Math.max(year, entityType === 'farmer_cooperative' ? 2007 : 1995), asOf);
    if (entityType === 'farmer_cooperative') {
      district = COOPERATIVE_DISTRICTS.pick(rng);
      const [code, , product, activity] = COOPERATIVE_MIX.pick(rng);
      industryCode = code;
      name = cooperativeName(rng, district, product, activity);
      scope = cooperativeScope(product, activity, registeredOn);
      rural = true;
    } else if (entityType === 'individual_business') {
      district = ENTITY_DISTRICTS.pick(rng);
      const [code, , nouns] = INDIVIDUAL_MIX.pick(rng);
      industryCode = code;
      name = individualBusinessName(rng, district, legalRepresentative.charAt(0), nouns);
      scope = businessScope(rng, code, registeredOn);
      rural = code === '0141';
    } else {
      district = ENTITY_DISTRICTS.pick(rng);
      industryCode = enterpriseClass(rng);
      name = enterpriseName(rng, district, industryCode);
      scope = businessScope(rng, industryCode, registeredOn);
      rural = industryCode < '0600' && !district.isUrbanDistrict && rng.chance(0.7);
    }
    const typeDigit = entityType === 'enterprise' ? '1' : entityType === 'individual_business' ? '2' : '3';
    const first17 = `9${typeDigit}${district.code}${organisationCode(i, a, b, registeredOn)}`;
    const creditClass = CREDIT_MIX.pick(rng);
    yield {
      key: `ent-${pad(i + 1, 7)}`,
      uscc: first17 + computeUsccCheckChar(first17),
      name,
      entityType,
      legalRepresentative,
      address: address(rng, district, rural),
      regionCode: district.code,
      industryCode,
      businessScope: scope,
      registeredOn,
      status: STATUS_MIX.pick(rng),
      creditClass,
      onAbnormalList: rng.chance(ABNORMAL_RATE[creditClass]),
      onSeriousViolationList: rng.chance(SERIOUS_RATE[creditClass]),
      complaintCount: complaints(rng, creditClass),
    };
  }
}
