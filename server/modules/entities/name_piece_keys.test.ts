/**
 * The SQL function of migration 0043 (suiji_name_piece_keys, which rewrote every stored name's keys) gives the keys
 * domain/directory/name_bigrams.ts gives, and a search's probe keys are among them — on both databases. A stored row
 * whose keys differed from the application's would not be found by a search that should find it.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameBigramKeys, searchKeys } from '../../../domain/directory/name_bigrams';
import type { Database } from '../../db/database';
import { openTestDatabase } from '../../test/harness';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => { ({ database, drop } = await openTestDatabase()); });
afterAll(async () => { await drop(); });

async function sqlKeys(names: readonly string[]): Promise<number[][]> {
  const result: unknown = await database.db.execute(sql`select suiji_name_piece_keys(n) as keys from unnest(${sql.param([...names])}::text[]) with ordinality as t(n, i) order by i`);
  return (result as { rows: { keys: number[] }[] }).rows.map((r) => r.keys.map(Number));
}

describe('suiji_name_piece_keys (migration 0043)', () => {
  it('gives the keys the application stores, for names of Chinese, ASCII, digits, punctuation and characters outside the BMP', async () => {
    const names = ['长春市朝阳区鑫源商贸有限公司', '鑫源𠮷a', 'ABC Trading 2024 (Changchun) Co., Ltd.', '吉林鑫源（长春）商贸有限公司', '源', '', '公司公司公司', '𠮷𠮷𠮷𠮷𠮷'];
    expect(await sqlKeys(names)).toEqual(names.map(nameBigramKeys));
  });

  it('agrees on any name built from such characters, and every search key of a part of it is among them', async () => {
    const unit = fc.constantFrom('鑫', '源', '商', '贸', '有', '限', 'a', 'b', 'z', '1', ' ', '𠮷', '野', '（', '·');
    const samples = fc.sample(fc.string({ unit, maxLength: 24 }), { numRuns: 300, seed: 43 });
    const stored = await sqlKeys(samples);
    samples.forEach((name, i) => {
      expect(stored[i]).toEqual(nameBigramKeys(name));
      const points = Array.from(name);
      for (let from = 0; from + 2 <= points.length; from += 3) {
        const part = points.slice(from, from + 2 + (from % 5)).join('');
        expect(searchKeys(part).every((k) => stored[i]?.includes(k))).toBe(true);
      }
    });
  });
});
