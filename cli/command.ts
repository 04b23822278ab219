import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A CLI command: `npm run cli -- <name> [args...]`. Commands are thin: they parse argv and call domain/server code. */
export interface CliCommand {
  readonly name: string;
  /** One line, Chinese, shown by `npm run cli -- help`. */
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(args: readonly string[]): Promise<number>;
}

/** What a verifier prints: its exit code and text (0 MATCH, 1 a difference, 2 usage or file errors). */
export interface VerifyOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly output: string;
  /** The error code for a difference (for tests and the golden vectors). */
  readonly code?: string;
}

/** A verifier as a command: MATCH and differences on stdout, usage and file errors on stderr. */
export function verifierCommand(spec: Omit<CliCommand, 'run'>, verify: (args: readonly string[]) => VerifyOutcome): CliCommand {
  return {
    ...spec,
    run(args) {
      const r = verify(args);
      (r.exitCode === 2 ? process.stderr : process.stdout).write(r.output);
      return Promise.resolve(r.exitCode);
    },
  };
}

/** True when the module at `moduleUrl` is the script node was started with (a command that also runs on its own). */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** A difference as verifiers print it: MISMATCH, the code, where, and the Chinese explanation (exit 1). */
export function mismatch(e: { readonly code: string; readonly message: string; readonly path?: string }): VerifyOutcome {
  return { exitCode: 1, code: e.code, output: `MISMATCH\n错误：${e.code}\n${e.path ? `位置：${e.path}\n` : ''}说明：${e.message}\n` };
}

/** Parses a JSON file's text; invalid JSON is a difference with `code` ("凭证不是有效的 JSON：…"). */
export function parseJsonText(text: string, what: string, code: string): { ok: true; value: unknown } | { ok: false; outcome: VerifyOutcome } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, outcome: mismatch({ code, message: `${what}不是有效的 JSON：${(e as Error).message}` }) };
  }
}
