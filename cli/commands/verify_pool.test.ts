import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPython } from './python_verifiers';
import { hashLedger, type LedgerEntry } from '../../domain/draw/eligibility';
import { field, taggedHash } from '../../domain/draw/encoding';
import { formatPoolCsv } from '../../domain/draw/pool_file';
import { ratioParams, runFixture } from '../../domain/draw/test_support';
import { verifyPoolTexts } from './verify_pool';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const work = mkdtempSync(join(tmpdir(), 'suiji-verify-pool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ids = Array.from({ length: 12 }, (_, k) => `个体户-${String(k + 1).padStart(2, '0')}`);
const id = (n: number) => ids[n - 1] as string;
// 11 注销, 12 迁出; the rest active.
const candidates = `id,status\n${ids.map((x, k) => `${x},${k === 10 ? '注销' : k === 11 ? 'moved_out' : k % 2 === 0 ? '存续' : 'active'}`).join('\n')}\n`;
// 2025: entity 1 drawn by two tasks (at the cap of 2); task T3's redraw replaced entity 2 by entity 3; 2024 does not count.
const ledger: LedgerEntry[] = [
  { taskId: 'T1', attempt: '1', date: '2025-02-01', departments: ['市场监管局'], entityIds: [id(1), id(2)] },
  { taskId: 'T2', attempt: '1', date: '2025-02-10', departments: ['生态环境局', '市场监管局'], entityIds: [id(1)] },
  { taskId: 'T3', attempt: '1', date: '2025-02-20', departments: ['卫健委'], entityIds: [id(2)] },
  { taskId: 'T3', attempt: '2', date: '2025-02-21', departments: ['卫健委'], entityIds: [id(3)] },
  { taskId: 'T0', attempt: '1', date: '2024-11-01', departments: ['市场监管局'], entityIds: [id(2), id(4)] },
];
const eligible = ids.slice(1, 10); // 2–10

function files(poolIds: readonly string[], ledgerHash = hashLedger(ledger)) {
  const entries = poolIds.map((x, k) => ({ id: x, stratum: k % 2 === 0 ? 'A' : 'B', salt: '' }));
  const r = runFixture({ entries, params: ratioParams(['A', 'B'], '50'), saltMode: 'unsalted', serverSecret: taggedHash('test/verify-pool', [field('secret')]), ledgerHash });
  if (!r.ok) throw new Error(r.error.message);
  return { receipt: JSON.stringify(r.value.receipt), pool: formatPoolCsv(entries), candidates, ledger: JSON.stringify(ledger) };
}

describe('verify-pool: the pool is exactly the eligible part of the directory (威海第5条、第8条, 曲阳第17条)', () => {
  it('says MATCH for the eligible pool and the committed ledger, with the counts of each exclusion', () => {
    const r = verifyPoolTexts(files(eligible), '2025-03-04', 2);
    expect(r.output).toMatch(/^MATCH\n/);
    expect(r.output).toContain('台账与承诺记录中的 ledgerHash 一致（5 条）');
    expect(r.output).toContain('恰为候选名单中符合条件的 9 个主体：排除非存续 2 个，排除 2025 年已被抽中 2 次的 1 个');
    expect(r.exitCode).toBe(0);
  });

  it('finds an entity over the annual cap that was put in the pool, with the rule', () => {
    const r = verifyPoolTexts(files([id(1), ...eligible]), '2025-03-04', 2);
    expect(r).toMatchObject({ exitCode: 1, code: 'POOL_MISMATCH' });
    expect(r.output).toContain(`“${id(1)}”2025 年已被随机抽中 2 次，达到每年不超过 2 次的上限`);
  });

  it('finds an inactive entity in the pool, and an eligible one left out', () => {
    expect(verifyPoolTexts(files([...eligible, id(11)]), '2025-03-04', 2).output).toContain('已注销，不列入抽查名录');
    const left = verifyPoolTexts(files(eligible.filter((x) => x !== id(5))), '2025-03-04', 2);
    expect(left.output).toContain(`有 1 个符合条件的主体未列入名录库：“${id(5)}”`);
  });

  it('applies the cap of the draw year and the given cap: with a cap of 3, entity 1 belongs in the pool', () => {
    expect(verifyPoolTexts(files([id(1), ...eligible]), '2025-03-04', 3).exitCode).toBe(0);
    expect(verifyPoolTexts(files(eligible), '2025-03-04', 3).output).toContain(`未列入名录库：“${id(1)}”`);
  });

  it('refuses a ledger other than the committed one', () => {
    const f = files(eligible);
    const edited = JSON.stringify(ledger.slice(1));
    const r = verifyPoolTexts({ ...f, ledger: edited }, '2025-03-04', 2);
    expect(r).toMatchObject({ exitCode: 1, code: 'POOL_MISMATCH' });
    expect(r.output).toContain('提供的台账不是抽取时使用的台账');
  });

  it('reports malformed candidates and ledgers with the row', () => {
    const f = files(eligible);
    expect(verifyPoolTexts({ ...f, candidates: 'id,state\n' }, '2025-03-04', 2).output).toContain('候选名单第 1 行应为“id,status”');
    expect(verifyPoolTexts({ ...f, candidates: `id,status\n${id(1)},停业\n` }, '2025-03-04', 2).output).toContain('候选名单第 2 行的登记状态“停业”无法识别');
    expect(verifyPoolTexts({ ...f, candidates: `id,status\n${id(1)},存续\n${id(1)},存续\n` }, '2025-03-04', 2).code).toBe('DUPLICATE_ID');
    expect(verifyPoolTexts({ ...f, ledger: '{}' }, '2025-03-04', 2).output).toContain('抽查台账应为 JSON 数组');
    expect(verifyPoolTexts({ ...f, ledger: '[{"taskId":"T1"}]' }, '2025-03-04', 2).output).toContain('位置：ledger[0]');
    expect(verifyPoolTexts({ ...f, ledger: '[' }, '2025-03-04', 2).code).toBe('RECEIPT_MALFORMED');
  });

  it('checks the pool file against the receipt first', () => {
    const f = files(eligible);
    const r = verifyPoolTexts({ ...f, pool: f.pool.replace(id(2), id(1)) }, '2025-03-04', 2);
    expect(r).toMatchObject({ exitCode: 1, code: 'POOL_MISMATCH' });
    expect(r.output).toContain('名录库文件的根哈希');
  });

  it('the Python verifier (scripts/verify_draw.py --candidates --ledger) gives the same answers', () => {
    const cases: [string, ReturnType<typeof files>, number][] = [
      ['match', files(eligible), 2],
      ['over-cap', files([id(1), ...eligible]), 2],
      ['inactive', files([...eligible, id(11)]), 2],
      ['left-out', files(eligible.filter((x) => x !== id(5))), 2],
      ['cap-3', files(eligible), 3],
      ['edited-ledger', { ...files(eligible), ledger: JSON.stringify(ledger.slice(1)) }, 2],
      ['bad-status', { ...files(eligible), candidates: `id,status\n${id(1)},停业\n` }, 2],
    ];
    for (const [name, f, cap] of cases) {
      const dir = join(work, `py-${name}`);
      mkdirSync(dir, { recursive: true });
      const path = (k: keyof typeof f, ext: string) => {
        const p = join(dir, `${k}.${ext}`);
        writeFileSync(p, f[k]);
        return p;
      };
      const ts = verifyPoolTexts(f, '2025-03-04', cap);
      const py = runPython('verify_draw.py', [path('receipt', 'json'), path('pool', 'csv'), '--candidates', path('candidates', 'csv'),
        '--ledger', path('ledger', 'json'), '--draw-date', '2025-03-04', '--annual-cap', String(cap)]);
      expect(py.status, name).toBe(ts.exitCode);
      expect(py.stdout.split('\n')[0], name).toBe(ts.output.split('\n')[0]);
      if (ts.code) expect(py.stdout, name).toContain(`错误：${ts.code}`);
      else expect(py.stdout, name).toContain('名录库恰为候选名单中符合条件的');
    }
  }, 120_000);

  it('runs from the command line: MATCH and exit 0; usage errors exit 2', () => {
    const f = files(eligible);
    const paths = (['receipt', 'pool', 'candidates', 'ledger'] as const).map((k) => {
      const p = join(work, `${k}.${k === 'pool' || k === 'candidates' ? 'csv' : 'json'}`);
      writeFileSync(p, f[k]);
      return p;
    });
    const ok = spawnSync(TSX, [join(ROOT, 'cli', 'main.ts'), 'verify-pool', ...paths, '--draw-date', '2025-03-04'], { encoding: 'utf8', cwd: ROOT });
    expect(ok.stdout).toMatch(/^MATCH\n/);
    expect(ok.status).toBe(0);
    const usage = spawnSync(TSX, [join(ROOT, 'cli', 'commands', 'verify_pool.ts'), ...paths], { encoding: 'utf8', cwd: ROOT });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--draw-date');
    const cap = spawnSync(TSX, [join(ROOT, 'cli', 'commands', 'verify_pool.ts'), ...paths, '--draw-date', '2025-03-04', '--annual-cap', '0'], { encoding: 'utf8', cwd: ROOT });
    expect(cap.status).toBe(2);
  }, 60_000);
});
