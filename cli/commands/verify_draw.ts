/**
 * `verify-draw receipt.json [pool.csv] [--entity entity.json]`: re-derives a draw and prints MATCH
 * or the first difference (docs/draw-protocol.md §8). Also runs on its own:
 * `npx tsx cli/commands/verify_draw.ts receipt.json [pool.csv]`.
 *
 * Exit codes: 0 MATCH, 1 a difference or invalid input data, 2 usage or file errors.
 */
import { readFileSync } from 'node:fs';
import { isEntryPoint, mismatch, parseJsonText, verifierCommand, type VerifyOutcome } from '../command';
import { checkEntity, type EntityRecord } from '../../domain/draw/entity_check';
import { parsePoolCsv } from '../../domain/draw/pool_file';
import { parseReceipt, verifyReceipt } from '../../domain/draw/verify';
import { parseStrictJson, V2_OPTIONS, verifyDrawV2Inputs, type DrawInputs } from './verify_draw_v2';

const USAGE = 'verify-draw <receipt.json> [pool.csv] [--entity entity.json] [--public-key KEY] [--checkpoint checkpoint.json] [--attempts attempts.json] [--commitment-hash HEX] [--result-hash HEX]（后五项用于 suiji-draw/2）';

function parseEntity(value: unknown): EntityRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.stratum !== 'string' || typeof o.salt !== 'string' || !Array.isArray(o.proof)) return undefined;
  const proof = (o.proof as unknown[]).map((s) => s as { side: 'L' | 'R'; hash: string });
  if (proof.some((s) => typeof s !== 'object' || s === null || typeof s.hash !== 'string' || (s.side !== 'L' && s.side !== 'R'))) return undefined;
  return { id: o.id, stratum: o.stratum, salt: o.salt, proof };
}

/** Verifies from file contents (pure apart from formatting): a /2 receipt goes to verify_draw_v2.ts. */
export function verifyDrawInputs(inputs: DrawInputs): VerifyOutcome {
  const json = parseStrictJson(inputs.receipt, '凭证', 'RECEIPT_MALFORMED');
  if (!json.ok) return json.outcome;
  const protocol = typeof json.value === 'object' && json.value !== null ? (json.value as Record<string, unknown>).protocol : undefined;
  if (protocol === 'suiji-draw/2') return verifyDrawV2Inputs(json.value, inputs);
  const v2Only = ([['--public-key', inputs.publicKey], ['--checkpoint', inputs.checkpoint], ['--attempts', inputs.attempts], ['--commitment-hash', inputs.commitmentHash], ['--result-hash', inputs.resultHash]] as const).find(([, v]) => v !== undefined);
  if (v2Only) return { exitCode: 2, output: `${v2Only[0]} 只适用于 suiji-draw/2 凭证\n` };
  return verifyV1(json.value, inputs.pool, inputs.entity);
}

/** /1 receipts (§10), unchanged. */
export function verifyDrawTexts(receiptText: string, poolText?: string, entityText?: string): VerifyOutcome {
  return verifyDrawInputs({ receipt: receiptText, ...(poolText === undefined ? {} : { pool: poolText }), ...(entityText === undefined ? {} : { entity: entityText }) });
}

function verifyV1(receiptJson: unknown, poolText?: string, entityText?: string): VerifyOutcome {
  const json = { value: receiptJson };
  const receipt = parseReceipt(json.value);
  if (!receipt.ok) return mismatch(receipt.error);
  let pool;
  if (poolText !== undefined) {
    const p = parsePoolCsv(poolText, receipt.value.commitment.pool.saltMode);
    if (!p.ok) return mismatch(p.error);
    pool = p.value;
  }
  const r = verifyReceipt(receipt.value, pool);
  if (!r.ok) return mismatch(r.error);
  const lines = ['MATCH', `范围：${r.value.scope === 'recomputed' ? '已用名录库文件完整重算' : '仅核对凭证本身（未提供名录库文件；加盐模式下各主体票号由主体自行或由指定核验方核对）'}`, ...r.value.checked.map((c) => `- ${c}`)];
  if (entityText !== undefined) {
    const ej = parseJsonText(entityText, '主体记录', 'RECEIPT_MALFORMED');
    if (!ej.ok) return ej.outcome;
    const entity = parseEntity(ej.value);
    if (!entity) return mismatch({ code: 'RECEIPT_MALFORMED', message: '主体记录应为 {"id","stratum","salt","proof":[{"side":"L|R","hash"}]}' });
    const c = checkEntity(receipt.value, entity);
    if (!c.ok) return mismatch(c.error);
    lines.push(`- 主体“${entity.id}”：${c.value.summary}`);
  }
  return { exitCode: 0, output: `${lines.join('\n')}\n` };
}

function readText(path: string): string | VerifyOutcome {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return { exitCode: 2, output: `无法读取文件 ${path}：${(e as Error).message}\n` };
  }
}

export function runVerifyDraw(args: readonly string[]): VerifyOutcome {
  const positional: string[] = [];
  let entityPath: string | undefined;
  const v2: Partial<Record<(typeof V2_OPTIONS)[number], string>> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--entity') {
      entityPath = args[++i];
      if (entityPath === undefined) return { exitCode: 2, output: `--entity 需要文件名\n用法：${USAGE}\n` };
    } else if ((V2_OPTIONS as readonly string[]).includes(a)) {
      const v = args[++i];
      if (v === undefined) return { exitCode: 2, output: `${a} 需要取值\n用法：${USAGE}\n` };
      v2[a as (typeof V2_OPTIONS)[number]] = v;
    } else if (a.startsWith('--')) {
      return { exitCode: 2, output: `未知选项 ${a}\n用法：${USAGE}\n` };
    } else positional.push(a);
  }
  if (positional.length < 1 || positional.length > 2) return { exitCode: 2, output: `用法：${USAGE}\n` };
  const texts: (string | undefined)[] = [];
  for (const path of [positional[0], positional[1], entityPath, v2['--checkpoint'], v2['--attempts']]) {
    if (path === undefined) {
      texts.push(undefined);
      continue;
    }
    const t = readText(path);
    if (typeof t !== 'string') return t;
    texts.push(t);
  }
  const [receipt, pool, entity, checkpoint, attempts] = texts;
  const optional = { pool, entity, checkpoint, attempts, publicKey: v2['--public-key'], commitmentHash: v2['--commitment-hash'], resultHash: v2['--result-hash'] };
  return verifyDrawInputs({ receipt: receipt as string, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) });
}

export const verifyDrawCommand = verifierCommand({ name: 'verify-draw', summary: '核验抽取凭证：重新推导抽取结果，输出 MATCH 或第一处差异', usage: USAGE }, runVerifyDraw);

if (isEntryPoint(import.meta.url)) process.exitCode = await verifyDrawCommand.run(process.argv.slice(2));
