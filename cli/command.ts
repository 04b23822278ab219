/** A CLI command: `npm run cli -- <name> [args...]`. Commands are thin: they parse argv and call domain/server code. */
export interface CliCommand {
  readonly name: string;
  /** One line, Chinese, shown by `npm run cli -- help`. */
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(args: readonly string[]): Promise<number>;
}
