import { parseDateOnly } from '../calendar/civil_date';
import { childrenOf, findRegion, regionFullName, type Region } from '../codes/regions';
import { demoDepartments } from './departments';
import { DEFAULT_AS_OF, iterateDemoEntities } from './entities';
import { CHANGCHUN_CODE } from './places';
import { Rng } from './prng';
import { demoExperts, demoInspectors, demoUsers } from './staff';
import type { DemoCity, DemoData, DemoRegion } from './types';

export interface DemoDataOptions {
  /** Any string; the same seed gives byte-identical output. */
  readonly seed: string;
  /** Number of market entities (default 20,000). For 10^6 and more use iterateDemoEntities. */
  readonly entities?: number;
  /** The data set's "today": latest registration date, certificate expiry reference. Default 2026-06-30. */
  readonly asOf?: string;
  /** Size of the expert pool (default 80). */
  readonly experts?: number;
}

export const DEFAULT_ENTITY_COUNT = 20_000;

function demoRegion(code: string): DemoRegion {
  // 220100 and its children are guaranteed by scripts/build_regions.ts.
  return { code, name: (findRegion(code) as Region).name, fullName: regionFullName(code) as string };
}

/** 长春市 220100 and its districts, from the region table. */
export function demoCity(): DemoCity {
  return { ...demoRegion(CHANGCHUN_CODE), districts: childrenOf(CHANGCHUN_CODE).map((r) => demoRegion(r.code)) };
}

/**
 * The whole demo data set for 长春市: departments at city and district level with the 双随机办, their
 * inspectors, an expert pool, one user per role and department, and `entities` market entities.
 * Pure and deterministic (seeded PRNG; no clock): JSON.stringify of two runs with the same options is equal.
 */
export function generateDemoData(options: DemoDataOptions): DemoData {
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const parsed = parseDateOnly(asOf);
  if (!parsed.ok) throw new RangeError(parsed.error.message);
  const rng = new Rng(`${options.seed}/organisation`);
  const departments = demoDepartments();
  const inspectors = demoInspectors(rng, departments, asOf);
  const experts = demoExperts(rng, options.experts ?? 80);
  const users = demoUsers(rng, departments, inspectors, asOf);
  const entities = [...iterateDemoEntities({ seed: options.seed, count: options.entities ?? DEFAULT_ENTITY_COUNT, asOf })];
  return { seed: options.seed, asOf, city: demoCity(), departments, inspectors, experts, users, entities };
}
