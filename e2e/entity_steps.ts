/**
 * Steps the entity-side journeys share (objection_journey, evaluation_journey): the demo's corrected published result
 * — its entity has a registered contact — and the sign-in code the development message provider printed for it.
 */
import { expect } from 'vitest';
import type { Harness } from './harness';

export interface PublicRow { id: string; entityName: string; creditCode: string; taskCode: string; checkDate: string; departmentName: string; corrections: unknown[] }

export async function pickCorrectedResult(harness: Harness): Promise<PublicRow> {
  const response = await fetch(`${harness.baseUrl}/api/public/results?pageSize=50`);
  const page = await response.json() as { rows: PublicRow[] };
  const row = page.rows.find((r) => r.corrections.length > 0);
  if (!row) throw new Error('演示数据中没有已更正的公示结果');
  return row;
}

/** The code the development provider printed for this entity, after `since` characters of output. */
export async function signInCodeFor(harness: Harness, entityName: string, since: number): Promise<string> {
  let code = '';
  await expect.poll(() => {
    const lines = harness.serverOutput().slice(since).split('\n').filter((l) => l.startsWith('[短信·开发通道]') && l.includes(entityName));
    code = /验证码为 (\d{6})/.exec(lines[lines.length - 1] ?? '')?.[1] ?? '';
    return code;
  }, { timeout: 20_000, interval: 500 }).toMatch(/^\d{6}$/);
  return code;
}
