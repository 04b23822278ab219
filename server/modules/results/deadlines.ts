/**
 * The result deadlines on the working-day calendar: entry within N working days of the check (曲阳第20条, 5 unless the
 * region set otherwise) and publication within 20 (长春第19条). The per-region setting is kept with the region's other
 * workflow settings (approval_chain_settings, record type 'result'); the nearest ancestor's applies.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import { DEADLINE_RULES } from '../../../domain/calendar/deadlines';
import { calendarForRegion } from '../../../domain/calendar/regional_calendar';
import { addWorkingDays } from '../../../domain/calendar/working_days';
import type { Db } from '../../db/database';
import { approvalChainSettings } from '../../db/schema';
import type { CalendarCache } from '../calendar/cache';

export const RESULT_SETTINGS_RECORD = 'result';

export interface ResultDeadlineSettings {
  readonly regionCode: string;
  readonly entryWorkingDays: number;
  readonly publishWorkingDays: number;
}

export const DEFAULT_RESULT_SETTINGS = {
  entryWorkingDays: DEADLINE_RULES.result_entry.workingDays,
  publishWorkingDays: DEADLINE_RULES.disclosure.workingDays,
};

/** The settings of the region or its nearest ancestor (district → city → province), else the defaults. */
export async function resultSettingsFor(db: Db, regionCode: string): Promise<ResultDeadlineSettings> {
  const chain = [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`];
  const rows = await db.select().from(approvalChainSettings).where(and(eq(approvalChainSettings.recordType, RESULT_SETTINGS_RECORD), inArray(approvalChainSettings.regionCode, chain)));
  for (const code of chain) {
    const row = rows.find((r) => r.regionCode === code);
    const value = row?.chain as Partial<ResultDeadlineSettings> | undefined;
    if (value && typeof value.entryWorkingDays === 'number' && typeof value.publishWorkingDays === 'number') {
      return { regionCode: code, entryWorkingDays: value.entryWorkingDays, publishWorkingDays: value.publishWorkingDays };
    }
  }
  return { regionCode, ...DEFAULT_RESULT_SETTINGS };
}

export async function saveResultSettings(tx: Db, settings: ResultDeadlineSettings, actorId: string, now: Date): Promise<void> {
  const chain = { entryWorkingDays: settings.entryWorkingDays, publishWorkingDays: settings.publishWorkingDays };
  await tx.insert(approvalChainSettings).values({ regionCode: settings.regionCode, recordType: RESULT_SETTINGS_RECORD, chain, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: [approvalChainSettings.regionCode, approvalChainSettings.recordType], set: { chain, updatedBy: actorId, updatedAt: now } });
}

export interface ResultDeadlines {
  readonly entryDue: string;
  readonly publishDue: string;
  /** Either runs through a year without an official schedule (暂定). */
  readonly dueProvisional: boolean;
}

export async function resultDeadlines(db: Db, cache: CalendarCache, regionCode: string, checkDate: DateOnly): Promise<ResultDeadlines> {
  const settings = await resultSettingsFor(db, regionCode);
  const calendar = calendarForRegion((await cache.current()).set, regionCode);
  const entry = addWorkingDays(checkDate, settings.entryWorkingDays, calendar);
  const publish = addWorkingDays(checkDate, settings.publishWorkingDays, calendar);
  return { entryDue: entry.date, publishDue: publish.date, dueProvisional: entry.provisional || publish.provisional };
}
