/**
 * Milliseconds per phase of the imports run in this process (parse, validate, stage, apply, ANALYZE …), summed across
 * jobs until cleared. Read by bench/import_bench.ts, which runs the server in its own process, to show where an
 * import's time goes (issue #8 item 4b). Nothing is stored or shown to users; adding to a number costs nothing.
 *
 * Phases that wait on the database are wall-clock times of the awaited call, so while staging overlaps parsing the
 * phases add up to more than the import's wall-clock time.
 */
export const importPhases = new Map<string, number>();

export function addPhase(name: string, ms: number): void {
  importPhases.set(name, (importPhases.get(name) ?? 0) + ms);
}

/** Runs `work`, adding its wall-clock time to `name`. */
export async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    addPhase(name, performance.now() - started);
  }
}
