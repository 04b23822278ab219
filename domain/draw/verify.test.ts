import { describe, expect, it } from 'vitest';
import { toHex } from './encoding';
import { packPool, type PoolEntry } from './pool';
import { toPublicReceipt, type Receipt } from './protocol';
import { ratioParams, runFixture } from './test_support';
import { parseReceipt, verifyReceipt } from './verify';

const SECRET = new Uint8Array(32).map((_, i) => i * 7);
const KEYS = ['A', 'B', 'C', 'D'];

function salt(i: number): string {
  return toHex(new Uint8Array(16).map((_, j) => (i * 31 + j * 17) & 255));
}

const ENTRIES: PoolEntry[] = [
  ...Array.from({ length: 30 }, (_, i) => ({ id: `个体户-${String(i).padStart(3, '0')}`, stratum: KEYS[i % 4] as string, salt: salt(i) })),
  { id: '91350100M000100Y43', stratum: 'D', salt: salt(99) },
];

function fixture(saltMode: 'salted' | 'unsalted' = 'salted') {
  const entries = saltMode === 'salted' ? ENTRIES : ENTRIES.map((e) => ({ ...e, salt: '' }));
  const r = runFixture({ entries, params: ratioParams(KEYS, '30'), saltMode, serverSecret: SECRET });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function verifyJson(json: unknown, pool?: ReturnType<typeof fixture>['pool']) {
  const parsed = parseReceipt(json);
  return parsed.ok ? verifyReceipt(parsed.value, pool) : parsed;
}

type Json = string | Json[] | { [k: string]: Json };

/** Every hand edit we can think of: each string changed, each list shortened/duplicated/swapped, each key removed, a key added. */
function* mutations(value: Json, path: string[] = []): Generator<{ path: string; apply: (root: Json) => void }> {
  const at = (root: Json): Json => path.reduce<Json>((v, k) => (v as Record<string, Json>)[k] as Json, root);
  const set = (root: Json, v: Json) => {
    const parent = path.slice(0, -1).reduce<Json>((x, k) => (x as Record<string, Json>)[k] as Json, root) as Record<string, Json>;
    parent[path[path.length - 1] as string] = v;
  };
  const where = path.join('.');
  if (typeof value === 'string') {
    yield { path: `${where} (+x)`, apply: (r) => set(r, `${value}x`) };
    if (value.length > 0) yield { path: `${where} (last char)`, apply: (r) => set(r, value.slice(0, -1) + (value.endsWith('0') ? '1' : '0')) };
    if (value !== '') yield { path: `${where} (empty)`, apply: (r) => set(r, '') };
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 0) {
      yield { path: `${where} (pop)`, apply: (r) => (at(r) as Json[]).pop() };
      yield { path: `${where} (dup)`, apply: (r) => (at(r) as Json[]).push(structuredClone((at(r) as Json[])[0] as Json)) };
    }
    if (value.length > 1 && JSON.stringify(value[0]) !== JSON.stringify(value[1])) {
      yield { path: `${where} (swap)`, apply: (r) => { const a = at(r) as Json[]; [a[0], a[1]] = [a[1] as Json, a[0] as Json]; } };
    }
    for (const [i, v] of value.entries()) yield* mutations(v, [...path, String(i)]);
    return;
  }
  yield { path: `${where} (extra key)`, apply: (r) => { (at(r) as Record<string, Json>).zz = 'x'; } };
  for (const [k, v] of Object.entries(value)) {
    if (path.length > 0 || k !== 'result') yield { path: `${where}.${k} (deleted)`, apply: (r) => { delete (at(r) as Record<string, Json>)[k]; } };
    yield* mutations(v, [...path, k]);
  }
}

function checkAllMutations(receipt: Receipt, pool?: ReturnType<typeof fixture>['pool']): number {
  const json = JSON.parse(JSON.stringify(receipt)) as Json;
  expect(verifyJson(json, pool).ok).toBe(true);
  let n = 0;
  for (const m of mutations(json)) {
    const copy = structuredClone(json);
    m.apply(copy);
    const r = verifyJson(copy, pool);
    if (r.ok) throw new Error(`verifier said MATCH after mutation ${m.path}`);
    expect(r.error.message.length).toBeGreaterThan(0);
    n++;
  }
  return n;
}

