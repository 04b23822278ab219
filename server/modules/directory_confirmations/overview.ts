/**
 * 两库确认 overview (issue #8 item 8): the 双随机办 sees, for every department of its region that keeps directories,
 * which of the two directories are confirmed, due (lapsing within the 待办's warning window) or overdue (长春第7条).
 * Two queries whatever the number of departments: the departments in scope, and their latest confirmations.
 */
import { and, asc, desc, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { OVERVIEW_STATUS_LABELS, overviewState, worstStatus } from '../../../domain/directory/confirmation_overview';
import { directoryFreshness, type DirectoryKind } from '../../../domain/directory/freshness';
import { CONFIRMATION_WARN_DAYS } from '../../../domain/workflow/todo_items';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { Db } from '../../db/database';
import { departments, directoryConfirmations, regions, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { byPinyin } from '../../db/pinyin_order';
import { shanghaiDate } from '../../http/today';
import type { ConfirmationOverview, OverviewRow } from './schema';
import { freshnessDays } from './store';

/** Offices that organise or review the work keep no directories of their own. */
const NO_DIRECTORIES = ['joint_office', 'justice'];

export async function confirmationOverview(db: Db, scope: DataScope, now: Date, status?: OverviewRow['status']): Promise<ConfirmationOverview> {
  const [maxAgeDays, depts] = await Promise.all([
    freshnessDays(db),
    db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode, regionName: regions.name }).from(departments)
      .leftJoin(regions, eq(regions.code, departments.regionCode))
      .where(and(isNull(departments.deletedAt), eq(departments.status, 'active'), notInArray(departments.type, NO_DIRECTORIES),
        scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id })))
      .orderBy(asc(departments.regionCode), asc(departments.sortOrder), ...byPinyin(departments.nameSortKey, departments.name))
      .limit(2000),
  ]);
  const latest = depts.length === 0 ? [] : await db.selectDistinctOn([directoryConfirmations.departmentId, directoryConfirmations.directory], {
    departmentId: directoryConfirmations.departmentId, directory: directoryConfirmations.directory, confirmedAt: directoryConfirmations.confirmedAt, confirmedByName: users.name,
  }).from(directoryConfirmations).leftJoin(users, eq(users.id, directoryConfirmations.confirmedBy))
    .where(inArray(directoryConfirmations.departmentId, depts.map((d) => d.id)))
    .orderBy(directoryConfirmations.departmentId, directoryConfirmations.directory, desc(directoryConfirmations.confirmedAt));
  const today = shanghaiDate(now);
  const all = depts.map((d): OverviewRow => {
    const mine = latest.filter((c) => c.departmentId === d.id);
    const states = directoryFreshness({
      departmentName: d.name, confirmations: mine.map((c) => ({ directory: c.directory as DirectoryKind, confirmedOn: shanghaiDate(c.confirmedAt) })),
    }, today, maxAgeDays);
    const directories = states.map((s) => {
      const overview = overviewState(s, maxAgeDays);
      const last = mine.find((c) => c.directory === s.directory);
      return {
        ...s, lastConfirmedAt: last?.confirmedAt.toISOString() ?? null, confirmedByName: last?.confirmedByName ?? null,
        overviewStatus: overview.status, overviewLabel: OVERVIEW_STATUS_LABELS[overview.status], validUntil: overview.validUntil,
      };
    });
    const worst = worstStatus(directories.map((x) => x.overviewStatus));
    return { departmentId: d.id, departmentName: d.name, regionCode: d.regionCode, regionName: d.regionName ?? '', status: worst, statusLabel: OVERVIEW_STATUS_LABELS[worst], directories };
  });
  const totals = { confirmed: 0, due: 0, overdue: 0 };
  for (const row of all) totals[row.status] += 1;
  return { today: today satisfies DateOnly, maxAgeDays, warnDays: CONFIRMATION_WARN_DAYS, totals, rows: status ? all.filter((r) => r.status === status) : all };
}
