import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VECTOR_DIR_V2 } from '../../bench/draw_vectors';
import { buildVectorsV2, type VectorV2 } from '../../bench/draw_vectors_v2';
import { runPython } from './python_verifiers';
import { verifyDrawInputs } from './verify_draw';
import type { DrawInputs } from './verify_draw_v2';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const stored: VectorV2[] = readdirSync(VECTOR_DIR_V2)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(VECTOR_DIR_V2, f), 'utf8')) as VectorV2);
const work = mkdtempSync(join(tmpdir(), 'suiji-verify-draw-v2-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function inputsOf(v: VectorV2): DrawInputs {
  const p = v.published;
  const optional: Record<string, string | undefined> = {
    pool: v.pool ?? undefined,
    entity: v.entity === null ? undefined : JSON.stringify(v.entity),
    checkpoint: p.checkpoint === undefined ? undefined : JSON.stringify(p.checkpoint),
    attempts: p.attempts === undefined ? undefined : JSON.stringify(p.attempts),
    commitmentHash: p.commitmentHash,
    resultHash: p.resultHash,
  };
  return { receipt: typeof v.receipt === 'string' ? v.receipt : JSON.stringify(v.receipt), publicKey: p.publicKey, ...Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== undefined)) };
}

describe('suiji-draw/2 golden vectors (test/vectors/v2)', () => {
  it('are what the current implementation produces (regenerate with `npx tsx bench/draw_vectors.ts`)', () => {
    const built = buildVectorsV2().map((v) => JSON.parse(JSON.stringify(v)) as VectorV2);
    expect(built.map((v) => v.name).sort()).toEqual(stored.map((v) => v.name));
    for (const v of built) expect(v).toEqual(stored.find((s) => s.name === v.name));
  });

  it('cover every attack of §19 and every tightened rule of §18.2, with ledger and inspector-pool hashes', () => {
    const names = stored.map((v) => v.name);
    const doc = readFileSync(join(ROOT, 'docs', 'draw-protocol.md'), 'utf8');
    for (const n of doc.slice(doc.indexOf('## 19.')).match(/`[a-z0-9_]+`/g) ?? []) {
      if (!['`previousAnchor`', '`commitmentHash`'].includes(n) && /_/.test(n)) expect(names, `${n} is named in §19 but has no vector`).toContain(n.slice(1, -1));
    }
    const main = stored.find((v) => v.name === 'lottery_and_dice') as VectorV2;
    const c = (main.receipt as { commitment: { ledgerHash: string; inspectorPoolHash: string } }).commitment;
    expect(c.ledgerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(c.inspectorPoolHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(stored.map((v) => [v.name, v] as const))('TypeScript verifier: %s', (_name, v) => {
    const r = verifyDrawInputs(inputsOf(v));
    if (v.expect.result === 'MATCH') {
      expect(r.output).toMatch(/^MATCH\n/);
      expect(r.output.includes('完整重算')).toBe(v.expect.scope === 'recomputed');
    } else {
      expect(r.output).toMatch(/^MISMATCH\n/);
      expect(r.code).toBe(v.expect.code);
    }
  });

  it('Python verifier (scripts/verify_draw.py + scripts/draw_v2.py, standard library only) passes every vector', () => {
    const r = runPython('verify_draw.py', ['--vectors', VECTOR_DIR_V2]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain(`${stored.length} vectors, 0 failed`);
    expect(r.status).toBe(0);
  }, 120_000);
});

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function* stringEdits(value: Json, path: (string | number)[] = []): Generator<{ path: string; apply: (root: Json) => void }> {
  const get = (root: Json, p: (string | number)[]): Json => p.reduce<Json>((v, k) => (v as Record<string, Json>)[k] as Json, root);
  if (typeof value === 'string') {
    const set = (root: Json, v: string) => {
      (get(root, path.slice(0, -1)) as Record<string | number, Json>)[path[path.length - 1] as string] = v;
    };
    yield { path: path.join('.'), apply: (r) => set(r, `${value}0`) };
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* stringEdits(v, [...path, i]);
    return;
  }
  for (const [k, v] of Object.entries(value)) yield* stringEdits(v, [...path, k]);
}

describe('the two verifiers agree on hand-edited /2 receipts', () => {
  it('every string edit of a full receipt and a redraw is refused by both, with the same error code', () => {
    const dir = join(work, 'mutations');
    mkdirSync(dir, { recursive: true });
    let n = 0;
    for (const v of stored.filter((x) => ['lottery_and_dice', 'redraw_attempt_2'].includes(x.name))) {
      for (const e of stringEdits(v.receipt as Json)) {
        // Another top-level protocol makes it a /1 receipt, for which the /2 inputs are a usage error (tested below).
        if (e.path === 'protocol') continue;
        const receipt = structuredClone(v.receipt) as Json;
        e.apply(receipt);
        const mutated: VectorV2 = { ...v, name: `${v.name}@${e.path}`, receipt, pool: null };
        const ts = verifyDrawInputs(inputsOf(mutated));
        expect(ts.exitCode, `TypeScript said MATCH after editing ${mutated.name}`).toBe(1);
        writeFileSync(join(dir, `m${String(n++).padStart(5, '0')}.json`), JSON.stringify({ ...mutated, expect: { result: 'MISMATCH', code: ts.code } }));
      }
    }
    expect(n).toBeGreaterThan(300);
    const r = runPython('verify_draw.py', ['--vectors', dir]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL')).slice(0, 5)).toEqual([]);
    expect(r.stdout).toContain(`${n} vectors, 0 failed`);
  }, 240_000);
});

describe('command line (suiji-draw/2)', () => {
  const v = stored.find((x) => x.name === 'lottery_and_dice') as VectorV2;
  const files = { receipt: join(work, 'r2.json'), pool: join(work, 'p2.csv'), checkpoint: join(work, 'cp.json'), attempts: join(work, 'at.json') };
  writeFileSync(files.receipt, JSON.stringify(v.receipt, null, 2));
  writeFileSync(files.pool, v.pool ?? '');
  writeFileSync(files.checkpoint, JSON.stringify(v.published.checkpoint));
  writeFileSync(files.attempts, JSON.stringify(v.published.attempts));
  const args = [files.receipt, files.pool, '--public-key', v.published.publicKey, '--checkpoint', files.checkpoint, '--attempts', files.attempts, '--commitment-hash', v.published.commitmentHash as string, '--result-hash', v.published.resultHash as string];

  it('TypeScript and Python print MATCH with every published input, and agree on a wrong published result hash', () => {
    const ts = spawnSync(TSX, [join(ROOT, 'cli', 'commands', 'verify_draw.ts'), ...args], { encoding: 'utf8', cwd: ROOT, timeout: 120_000 });
    expect(ts.stdout).toMatch(/^MATCH\n范围：已用名录库文件完整重算/);
    expect(ts.stdout).toContain('锚定');
    expect(ts.status).toBe(0);
    const py = runPython('verify_draw.py', args);
    expect(py.stdout).toMatch(/^MATCH\n/);
    expect(py.status).toBe(0);
    const wrong = args.map((a) => (a === v.published.resultHash ? 'f'.repeat(64) : a));
    expect(runPython('verify_draw.py', wrong).stdout).toMatch(/^MISMATCH\n错误：PUBLISHED_MISMATCH/);
    expect(verifyDrawInputs({ ...inputsOf(v), resultHash: 'f'.repeat(64) }).code).toBe('PUBLISHED_MISMATCH');
  }, 120_000);

  it('a /2 receipt without --public-key is a usage error (exit 2) in both; /2 flags on a /1 receipt too', () => {
    expect(verifyDrawInputs({ receipt: JSON.stringify(v.receipt) }).exitCode).toBe(2);
    expect(runPython('verify_draw.py', [files.receipt]).status).toBe(2);
    const v1 = readFileSync(join(VECTOR_DIR_V2, '..', 'worked_example.json'), 'utf8');
    const receipt1 = JSON.stringify((JSON.parse(v1) as { receipt: unknown }).receipt);
    expect(verifyDrawInputs({ receipt: receipt1, publicKey: v.published.publicKey }).exitCode).toBe(2);
  }, 60_000);

  it('a duplicate key in a /1 receipt is refused by both verifiers', () => {
    const v1 = JSON.stringify((JSON.parse(readFileSync(join(VECTOR_DIR_V2, '..', 'worked_example.json'), 'utf8')) as { receipt: unknown }).receipt);
    const dup = v1.replace('"taskId":', '"taskId":"x","taskId":');
    const path = join(work, 'dup1.json');
    writeFileSync(path, dup);
    expect(verifyDrawInputs({ receipt: dup }).code).toBe('RECEIPT_MALFORMED');
    expect(runPython('verify_draw.py', [path]).stdout).toMatch(/^MISMATCH\n错误：RECEIPT_MALFORMED/);
  }, 60_000);
});
