/**
 * `verify-match record.json`: re-runs inspector matching from a matching record (drawSeed, objects, inspectors,
 * rules, inspectorPoolHash, expected teams; docs/draw-protocol.md §9.6) and prints MATCH or the first difference.
 * Also runs on its own: `npx tsx cli/commands/verify_match.ts record.json`.
 *
 * Exit codes: 0 MATCH, 1 a difference or an invalid record, 2 usage or file errors.
 */
import { readFileSync } from 'node:fs';
import { isEntryPoint, mismatch, parseJsonText, verifierCommand, type VerifyOutcome } from '../command';
import { parseMatchRecord, verifyMatchRecord } from '../../domain/matching/verify';

const USAGE = 'verify-match <record.json>';

/** Verifies from the file's text (pure apart from formatting). */
export function verifyMatchText(text: string): VerifyOutcome {
  const json = parseJsonText(text, '匹配记录', 'RECORD_MALFORMED');
  if (!json.ok) return json.outcome;
  const record = parseMatchRecord(json.value);
  if (!record.ok) return mismatch(record.error);
  const r = verifyMatchRecord(record.value);
  if (!r.ok) return mismatch(r.error);
  return { exitCode: 0, output: `${['MATCH', ...r.value.checked.map((c) => `- ${c}`)].join('\n')}\n` };
}

export function runVerifyMatch(args: readonly string[]): VerifyOutcome {
  const [path, ...rest] = args;
  if (path === undefined || rest.length > 0 || path.startsWith('--')) return { exitCode: 2, output: `用法：${USAGE}\n` };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { exitCode: 2, output: `无法读取文件 ${path}：${(e as Error).message}\n` };
  }
  return verifyMatchText(text);
}

export const verifyMatchCommand = verifierCommand({ name: 'verify-match', summary: '核验检查人员匹配记录：按抽取种子重新匹配，输出 MATCH 或第一处差异', usage: USAGE }, runVerifyMatch);

if (isEntryPoint(import.meta.url)) process.exitCode = await verifyMatchCommand.run(process.argv.slice(2));
