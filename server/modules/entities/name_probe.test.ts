/**
 * The directory's name search looks a name up by its rarest pieces once the database's statistics know them
 * (namePieceProbe, decision 0013), and still finds exactly the names containing the search, as a plain LIKE does.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { startTestServer, type TestServer } from '../../test/harness';
import { forgetNamePieceStats, namePieceProbe } from './name_piece_stats';
import { seedEntities } from './test_entities';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const owner = server.fixture.departments.chaoyangMarket;
  await seedEntities(server, [
    ...Array.from({ length: 400 }, (_, i) => ({ name: `长春市朝阳区常见商贸有限公司${i}号`, regionCode: '220104', ownerDepartmentId: owner })),
    { name: '长春市朝阳区鑫源商贸有限公司', regionCode: '220104', ownerDepartmentId: owner },
    { name: '长春市朝阳区鑫源商贸有限公司分店', regionCode: '220104', ownerDepartmentId: owner },
    { name: '长春市鑫朝源商贸有限公司', regionCode: '220104', ownerDepartmentId: owner },
  ]);
  await server.db.execute(sql`analyze market_entities`);
  forgetNamePieceStats();
});
afterAll(async () => { await server.close(); });

describe('name search by the rarest pieces', () => {
  it('probes fewer pieces than the search has, and lists exactly the names LIKE finds', async () => {
    const probe = await namePieceProbe(server.db, '朝阳区鑫源商贸有限公司');
    expect(probe.keys.length).toBeGreaterThan(0);
    expect(probe.keys.length).toBeLessThan(nameBigramKeys('朝阳区鑫源商贸有限公司').length);
    const admin = await server.as('admin');
    for (const name of ['朝阳区鑫源商贸有限公司', '鑫源商贸', '鑫朝源', '常见商贸有限公司1', '源商贸有限公司分', '区鑫源<b>']) {
      const answer = await admin.get(`/api/directory/entities?page=1&pageSize=100&name=${encodeURIComponent(name)}`);
      expect(answer.statusCode, answer.body).toBe(200);
      const page = answer.json<{ rows: { name: string }[]; total: number }>();
      const expected = await server.db.execute<{ name: string }>(sql`select name from market_entities where name like ${`%${name}%`} and import_job_id is null`);
      const names = (expected as { rows: { name: string }[] }).rows.map((r) => r.name).sort();
      expect(page.total, name).toBe(names.length);
      expect(page.rows, name).toHaveLength(Math.min(names.length, 100));
      expect(page.rows.every((r) => names.includes(r.name)), name).toBe(true);
    }
  });
});
