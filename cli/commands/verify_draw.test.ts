import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPython } from './python_verifiers';
import { buildVectors, VECTOR_DIR, type Vector } from '../../bench/draw_vectors';
import { verifyDrawTexts } from './verify_draw';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const stored: Vector[] = readdirSync(VECTOR_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(VECTOR_DIR, f), 'utf8')) as Vector);
const work = mkdtempSync(join(tmpdir(), 'suiji-verify-draw-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runTs(v: Vector) {
  return verifyDrawTexts(JSON.stringify(v.receipt), v.pool ?? undefined, v.entity ? JSON.stringify(v.entity) : undefined);
}

const python = (args: string[]) => runPython('verify_draw.py', args);

describe('golden vectors (test/vectors)', () => {
  it('are what the current implementation produces (regenerate with `npx tsx bench/draw_vectors.ts`)', () => {
    const built = buildVectors().map((v) => JSON.parse(JSON.stringify(v)) as Vector);
    expect(built.map((v) => v.name).sort()).toEqual(stored.map((v) => v.name));
    for (const v of built) expect(v).toEqual(stored.find((s) => s.name === v.name));
  });

  it('cover the required cases', () => {
    const names = stored.map((v) => v.name);
    for (const n of ['non_ascii_ids_unsalted', 'empty_strata_and_k0', 'k_equals_n', 'k_zero', 'one_entity', 'worked_example', 'redraw_attempt_2', 'public_receipt', 'entity_self_check']) expect(names).toContain(n);
    expect(stored.filter((v) => v.expect.result === 'MISMATCH').length).toBeGreaterThanOrEqual(10);
  });

  it.each(stored.map((v) => [v.name, v] as const))('TypeScript verifier: %s', (_name, v) => {
    const r = runTs(v);
    if (v.expect.result === 'MATCH') {
      expect(r.output).toMatch(/^MATCH\n/);
      expect(r.exitCode).toBe(0);
      expect(r.output.includes('完整重算')).toBe(v.expect.scope === 'recomputed');
    } else {
      expect(r.output).toMatch(/^MISMATCH\n/);
      expect(r.exitCode).toBe(1);
      expect(r.code).toBe(v.expect.code);
    }
  });

  it('Python verifier (scripts/verify_draw.py, standard library only) passes every vector', () => {
    const r = python(['--vectors', VECTOR_DIR]);
    expect(r.stdout).toContain(`${stored.length} vectors, 0 failed`);
    expect(r.status).toBe(0);
  });
});

type Json = string | Json[] | { [k: string]: Json };

function* edits(value: Json, path: (string | number)[] = []): Generator<{ path: string; apply: (root: Json) => void }> {
  const get = (root: Json, p: (string | number)[]): Json => p.reduce<Json>((v, k) => (v as Record<string, Json>)[k] as Json, root);
  if (typeof value === 'string') {
    const set = (root: Json, v: string) => {
      (get(root, path.slice(0, -1)) as Record<string | number, Json>)[path[path.length - 1] as string] = v;
    };
    yield { path: path.join('.'), apply: (r) => set(r, `${value}0`) };
    if (value.length > 0) yield { path: `${path.join('.')}~`, apply: (r) => set(r, value.slice(0, -1) + (value.endsWith('1') ? '2' : '1')) };
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 0) yield { path: `${path.join('.')}:pop`, apply: (r) => (get(r, path) as Json[]).pop() };
    for (const [i, v] of value.entries()) yield* edits(v, [...path, i]);
    return;
  }
  for (const [k, v] of Object.entries(value)) yield* edits(v, [...path, k]);
}

