/**
 * The browser's 复核本次抽取 runs the domain verifier with node:crypto replaced by the browser adapter (as the web
 * build does, web/vite.config.ts) and Buffer by the browser one: every suiji-draw/2 golden vector gives the verdict
 * and error code the CLI gives (cli/commands/verify_draw_v2.test.ts), MATCH on a published receipt, and the first
 * difference on a tampered one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserBuffer } from './browser_buffer';
import { preverifyEd25519 } from './node_crypto';
import { verifyPublishedDraw, type PublishedDraw } from './verify_draw';

vi.mock('node:crypto', () => import('./node_crypto'));

interface Vector {
  name: string;
  receipt: unknown;
  pool: string | null;
  entity: unknown;
  published: { publicKey: string; checkpoint?: unknown; attempts?: unknown; commitmentHash?: string; resultHash?: string };
  expect: { result: 'MATCH' | 'MISMATCH'; scope?: string; code?: string };
}

const files = import.meta.glob<Vector>('../../../test/vectors/v2/*.json', { eager: true, import: 'default' });
const vectors: Vector[] = Object.keys(files).sort().map((f) => files[f] as Vector)
  // The browser gets JSON values from the API (a duplicate key cannot reach it) and is given no published result hash.
  .filter((v) => typeof v.receipt !== 'string' && v.published.resultHash === undefined);

function inputsOf(v: Vector): PublishedDraw {
  const p = v.published;
  return {
    receipt: v.receipt, publicKey: p.publicKey,
    ...(p.commitmentHash === undefined ? {} : { commitmentHash: p.commitmentHash }),
    ...(p.attempts === undefined ? {} : { attempts: p.attempts }),
    ...(p.checkpoint === undefined ? {} : { checkpoint: p.checkpoint }),
    ...(v.pool === null ? {} : { pool: v.pool }),
    ...(v.entity === null ? {} : { entity: JSON.stringify(v.entity) }),
  };
}

const nodeBuffer = globalThis.Buffer;
beforeEach(() => { (globalThis as { Buffer: unknown }).Buffer = BrowserBuffer; });
afterEach(() => { globalThis.Buffer = nodeBuffer; });

describe('in-browser verification over the golden vectors', () => {
  it('covers most of the vectors, with node:crypto replaced by the browser adapter', async () => {
    expect(vectors.length).toBeGreaterThan(40);
    expect(Object.keys(await import('node:crypto'))).toContain('preverifyEd25519');
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    const verdict = await verifyPublishedDraw(inputsOf(v), preverifyEd25519);
    if (v.expect.result === 'MATCH') {
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ result: 'MATCH', scope: v.expect.scope });
    } else {
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ result: 'MISMATCH', code: v.expect.code });
    }
  });

  it('shows an entity its ticket against the cut-off', async () => {
    const v = vectors.find((x) => x.name === 'entity_self_check') as Vector;
    const verdict = await verifyPublishedDraw(inputsOf(v), preverifyEd25519);
    expect(verdict.result).toBe('MATCH');
    if (verdict.result !== 'MATCH') return;
    expect(verdict.entity).toMatchObject({ id: '91110000100011000Q', stratum: 'C' });
    expect(verdict.entity?.ticket).toMatch(/^[0-9a-f]+$/);
    expect(verdict.entity?.summary).toMatch(/依规则(未)?被抽中/);
  });

  it('names the first difference of a tampered public receipt', async () => {
    const v = vectors.find((x) => x.name === 'public_receipt') as Vector;
    const receipt = structuredClone(v.receipt) as { publicResult: { selected: string[] } };
    receipt.publicResult.selected[0] = '91110000802100433B';
    const verdict = await verifyPublishedDraw({ ...inputsOf(v), receipt }, preverifyEd25519);
    expect(verdict).toMatchObject({ result: 'MISMATCH' });
    if (verdict.result === 'MISMATCH') expect(verdict.message.length).toBeGreaterThan(5);
    const forged = structuredClone(v.receipt) as { anchor: { checkpoint: { signature: string } } };
    forged.anchor.checkpoint.signature = `A${forged.anchor.checkpoint.signature.slice(1)}`;
    expect(await verifyPublishedDraw({ ...inputsOf(v), receipt: forged }, preverifyEd25519)).toMatchObject({ result: 'MISMATCH', code: 'ANCHOR_MISMATCH' });
  });
});
