/**
 * `verify-match record.json`: re-runs inspector matching from a matching record (drawSeed, objects, inspectors,
 * rules, inspectorPoolHash, expected teams; docs/draw-protocol.md §9.6) and prints MATCH or the first difference.
 * Also runs on its own: `npx tsx cli/commands/verify_match.ts record.json`.
 *
 * Exit codes: 0 MATCH, 1 a difference or an invalid record, 2 usage or file errors.
 */
import { readFileSync } from 'node:fs';
import { isEntryPoint, verifierCommand, type VerifyOutcome } from '../command';
import { parseMatchRecord, verifyMatchRecord, type MatchCheckError } from '../../domain/matching/verify';

const USAGE = 'verify-match <record.json>';

function difference(e: MatchCheckError): VerifyOutcome {
  return { exitCode: 1, code: e.code, output: `MISMATCH\n错误：${e.code}\n${e.path ? `位置：${e.path}\n` : ''}说明：${e.message}\n` };
}

/** Verifies from the file's text (pure apart from formatting). */
export function verifyMatchText(text: string): VerifyOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    return difference({ code: 'RECORD_MALFORMED', message: `匹配记录不是有效的 JSON：${(e as Error).message}` });
  }
  const record = parseMatchRecord(value);
  if (!record.ok) return difference(record.error);
  const r = verifyMatchRecord(record.value);
  if (!r.ok) return difference(r.error);
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
