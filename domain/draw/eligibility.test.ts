import { describe, expect, it } from 'vitest';
import { annualDrawCounts, applyEligibility, hashLedger, isActive, statusExclusion, type LedgerEntry } from './eligibility';

const ledger: LedgerEntry[] = [
  { taskId: 'T1', attempt: '1', date: '2025-02-10', departments: ['市场监管局'], entityIds: ['A', 'B'] },
  // T2 was redrawn: only attempt 2 counts.
  { taskId: 'T2', attempt: '1', date: '2025-04-01', departments: ['市场监管局', '生态环境局'], entityIds: ['A', 'C'] },
  { taskId: 'T2', attempt: '2', date: '2025-04-02', departments: ['市场监管局', '生态环境局'], entityIds: ['A', 'D'] },
  { taskId: 'T3', attempt: '1', date: '2024-12-31', departments: ['税务局'], entityIds: ['B', 'B'] },
  { taskId: 'T4', attempt: '1', date: '2025-09-09', departments: ['税务局'], entityIds: ['B'] },
];

describe('active status (威海第8条)', () => {
  it('only 存续 entities enter the pool; 注销、吊销、撤销、迁出 get the reason', () => {
    expect(isActive('active')).toBe(true);
    for (const s of ['deregistered', 'licence_revoked', 'registration_revoked', 'moved_out'] as const) {
      expect(isActive(s)).toBe(false);
      expect(statusExclusion('X', s)?.message).toContain('不列入抽查名录');
    }
    expect(statusExclusion('X', 'active')).toBeUndefined();
  });
});

describe('annual cap (威海第5条, 曲阳第17条)', () => {
  it('counts draws per calendar year across departments, latest attempt per task, once per task', () => {
    const c = annualDrawCounts(ledger, 2025);
    expect(c.ok && Object.fromEntries(c.value)).toEqual({ A: 2, B: 2, D: 1 });
    const c24 = annualDrawCounts(ledger, 2024);
    expect(c24.ok && Object.fromEntries(c24.value)).toEqual({ B: 1 });
  });

  it('excludes entities that reached the cap and keeps the others, with reasons', () => {
    const r = applyEligibility(
      [
        { id: 'A', status: 'active' },
        { id: 'B', status: 'active' },
        { id: 'C', status: 'active' },
        { id: 'D', status: 'moved_out' },
        { id: 'E', status: 'active' },
      ],
      ledger,
      { drawDate: '2025-10-01' },
    );
    expect(r.ok && r.value.eligible).toEqual(['C', 'E']);
    expect(r.ok && r.value.excluded.map((e) => [e.id, e.code])).toEqual([
      ['A', 'annual_cap'],
      ['B', 'annual_cap'],
      ['D', 'not_active'],
    ]);
    expect(r.ok && r.value.excluded[0]?.message).toContain('每年不超过 2 次的上限');
    const three = applyEligibility([{ id: 'A', status: 'active' }], ledger, { drawDate: '2025-10-01', annualCap: 3 });
    expect(three.ok && three.value.eligible).toEqual(['A']);
  });

  it('rejects malformed dates and caps', () => {
    expect(applyEligibility([], ledger, { drawDate: '2025/10/01' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(applyEligibility([], ledger, { drawDate: '2025-10-01', annualCap: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(applyEligibility([], [{ ...ledger[0]!, date: '2025-13-01' }], { drawDate: '2025-10-01' })).toMatchObject({ ok: false, error: { path: 'ledger[0].date' } });
  });

  it('hashes the ledger independently of entry and list order', () => {
    const h = hashLedger(ledger);
    expect(hashLedger([...ledger].reverse().map((e) => ({ ...e, entityIds: [...e.entityIds].reverse() })))).toBe(h);
    expect(hashLedger(ledger.slice(1))).not.toBe(h);
  });
});
