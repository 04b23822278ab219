import { dateOnly, type DateOnly } from '../../domain/calendar/civil_date';

/**
 * The calendar day in China (Asia/Shanghai, UTC+8 all year, no daylight saving) of an instant: the
 * day a user means by 「今天」, whatever the server's own time zone.
 */
export function shanghaiDate(instant: Date): DateOnly {
  return dateOnly(new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
}
