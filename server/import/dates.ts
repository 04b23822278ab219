/**
 * Dates in imported tables. People type 2028-12-31, 2028/12/31, 2028.12.31 or 2028年12月31日, systems
 * export 20281231, and a date cell of an .xlsx arrives as its serial number (the streaming reader ignores
 * styles, so 2028-12-31 is 47118): all become a 'YYYY-MM-DD' calendar date.
 */
import { err, ok, type Result } from '../../domain/basics/result';
import { fromDayNumber, parseDateOnly, type DateOnly } from '../../domain/calendar/civil_date';

/** Excel's 1900 date system: serial 25569 is 1970-01-01 (serials before 1900-03-01 are not dates people import). */
const EXCEL_EPOCH_OFFSET = 25569;

export function parseImportDate(text: string): Result<DateOnly, string> {
  const value = text.trim();
  if (/^\d{5}(\.\d+)?$/.test(value)) {
    const serial = Math.floor(Number(value));
    if (serial >= 367 && serial <= 2_958_465) return ok(fromDayNumber(serial - EXCEL_EPOCH_OFFSET));
  }
  // 20281231, as registration systems export it, or a spelled date.
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value) ?? /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value);
  const normalised = m ? `${m[1] ?? ''}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}` : value;
  const parsed = parseDateOnly(normalised);
  return parsed.ok ? ok(parsed.value) : err(m ? parsed.error.message : `日期格式应为 2028-12-31，实际为“${value}”`);
}