describe('the two verifiers agree on hand-edited receipts', () => {
  it('every single edit of a full and a public receipt is refused by both, with the same error code', () => {
    const dir = join(work, 'mutations');
    mkdirSync(dir, { recursive: true });
    const sources = stored.filter((v) => ['four_strata_salted', 'public_receipt', 'non_ascii_ids_unsalted_receipt_only', 'empty_strata_and_k0'].includes(v.name));
    let n = 0;
    for (const v of sources) {
      for (const e of edits(v.receipt as Json)) {
        const receipt = structuredClone(v.receipt) as Json;
        e.apply(receipt);
        const mutated: Vector = { ...v, name: `${v.name}@${e.path}`, receipt, entity: null };
        const ts = runTs(mutated);
        expect(ts.exitCode, `TypeScript said MATCH after editing ${mutated.name}`).toBe(1);
        writeFileSync(join(dir, `m${String(n++).padStart(5, '0')}.json`), JSON.stringify({ ...mutated, expect: { result: 'MISMATCH', code: ts.code } }));
      }
    }
    expect(n).toBeGreaterThan(800);
    const r = python(['--vectors', dir]);
    const failed = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(failed.slice(0, 5)).toEqual([]);
    expect(r.stdout).toContain(`${n} vectors, 0 failed`);
  }, 120_000);
});

describe('command line', () => {
  const v = stored.find((x) => x.name === 'four_strata_salted') as Vector;
  const receiptPath = join(work, 'receipt.json');
  const poolPath = join(work, 'pool.csv');
  const tamperedPath = join(work, 'tampered.json');
  writeFileSync(receiptPath, JSON.stringify(v.receipt, null, 2));
  writeFileSync(poolPath, v.pool ?? '');
  writeFileSync(tamperedPath, JSON.stringify((stored.find((x) => x.name === 'tampered_ticket') as Vector).receipt));

  it('`npm run cli -- verify-draw receipt.json pool.csv` prints MATCH and exits 0', () => {
    const r = spawnSync(TSX, [join(ROOT, 'cli', 'main.ts'), 'verify-draw', receiptPath, poolPath], { encoding: 'utf8', cwd: ROOT });
    expect(r.stdout).toMatch(/^MATCH\n范围：已用名录库文件完整重算/);
    expect(r.status).toBe(0);
  }, 60_000);

  it('runs standalone (`npx tsx cli/commands/verify_draw.ts`), printing the first difference and exiting 1', () => {
    const r = spawnSync(TSX, [join(ROOT, 'cli', 'commands', 'verify_draw.ts'), tamperedPath, poolPath], { encoding: 'utf8', cwd: ROOT });
    expect(r.stdout).toMatch(/^MISMATCH\n错误：RECEIPT_MISMATCH\n位置：receipt\.result\.strata\[1\]/);
    expect(r.status).toBe(1);
    const usage = spawnSync(TSX, [join(ROOT, 'cli', 'commands', 'verify_draw.ts')], { encoding: 'utf8', cwd: ROOT });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('用法');
    const missing = spawnSync(TSX, [join(ROOT, 'cli', 'commands', 'verify_draw.ts'), join(work, 'nope.json')], { encoding: 'utf8', cwd: ROOT });
    expect(missing.status).toBe(2);
  }, 60_000);

  it('the Python command line gives the same answers on the same files', () => {
    const ok = python([receiptPath, poolPath]);
    expect(ok.stdout).toMatch(/^MATCH\n/);
    expect(ok.status).toBe(0);
    const bad = python([tamperedPath, poolPath]);
    expect(bad.stdout).toMatch(/^MISMATCH\n错误：RECEIPT_MISMATCH/);
    expect(bad.status).toBe(1);
  });

  it('checks an entity record with --entity', () => {
    const ev = stored.find((x) => x.name === 'entity_self_check') as Vector;
    const pub = join(work, 'public.json');
    const ent = join(work, 'entity.json');
    writeFileSync(pub, JSON.stringify(ev.receipt));
    writeFileSync(ent, JSON.stringify(ev.entity));
    const r = verifyDrawTexts(readFileSync(pub, 'utf8'), undefined, readFileSync(ent, 'utf8'));
    expect(r.output).toContain('依规则被抽中');
    const p = python([pub, '--entity', ent]);
    expect(p.stdout).toContain('依规则被抽中');
    const wrong = JSON.stringify({ ...(ev.entity as object), stratum: 'A' === (ev.entity as { stratum: string }).stratum ? 'B' : 'A' });
    expect(verifyDrawTexts(readFileSync(pub, 'utf8'), undefined, wrong).code).toBe('POOL_MISMATCH');
  });
});
