/**
 * `verify-pool receipt.json pool.csv candidates.csv ledger.json --draw-date YYYY-MM-DD [--annual-cap 2]`: checks that
 * a draw's pool is exactly the eligible part of the directory (docs/draw-protocol.md §10.1): the pool file matches the
 * receipt, the ledger is the one the commitment names, and the pool holds every candidate the rules admit and nothing
 * else. For a designated verifier (司法行政、纪检) who receives the directory snapshot and the ledger.
 *
 * Exit codes: 0 MATCH, 1 a difference or invalid data, 2 usage or file errors.
 */
import { readFileSync } from 'node:fs';
import { isEntryPoint, mismatch, parseJsonText, verifierCommand, type VerifyOutcome } from '../command';
import { fromBase64 } from '../../domain/draw/anchor';
import { checkLedgerV2 } from '../../domain/draw/eligibility';
import { fromHex } from '../../domain/draw/encoding';
import { idAt, type SaltMode } from '../../domain/draw/pool';
import { checkPoolEligibility, parseCandidatesCsv, parseLedger } from '../../domain/draw/pool_check';
import { parsePoolCsv } from '../../domain/draw/pool_file';
import { parseReceipt, verifyReceipt } from '../../domain/draw/verify';
import { parseReceiptV2, verifyReceiptV2 } from '../../domain/draw/verify_v2';
import { parseStrictJson } from './verify_draw_v2';

const USAGE = 'verify-pool <receipt.json> <pool.csv> <candidates.csv> <ledger.json> --draw-date YYYY-MM-DD [--annual-cap 2] [--public-key KEY（suiji-draw/2）]';

/** Checks from the files' texts (pure apart from formatting). */
export function verifyPoolTexts(texts: { receipt: string; pool: string; candidates: string; ledger: string }, drawDateGiven: string, annualCapGiven: number, publicKey?: string, capGiven = false): VerifyOutcome {
  const r = parseStrictJson(texts.receipt, '凭证', 'RECEIPT_MALFORMED');
  if (!r.ok) return r.outcome;
  const v2 = typeof r.value === 'object' && r.value !== null && (r.value as Record<string, unknown>).protocol === 'suiji-draw/2';
  let drawDate = drawDateGiven;
  let annualCap = annualCapGiven;
  let committed: { ledgerHash: string; saltMode: SaltMode; taskId?: string };
  let pool;
  if (v2) {
    // /2 commits the draw date and the cap (§16.1): the verifier's values must be the committed ones.
    const receipt = parseReceiptV2(r.value);
    if (!receipt.ok) return mismatch(receipt.error);
    const c = receipt.value.commitment;
    const key = publicKey === undefined ? undefined : (fromHex(publicKey, 32) ?? fromBase64(publicKey));
    if (key?.length !== 32) return { exitCode: 2, output: `核验 suiji-draw/2 凭证须用 --public-key 给出操作方公布的 Ed25519 公钥\n用法：${USAGE}\n` };
    if (drawDateGiven !== c.drawDate || (capGiven && String(annualCapGiven) !== c.annualCap)) return { exitCode: 2, output: `--draw-date/--annual-cap 须与承诺中的 drawDate ${c.drawDate}、annualCap ${c.annualCap} 一致\n` };
    drawDate = c.drawDate;
    annualCap = Number(c.annualCap);
    const p = parsePoolCsv(texts.pool, c.pool.saltMode);
    if (!p.ok) return mismatch(p.error);
    const draw = verifyReceiptV2(receipt.value, { publicKey: key }, p.value);
    if (!draw.ok) return mismatch(draw.error);
    committed = { ledgerHash: c.ledgerHash, saltMode: c.pool.saltMode, taskId: c.taskId };
    pool = p.value;
  } else {
    if (publicKey !== undefined) return { exitCode: 2, output: '--public-key 只适用于 suiji-draw/2 凭证\n' };
    const receipt = parseReceipt(r.value);
    if (!receipt.ok) return mismatch(receipt.error);
    const p = parsePoolCsv(texts.pool, receipt.value.commitment.pool.saltMode);
    if (!p.ok) return mismatch(p.error);
    const draw = verifyReceipt(receipt.value, p.value);
    if (!draw.ok) return mismatch(draw.error);
    committed = { ledgerHash: receipt.value.commitment.ledgerHash, saltMode: receipt.value.commitment.pool.saltMode };
    pool = p.value;
  }
  const candidates = parseCandidatesCsv(texts.candidates);
  if (!candidates.ok) return mismatch(candidates.error);
  const l = parseJsonText(texts.ledger, '抽查台账', 'RECEIPT_MALFORMED');
  if (!l.ok) return l.outcome;
  const ledger = parseLedger(l.value);
  if (!ledger.ok) return mismatch(ledger.error);
  if (committed.taskId !== undefined) {
    const rules = checkLedgerV2(ledger.value, committed.taskId);
    if (!rules.ok) return mismatch(rules.error);
  }
  const poolIds = Array.from({ length: pool.size }, (_, i) => idAt(pool, i));
  const check = checkPoolEligibility({ committedLedgerHash: committed.ledgerHash, poolIds, candidates: candidates.value, ledger: ledger.value, drawDate, annualCap });
  if (!check.ok) return mismatch(check.error);
  return { exitCode: 0, output: `${['MATCH', '- 名录库文件与凭证一致，抽取结果已完整重算', ...check.value.checked.map((c) => `- ${c}`)].join('\n')}\n` };
}

export function runVerifyPool(args: readonly string[]): VerifyOutcome {
  const positional: string[] = [];
  let drawDate: string | undefined;
  let annualCap = 2;
  let capGiven = false;
  let publicKey: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--draw-date') drawDate = args[++i];
    else if (a === '--public-key') publicKey = args[++i];
    else if (a === '--annual-cap') {
      const v = args[++i] ?? '';
      if (!/^[1-9][0-9]{0,2}$/.test(v)) return { exitCode: 2, output: `--annual-cap 须为正整数\n用法：${USAGE}\n` };
      annualCap = Number(v);
      capGiven = true;
    } else if (a.startsWith('--')) return { exitCode: 2, output: `未知选项 ${a}\n用法：${USAGE}\n` };
    else positional.push(a);
  }
  if (positional.length !== 4 || drawDate === undefined || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(drawDate)) return { exitCode: 2, output: `用法：${USAGE}\n` };
  const texts: string[] = [];
  for (const path of positional) {
    try {
      texts.push(readFileSync(path, 'utf8'));
    } catch (e) {
      return { exitCode: 2, output: `无法读取文件 ${path}：${(e as Error).message}\n` };
    }
  }
  const [receipt, pool, candidates, ledger] = texts as [string, string, string, string];
  return verifyPoolTexts({ receipt, pool, candidates, ledger }, drawDate, annualCap, publicKey, capGiven);
}

export const verifyPoolCommand = verifierCommand({ name: 'verify-pool', summary: '核验抽取名录库：台账与承诺一致，名录库恰为符合条件的全部主体（存续、年度抽查次数未达上限）', usage: USAGE }, runVerifyPool);

if (isEntryPoint(import.meta.url)) process.exitCode = await verifyPoolCommand.run(process.argv.slice(2));
