/**
 * 工作日历 storage: entered years with their days, and regional extra holidays (soft-deleted). Reference
 * data every staff role reads, so reads are not narrowed by data scope; writes of regional holidays are
 * limited to the caller's regions in routes.ts. Every write moves `calendar_version` in the same transaction.
 */
import { and, asc, eq, gte, isNull, like, lte, sql } from 'drizzle-orm';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { RegionalHoliday } from '../../../domain/calendar/regional_calendar';
import type { ScheduleDay } from '../../../domain/calendar/schedule_input';
import type { Db } from '../../db/database';
import { appMeta, calendarDays, calendarYears, regionalHolidays, regions, users } from '../../db/schema';
import type { RegionalHolidayInput, RegionalHolidayRow, YearScheduleInput } from './schema';

export const CALENDAR_VERSION_KEY = 'calendar_version';

export interface EnteredYear {
  readonly year: number;
  readonly source: string;
  readonly enteredAt: Date;
  readonly enteredByName: string | null;
  readonly days: readonly ScheduleDay[];
}

/** The cheap check every instance makes before using its cached calendar: one primary-key read. */
export async function readCalendarVersion(db: Db): Promise<number> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, CALENDAR_VERSION_KEY));
  return typeof row?.value === 'number' ? row.value : 0;
}

export async function bumpCalendarVersion(tx: Db, now: Date): Promise<void> {
  await tx.insert(appMeta).values({ key: CALENDAR_VERSION_KEY, value: 1, updatedAt: now }).onConflictDoUpdate({
    target: appMeta.key,
    set: { value: sql`to_jsonb((${appMeta.value} #>> '{}')::bigint + 1)`, updatedAt: now },
  });
}

function presentDay(row: { date: string; kind: string; name: string }): ScheduleDay {
  return { date: row.date as DateOnly, kind: row.kind === 'makeup_workday' ? 'makeup_workday' : 'holiday', name: row.name };
}

/** Every entered year with its days, oldest first. */
export async function listEnteredYears(db: Db): Promise<EnteredYear[]> {
  const [years, days] = await Promise.all([
    // The last entry or replacement: who and when.
    db.select({ year: calendarYears.year, source: calendarYears.source, enteredAt: calendarYears.updatedAt, enteredByName: users.name })
      .from(calendarYears).leftJoin(users, eq(users.id, calendarYears.updatedBy)).orderBy(asc(calendarYears.year)),
    db.select({ year: calendarDays.year, date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
      .from(calendarDays).orderBy(asc(calendarDays.date)),
  ]);
  return years.map((y) => ({ ...y, days: days.filter((d) => d.year === y.year).map(presentDay) }));
}

export async function enteredYearExists(db: Db, year: number): Promise<boolean> {
  const [row] = await db.select({ year: calendarYears.year }).from(calendarYears).where(eq(calendarYears.year, year));
  return Boolean(row);
}

/**
 * Replaces a year's schedule (or enters it the first time), keeping who first entered it. The year row is
 * written first: it locks the year, so a concurrent replacement waits and then deletes these days too.
 */
export async function replaceYear(tx: Db, year: number, input: YearScheduleInput, actorId: string | null, now: Date): Promise<void> {
  await tx.insert(calendarYears).values({ year, source: input.source, enteredBy: actorId, enteredAt: now, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: calendarYears.year, set: { source: input.source, updatedBy: actorId, updatedAt: now } });
  await tx.delete(calendarDays).where(eq(calendarDays.year, year));
  await tx.insert(calendarDays).values(input.days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name, createdBy: actorId, createdAt: now })));
  await bumpCalendarVersion(tx, now);
}

export async function deleteYear(tx: Db, year: number, now: Date): Promise<void> {
  await tx.delete(calendarDays).where(eq(calendarDays.year, year));
  await tx.delete(calendarYears).where(eq(calendarYears.year, year));
  await bumpCalendarVersion(tx, now);
}

const holidayColumns = {
  id: regionalHolidays.id, regionCode: regionalHolidays.regionCode, regionName: regions.name,
  date: regionalHolidays.date, name: regionalHolidays.name, createdAt: regionalHolidays.createdAt,
};

function presentHoliday(row: { id: string; regionCode: string; regionName: string | null; date: string; name: string; createdAt: Date }): RegionalHolidayRow {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** Live regional holidays, by date; `regionCode` filters by prefix (22 → all of 吉林省). */
export async function listRegionalHolidays(db: Db, query: { year?: number | undefined; regionCode?: string | undefined }): Promise<RegionalHolidayRow[]> {
  const rows = await db.select(holidayColumns).from(regionalHolidays).leftJoin(regions, eq(regions.code, regionalHolidays.regionCode))
    .where(and(
      isNull(regionalHolidays.deletedAt),
      query.year !== undefined ? gte(regionalHolidays.date, `${query.year}-01-01`) : undefined,
      query.year !== undefined ? lte(regionalHolidays.date, `${query.year}-12-31`) : undefined,
      query.regionCode ? like(regionalHolidays.regionCode, `${query.regionCode}%`) : undefined,
    ))
    .orderBy(asc(regionalHolidays.date), asc(regionalHolidays.regionCode));
  return rows.map(presentHoliday);
}

export async function getRegionalHoliday(db: Db, id: string): Promise<RegionalHolidayRow | null> {
  const [row] = await db.select(holidayColumns).from(regionalHolidays).leftJoin(regions, eq(regions.code, regionalHolidays.regionCode))
    .where(and(eq(regionalHolidays.id, id), isNull(regionalHolidays.deletedAt)));
  return row ? presentHoliday(row) : null;
}

/** All live regional holidays, for the engine. */
export async function allRegionalHolidays(db: Db): Promise<RegionalHoliday[]> {
  const rows = await db.select({ regionCode: regionalHolidays.regionCode, date: regionalHolidays.date, name: regionalHolidays.name })
    .from(regionalHolidays).where(isNull(regionalHolidays.deletedAt));
  return rows.map((r) => ({ ...r, date: r.date as DateOnly }));
}

export async function insertRegionalHoliday(tx: Db, input: RegionalHolidayInput, actorId: string | null, now: Date): Promise<string> {
  const [row] = await tx.insert(regionalHolidays)
    .values({ ...input, createdBy: actorId, createdAt: now, updatedBy: actorId, updatedAt: now }).returning({ id: regionalHolidays.id });
  if (!row) throw new Error('insert returned no row');
  await bumpCalendarVersion(tx, now);
  return row.id;
}

export async function updateRegionalHoliday(tx: Db, id: string, input: RegionalHolidayInput, actorId: string | null, now: Date): Promise<void> {
  await tx.update(regionalHolidays).set({ ...input, updatedBy: actorId, updatedAt: now }).where(eq(regionalHolidays.id, id));
  await bumpCalendarVersion(tx, now);
}

export async function softDeleteRegionalHoliday(tx: Db, id: string, actorId: string | null, now: Date): Promise<void> {
  await tx.update(regionalHolidays).set({ deletedAt: now, updatedBy: actorId, updatedAt: now }).where(eq(regionalHolidays.id, id));
  await bumpCalendarVersion(tx, now);
}
