import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VECTOR_DIR_V2 } from '../../bench/draw_vectors';
import { LEDGER, type VectorV2 } from '../../bench/draw_vectors_v2';
import type { LedgerEntry } from '../../domain/draw/eligibility';
import { runPython } from './python_verifiers';
import { verifyPoolTexts } from './verify_pool';

const v = JSON.parse(readFileSync(join(VECTOR_DIR_V2, 'lottery_and_dice.json'), 'utf8')) as VectorV2;
const receipt = JSON.stringify(v.receipt);
const pool = v.pool as string;
const candidates = ['id,status', ...pool.trim().split('\n').slice(1).map((l) => `${l.split(',')[0] as string},active`), '已注销的主体,注销'].join('\n');
const key = v.published.publicKey;
const work = mkdtempSync(join(tmpdir(), 'suiji-verify-pool-v2-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function both(ledger: readonly LedgerEntry[], drawDate = '2025-03-05'): { ts: { exitCode: number; code?: string }; py: { status: number | null; stdout: string } } {
  const ledgerText = JSON.stringify(ledger);
  const ts = verifyPoolTexts({ receipt, pool, candidates, ledger: ledgerText }, drawDate, 2, key);
  const files = ['r.json', 'p.csv', 'c.csv', 'l.json'].map((f) => join(work, f));
  [receipt, pool, candidates, ledgerText].forEach((t, i) => writeFileSync(files[i] as string, t));
  const py = runPython('verify_draw.py', [files[0] as string, files[1] as string, '--candidates', files[2] as string, '--ledger', files[3] as string, '--draw-date', drawDate, '--public-key', key]);
  return { ts, py };
}

describe('verify-pool for suiji-draw/2 (§16.1, §18.2 ledger rules), TypeScript and Python', () => {
  it('the pool of a /2 draw is exactly the eligible candidates, with the committed draw date and cap', () => {
    const { ts, py } = both(LEDGER);
    expect(ts.exitCode).toBe(0);
    expect(py.stdout).toMatch(/^MATCH\n/);
  }, 120_000);

  it.each([
    ['the task\'s own earlier attempt', [...LEDGER, { taskId: '威临市监随〔2025〕7号', attempt: '1', date: '2025-03-01', departments: ['市场监管局'], entityIds: [] }]],
    ['a duplicate (taskId, attempt)', [...LEDGER, LEDGER[0] as LedgerEntry]],
    ['a department listed twice', [{ ...(LEDGER[0] as LedgerEntry), departments: ['市场监管局', '市场监管局'] }, LEDGER[1] as LedgerEntry]],
  ] as const)('refuses a ledger with %s (POOL_MALFORMED) in both', (_what, ledger) => {
    const { ts, py } = both(ledger);
    expect(ts.code).toBe('POOL_MALFORMED');
    expect(py.stdout).toMatch(/^MISMATCH\n错误：POOL_MALFORMED/);
  }, 120_000);

  it('a draw date other than the committed one is a usage error in both', () => {
    const { ts, py } = both(LEDGER, '2025-03-06');
    expect(ts.exitCode).toBe(2);
    expect(py.status).toBe(2);
  }, 120_000);
});
