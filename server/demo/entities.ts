/**
 * Demo market entities: the deterministic generator's iterator (domain/demo/entities.ts) streamed into
 * market_entities with INSERT … SELECT FROM unnest(…) batches, so 20,000 load in seconds and 1,000,000 without
 * holding them in memory. Each entity is maintained by its district's 市场监督管理局 (its registration authority).
 * A few have been inspected: last year and, for some, this year (the stored counters the directory shows).
 */
import { sql } from 'drizzle-orm';
import { departmentKey } from '../../domain/demo/departments';
import { DEFAULT_AS_OF, iterateDemoEntities } from '../../domain/demo/entities';
import { CHANGCHUN_CODE } from '../../domain/demo/places';
import { Rng } from '../../domain/demo/prng';
import type { DemoMarketEntity } from '../../domain/demo/types';
import { keysLiteral, nameBigramKeys } from '../../domain/directory/name_bigrams';
import { nameInitials } from '../../domain/directory/name_initials';
import type { Db } from '../db/database';
import { marketEntities } from '../db/schema';
import { flushNamePieceIndex } from '../modules/entities/name_piece_stats';
import type { DemoStep } from './load_demo';

export interface DemoEntityLoad {
  readonly seed: string;
  readonly entities: number;
  /** Demo department key → department id. */
  readonly departmentsByKey: ReadonlyMap<string, string>;
  /** The data set's "today" (default the generator's). */
  readonly asOf?: string;
  readonly batchSize?: number;
}

interface Inspection {
  lastInspectedOn: string | null;
  inspectionsThisYear: number;
  inspectionsYear: number | null;
}

/** About 6% inspected last year, 2% (one or two checks) this year, before asOf. */
function inspection(rng: Rng, asOf: string): Inspection {
  const year = Number(asOf.slice(0, 4));
  const r = rng.float();
  const day = (y: number, lastMonth: number) => `${y}-${String(1 + rng.int(lastMonth)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
  if (r < 0.02) return { lastInspectedOn: day(year, Math.max(1, Number(asOf.slice(5, 7)) - 1)), inspectionsThisYear: rng.chance(0.2) ? 2 : 1, inspectionsYear: year };
  if (r < 0.08) return { lastInspectedOn: day(year - 1, 12), inspectionsThisYear: 1, inspectionsYear: year - 1 };
  return { lastInspectedOn: null, inspectionsThisYear: 0, inspectionsYear: null };
}

async function insertBatch(db: Db, rows: readonly (DemoMarketEntity & Inspection & { owner: string })[]): Promise<void> {
  const col = <T>(pick: (r: (typeof rows)[number]) => T) => sql.param(rows.map(pick));
  await db.execute(sql`insert into ${marketEntities} (code, code_type, name, name_initials, name_bigram_keys, entity_type, legal_representative, address, region_code,
      industry_code, business_scope, registered_on, status, risk_class, abnormal_list, serious_violation, complaints_count, owner_department_id,
      last_inspected_on, inspections_this_year, inspections_year)
    select code, 'uscc', name, initials, bigrams::int[], entity_type, legal, address, region, industry, scope, registered, status, risk, abnormal, serious,
      complaints, owner, last_inspected, this_year, counted_year
    from unnest(${col((r) => r.uscc)}::text[], ${col((r) => r.name)}::text[], ${col((r) => nameInitials(r.name))}::text[],
      ${col((r) => keysLiteral(nameBigramKeys(r.name)))}::text[], ${col((r) => r.entityType)}::text[],
      ${col((r) => r.legalRepresentative)}::text[], ${col((r) => r.address)}::text[], ${col((r) => r.regionCode)}::text[], ${col((r) => r.industryCode)}::text[],
      ${col((r) => r.businessScope)}::text[], ${col((r) => r.registeredOn)}::date[], ${col((r) => r.status)}::text[], ${col((r) => r.creditClass)}::text[],
      ${col((r) => r.onAbnormalList)}::bool[], ${col((r) => r.onSeriousViolationList)}::bool[], ${col((r) => r.complaintCount)}::int[], ${col((r) => r.owner)}::uuid[],
      ${col((r) => r.lastInspectedOn)}::date[], ${col((r) => r.inspectionsThisYear)}::int[], ${col((r) => r.inspectionsYear)}::int[])
      as t(code, name, initials, bigrams, entity_type, legal, address, region, industry, scope, registered, status, risk, abnormal, serious, complaints, owner,
        last_inspected, this_year, counted_year)
    on conflict (code) do nothing`);
}

/** Streams `entities` demo entities into the directory; returns how many rows were offered. */
export async function loadDemoEntities(db: Db, options: DemoEntityLoad): Promise<number> {
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const batchSize = options.batchSize ?? 5000;
  const cityOwner = options.departmentsByKey.get(departmentKey(CHANGCHUN_CODE, 'market_regulation'));
  const ownerOf = (regionCode: string) => {
    const owner = options.departmentsByKey.get(departmentKey(regionCode, 'market_regulation')) ?? cityOwner;
    if (!owner) throw new Error(`no demo 市场监督管理局 for region ${regionCode}`);
    return owner;
  };
  const rng = new Rng(`${options.seed}/inspections`);
  let batch: (DemoMarketEntity & Inspection & { owner: string })[] = [];
  let offered = 0;
  for (const entity of iterateDemoEntities({ seed: options.seed, count: options.entities, asOf })) {
    batch.push({ ...entity, ...inspection(rng, asOf), owner: ownerOf(entity.regionCode) });
    if (batch.length >= batchSize) {
      await insertBatch(db, batch);
      offered += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await insertBatch(db, batch);
  return offered + batch.length;
}

/** The demo step: runs first, since the 专项库 and 回避 of the other directories refer to entities. */
export const entitiesDemoStep: DemoStep = async (context) => {
  await loadDemoEntities(context.tx, { seed: context.seed, entities: context.entities, departmentsByKey: context.departmentsByKey, asOf: context.data.asOf });
  await flushNamePieceIndex(context.tx);
};