describe('verifyReceipt', () => {
  it('says MATCH for an untouched receipt, with and without the pool', () => {
    const f = fixture();
    expect(verifyJson(JSON.parse(JSON.stringify(f.receipt)))).toMatchObject({ ok: true, value: { scope: 'receipt-only' } });
    expect(verifyJson(JSON.parse(JSON.stringify(f.receipt)), f.pool)).toMatchObject({ ok: true, value: { scope: 'recomputed' } });
    expect(verifyJson(JSON.parse(JSON.stringify(toPublicReceipt(f.receipt))), f.pool)).toMatchObject({ ok: true, value: { scope: 'recomputed' } });
  });

  it('never says MATCH for a hand-edited full receipt (every single edit, pool given or not)', () => {
    const f = fixture();
    expect(checkAllMutations(f.receipt)).toBeGreaterThan(500);
    checkAllMutations(f.receipt, f.pool);
  });

  it('never says MATCH for a hand-edited public receipt or an edited unsalted receipt', () => {
    const f = fixture();
    checkAllMutations(toPublicReceipt(f.receipt));
    checkAllMutations(toPublicReceipt(f.receipt), f.pool);
    const u = fixture('unsalted');
    checkAllMutations(u.receipt);
  });

  it('reports the first difference precisely', () => {
    const f = fixture();
    const json = JSON.parse(JSON.stringify(f.receipt)) as { commitmentHash: string; seed: string; randomness: { value: string }[] };
    json.randomness[0]!.value = '6 6 6 6 6 6 6 6';
    const r = verifyJson(json);
    expect(r).toMatchObject({ ok: false, error: { code: 'RECEIPT_MISMATCH', path: 'receipt.seed' } });
    expect(!r.ok && r.error.message).toContain('种子不符');
  });

  it('rejects a pool file that does not match the commitment, naming what differs', () => {
    const f = fixture();
    const moved = ENTRIES.map((e, i) => (i === 0 ? { ...e, stratum: 'B' } : e));
    const p1 = packPool(moved, KEYS, 'salted');
    if (!p1.ok) throw new Error(p1.error.message);
    expect(verifyJson(JSON.parse(JSON.stringify(f.receipt)), p1.value)).toMatchObject({ ok: false, error: { code: 'POOL_MISMATCH' } });
    const resalted = ENTRIES.map((e, i) => (i === 3 ? { ...e, salt: salt(1000) } : e));
    const p2 = packPool(resalted, KEYS, 'salted');
    if (!p2.ok) throw new Error(p2.error.message);
    const r2 = verifyJson(JSON.parse(JSON.stringify(f.receipt)), p2.value);
    expect(r2).toMatchObject({ ok: false, error: { code: 'POOL_MISMATCH' } });
    expect(!r2.ok && r2.error.message).toContain('根哈希');
    const p3 = packPool([...ENTRIES, { id: 'extra', stratum: 'E', salt: salt(5) }], [...KEYS, 'E'], 'salted');
    if (!p3.ok) throw new Error(p3.error.message);
    expect(verifyJson(JSON.parse(JSON.stringify(f.receipt)), p3.value)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_STRATUM' } });
    const p4 = packPool(ENTRIES.map((e) => ({ ...e, salt: '' })), KEYS, 'unsalted');
    if (!p4.ok) throw new Error(p4.error.message);
    expect(verifyJson(JSON.parse(JSON.stringify(f.receipt)), p4.value)).toMatchObject({ ok: false, error: { code: 'POOL_MISMATCH' } });
  });

  it('checks the redraw link: a redraw names its predecessor, a reason and an approver', () => {
    const first = fixture();
    const again = runFixture({ entries: ENTRIES, params: ratioParams(KEYS, '30'), saltMode: 'salted', serverSecret: SECRET, attempt: 2, previousCommitmentHash: first.receipt.commitmentHash, redrawReason: '监督人员录入的骰子点数有误', redrawApprovedBy: '分管局长 张三' });
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.value.receipt.seed).not.toBe(first.receipt.seed);
    expect(verifyJson(JSON.parse(JSON.stringify(again.value.receipt)), first.pool).ok).toBe(true);
    const missing = runFixture({ entries: ENTRIES, params: ratioParams(KEYS, '30'), saltMode: 'salted', serverSecret: SECRET, attempt: 2, previousCommitmentHash: first.receipt.commitmentHash });
    expect(missing).toMatchObject({ ok: false, error: { code: 'LINK_MISMATCH' } });
  });
});

describe('checkEntity (what an inspected entity can check)', () => {
  it('confirms its pool record, recomputes its ticket and compares with the public threshold', async () => {
    const { checkEntity, entityRecord } = await import('./entity_check');
    const f = fixture();
    const pub = toPublicReceipt(f.receipt);
    let selected = 0;
    for (const e of ENTRIES) {
      const rec = entityRecord(f.pool, e.id);
      if (!rec) throw new Error('missing');
      const r = checkEntity(pub, rec);
      if (!r.ok) throw new Error(r.error.message);
      if (r.value.selected) selected++;
      expect(r.value.selected).toBe(pub.publicResult.selected.includes(e.id));
      // A wrong stratum or salt does not match the committed root.
      expect(checkEntity(pub, { ...rec, stratum: rec.stratum === 'A' ? 'B' : 'A' })).toMatchObject({ ok: false, error: { code: 'POOL_MISMATCH' } });
      expect(checkEntity(pub, { ...rec, salt: 'f'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'POOL_MISMATCH' } });
    }
    expect(selected).toBe(pub.publicResult.selected.length);
    // A published list that wrongly includes a non-selected entity is caught by that entity.
    const outsider = ENTRIES.find((e) => !pub.publicResult.selected.includes(e.id));
    const rec = entityRecord(f.pool, outsider?.id ?? '');
    if (!rec) throw new Error('missing');
    const forged = { ...pub, publicResult: { ...pub.publicResult, selected: [...pub.publicResult.selected, rec.id].sort() } };
    expect(checkEntity(forged, rec)).toMatchObject({ ok: false, error: { code: 'RECEIPT_MISMATCH' } });
  });
});

describe('encodePrivateResult', () => {
  it('writes exactly the canonical encoding of the private result', async () => {
    const { ce } = await import('./encoding');
    const { encodePrivateResult, privateResultValue } = await import('./protocol');
    for (const mode of ['salted', 'unsalted'] as const) {
      const strata = fixture(mode).receipt.result?.strata ?? [];
      expect(toHex(encodePrivateResult(strata))).toBe(toHex(ce(privateResultValue(strata))));
    }
    expect(toHex(encodePrivateResult([]))).toBe(toHex(ce(privateResultValue([]))));
  });
});
