/** Test helpers for the entity directory: valid codes and rows written straight to the table. */
import { makeUscc } from '../../../domain/codes/uscc';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { nameInitials } from '../../../domain/directory/name_initials';
import { marketEntities } from '../../db/schema';
import type { TestServer } from '../../test/harness';

/** A valid USCC: 91 (enterprise) + region + an organisation code built from `n`. */
export function uscc(region: string, n: number, kind = '91'): string {
  const r = makeUscc(`${kind}${region}MA${String(n).padStart(7, '0')}`);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export interface SeedEntity {
  name: string;
  regionCode: string;
  ownerDepartmentId: string;
  code?: string;
  industryCode?: string;
  status?: string;
  entityType?: string;
  riskClass?: string | null;
}

let next = 1;

export async function seedEntities(server: TestServer, rows: readonly SeedEntity[]): Promise<{ id: number; code: string }[]> {
  const values = rows.map((r) => ({
    code: r.code ?? uscc(r.regionCode, next++), codeType: 'uscc', name: r.name, nameInitials: nameInitials(r.name), nameBigramKeys: nameBigramKeys(r.name),
    entityType: r.entityType ?? 'enterprise', regionCode: r.regionCode, industryCode: r.industryCode ?? '5121', status: r.status ?? 'active',
    riskClass: r.riskClass ?? null, ownerDepartmentId: r.ownerDepartmentId,
  }));
  const out: { id: number; code: string }[] = [];
  for (let i = 0; i < values.length; i += 1000) {
    out.push(...await server.db.insert(marketEntities).values(values.slice(i, i + 1000)).returning({ id: marketEntities.id, code: marketEntities.code }));
  }
  return out;
}
