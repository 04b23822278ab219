/**
 * Progress of a long ceremony step (freeze + commitment, execution) for the draw detail (`GET /api/draws/:id`,
 * field `progress`), so the UI can show how far a large pool has got. In memory of the process running the step:
 * nothing is stored, nothing survives a restart; a step that ends (or fails) removes its entry.
 */
export type DrawProgressStep = 'freeze' | 'hash' | 'write' | 'read' | 'draw' | 'persist';

export const DRAW_PROGRESS_LABELS: Readonly<Record<DrawProgressStep, string>> = {
  freeze: '正在读取名录并冻结',
  hash: '正在计算名录库承诺',
  write: '正在保存名录库文件',
  read: '正在读取名录库文件',
  draw: '正在计算抽取结果',
  persist: '正在保存抽取结果',
};

export interface DrawProgress {
  readonly step: DrawProgressStep;
  readonly stepLabel: string;
  /** Units done (entities read, hash chunks, file chunks); `total` is null while unknown. */
  readonly done: number;
  readonly total: number | null;
  readonly startedAt: string;
}

const running = new Map<string, { startedAt: string; progress: DrawProgress }>();

/** Records that the draw's step has done `done` of `total` units. */
export function reportProgress(drawId: string, step: DrawProgressStep, done: number, total: number | null): void {
  const startedAt = running.get(drawId)?.startedAt ?? new Date().toISOString();
  running.set(drawId, { startedAt, progress: { step, stepLabel: DRAW_PROGRESS_LABELS[step], done, total, startedAt } });
}

export function progressOf(drawId: string): DrawProgress | null {
  return running.get(drawId)?.progress ?? null;
}

/** Runs `fn` as the draw's long step; its progress entry is removed when it ends, however it ends. */
export async function withProgress<T>(drawId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    running.delete(drawId);
  }
}
