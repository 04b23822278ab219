/**
 * The working-day calendar each app instance keeps in memory. Before every use it reads
 * `calendar_version` (one primary-key lookup); when another instance (or this one) changed the calendar,
 * the version moved and the calendar is reloaded. The version is read before the data, so a reload that
 * races a change caches the older version number and reloads again at the next use.
 */
import { buildCalendarSet, type CalendarSet } from '../../../domain/calendar/regional_calendar';
import { scheduleFromDays } from '../../../domain/calendar/schedule_input';
import type { Db } from '../../db/database';
import { allRegionalHolidays, listEnteredYears, readCalendarVersion, type EnteredYear } from './store';

export interface CalendarSnapshot {
  readonly version: number;
  readonly set: CalendarSet;
  readonly entered: ReadonlyMap<number, EnteredYear>;
}

export class CalendarCache {
  private snapshot: CalendarSnapshot | null = null;
  private loads = 0;

  constructor(private readonly db: Db) {}

  /** How many times the calendar was loaded from the database (for tests and monitoring). */
  get loadCount(): number {
    return this.loads;
  }

  async current(): Promise<CalendarSnapshot> {
    const version = await readCalendarVersion(this.db);
    if (this.snapshot?.version === version) return this.snapshot;
    const [entered, regional] = await Promise.all([listEnteredYears(this.db), allRegionalHolidays(this.db)]);
    const set = buildCalendarSet(entered.map((y) => scheduleFromDays(y.year, y.source, y.days)), regional);
    // Entered rows are validated on the way in, so a failure here means the table was edited by hand.
    if (!set.ok) throw new Error(`工作日历数据不一致：${set.error.message}`);
    this.loads += 1;
    this.snapshot = { version, set: set.value, entered: new Map(entered.map((y) => [y.year, y])) };
    return this.snapshot;
  }
}

const caches = new WeakMap<Db, CalendarCache>();

/** The one cache per database handle, shared by every module that computes deadlines. */
export function calendarCacheFor(db: Db): CalendarCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new CalendarCache(db);
    caches.set(db, cache);
  }
  return cache;
}
