/**
 * The freshness gate of 长春第7条 for the draw: 「各级各有关部门每次组织抽查活动前必须对“两库”进行更新确认」.
 * The draw module calls {@link assertDirectoriesFresh} before drawing for a department; the UI reads
 * {@link freshnessReport} to warn early.
 */
import { checkDirectoryFreshness, directoryFreshness, DIRECTORY_KINDS, type DirectoryKind, type FreshnessInput } from '../../../domain/directory/freshness';
import type { Db } from '../../db/database';
import { AppError } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import type { FreshnessReport } from './schema';
import { departmentName, freshnessDays, latestConfirmations } from './store';

/** Each directory's state for a department, and the refusal a draw would get now (or null). */
export async function freshnessReport(db: Db, departmentId: string, now: Date, directories: readonly DirectoryKind[] = DIRECTORY_KINDS): Promise<FreshnessReport> {
  const [name, maxAgeDays, latest] = await Promise.all([departmentName(db, departmentId), freshnessDays(db), latestConfirmations(db, departmentId)]);
  if (name === null) throw new Error(`department ${departmentId} does not exist`);
  const today = shanghaiDate(now);
  const input: FreshnessInput = {
    departmentName: name, directories,
    confirmations: latest.map((c) => ({ directory: c.directory, confirmedOn: shanghaiDate(c.confirmedAt) })),
  };
  const verdict = checkDirectoryFreshness(input, today, maxAgeDays);
  const byDirectory = new Map(latest.map((c) => [c.directory, c]));
  return {
    departmentId, departmentName: name, today, maxAgeDays, ok: verdict.ok, message: verdict.ok ? null : verdict.error.message,
    directories: directoryFreshness(input, today, maxAgeDays).map((s) => ({
      ...s,
      lastConfirmedAt: byDirectory.get(s.directory)?.confirmedAt.toISOString() ?? null,
      confirmedByName: byDirectory.get(s.directory)?.confirmedByName ?? null,
    })),
  };
}

/**
 * Throws a 409 `DIRECTORY_NOT_FRESH` with the Chinese refusal (e.g. 「长春市朝阳区市场监督管理局 的检查对象名录库最近一次
 * 确认于 2026-10-01，已超过 30 天，请先更新并确认两库后再抽取」) unless the department confirmed both directories
 * within the configured number of days. The caller has already checked the department is in scope.
 */
export async function assertDirectoriesFresh(db: Db, departmentId: string, now: Date, directories: readonly DirectoryKind[] = DIRECTORY_KINDS): Promise<void> {
  const report = await freshnessReport(db, departmentId, now, directories);
  if (report.ok) return;
  throw new AppError(409, 'DIRECTORY_NOT_FRESH', report.message ?? '请先更新并确认两库后再抽取',
    report.directories.filter((d) => d.status !== 'fresh').map((d) => ({ field: d.directory, message: d.status === 'missing' ? `${d.label}尚未确认` : `${d.label}最近一次确认于 ${d.lastConfirmedOn ?? ''}` })));
}
