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
