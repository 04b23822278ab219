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

const USAGE = 'verify-draw <receipt.json> [pool.csv] [--entity entity.json]';

function parseEntity(value: unknown): EntityRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.stratum !== 'string' || typeof o.salt !== 'string' || !Array.isArray(o.proof)) return undefined;
  const proof = (o.proof as unknown[]).map((s) => s as { side: 'L' | 'R'; hash: string });
  if (proof.some((s) => typeof s !== 'object' || s === null || typeof s.hash !== 'string' || (s.side !== 'L' && s.side !== 'R'))) return undefined;
  return { id: o.id, stratum: o.stratum, salt: o.salt, proof };
}

/** Verifies from file contents (pure apart from formatting). */
export function verifyDrawTexts(receiptText: string, poolText?: string, entityText?: string): VerifyOutcome {
  const json = parseJsonText(receiptText, '凭证', 'RECEIPT_MALFORMED');
  if (!json.ok) return json.outcome;
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
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--entity') {
      entityPath = args[++i];
      if (entityPath === undefined) return { exitCode: 2, output: `--entity 需要文件名\n用法：${USAGE}\n` };
    } else if (a.startsWith('--')) {
      return { exitCode: 2, output: `未知选项 ${a}\n用法：${USAGE}\n` };
    } else positional.push(a);
  }
  if (positional.length < 1 || positional.length > 2) return { exitCode: 2, output: `用法：${USAGE}\n` };
  const texts: (string | undefined)[] = [];
  for (const path of [positional[0], positional[1], entityPath]) {
    if (path === undefined) {
      texts.push(undefined);
      continue;
    }
    const t = readText(path);
    if (typeof t !== 'string') return t;
    texts.push(t);
  }
  return verifyDrawTexts(texts[0] as string, texts[1], texts[2]);
}

export const verifyDrawCommand = verifierCommand({ name: 'verify-draw', summary: '核验抽取凭证：重新推导抽取结果，输出 MATCH 或第一处差异', usage: USAGE }, runVerifyDraw);

if (isEntryPoint(import.meta.url)) process.exitCode = await verifyDrawCommand.run(process.argv.slice(2));
