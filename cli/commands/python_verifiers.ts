/** Test support: runs one of the independent Python verifiers (scripts/*.py, standard library only). */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

const SCRIPTS = join(import.meta.dirname, '..', '..', 'scripts');

/** Runs `python3 scripts/<script> ...args`. A missing python3 is a failure, never a skip: the second implementation is part of the deliverable. */
export function runPython(script: 'verify_draw.py' | 'verify_match.py', args: readonly string[]): SpawnSyncReturns<string> {
  const r = spawnSync('python3', [join(SCRIPTS, script), ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`python3 could not be run: ${r.error.message}`);
  return r;
}
