import { desc } from 'drizzle-orm';
import { operationLog } from '../db/schema';
import type { TestServer } from './harness';

type OperationRow = typeof operationLog.$inferSelect;

/**
 * The newest operation-log row matching `match`. A refusal's row is written by the onResponse hook
 * (server/http/access.ts), i.e. after the client already has the response, so a test polls for it.
 */
export async function waitForOperation(server: TestServer, match: Partial<OperationRow>, timeoutMs = 3000): Promise<OperationRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await server.db.select().from(operationLog).orderBy(desc(operationLog.seq)).limit(1);
    if (row && Object.entries(match).every(([k, v]) => row[k as keyof OperationRow] === v)) return row;
    if (Date.now() > deadline) throw new Error(`no operation-log row matching ${JSON.stringify(match)}; last is ${JSON.stringify(row)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
