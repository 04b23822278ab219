import type { DateOnly } from './civil_date';

/**
 * One year's official holiday and 调休 schedule, as published by the 国务院办公厅. This is data, so the
 * same shape can come from an administrator-edited table (domain.md §3 M16 item 5; A1 `cs_sys_holiday`).
 */
export interface HolidayPeriod {
  /** e.g. 春节 */
  readonly name: string;
  /** First day off, inclusive. */
  readonly from: DateOnly;
  /** Last day off, inclusive. */
  readonly to: DateOnly;
}

export interface YearSchedule {
  readonly year: number;
  /** The notice the schedule comes from. */
  readonly source: string;
  readonly holidays: readonly HolidayPeriod[];
  /** 调休上班日: weekend days that are working days. */
  readonly makeupWorkdays: readonly DateOnly[];
}

const d = (s: string): DateOnly => s as DateOnly;

/**
 * 《国务院办公厅关于2025年部分节假日安排的通知》(国办发明电〔2024〕12号, 2024-11-12), the first year with two
 * extra statutory holiday days (domain.md §4.6). 248 working days.
 */
export const SCHEDULE_2025: YearSchedule = {
  year: 2025,
  source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
  holidays: [
    { name: '元旦', from: d('2025-01-01'), to: d('2025-01-01') },
    { name: '春节', from: d('2025-01-28'), to: d('2025-02-04') },
    { name: '清明节', from: d('2025-04-04'), to: d('2025-04-06') },
    { name: '劳动节', from: d('2025-05-01'), to: d('2025-05-05') },
    { name: '端午节', from: d('2025-05-31'), to: d('2025-06-02') },
    { name: '国庆节、中秋节', from: d('2025-10-01'), to: d('2025-10-08') },
  ],
  makeupWorkdays: [d('2025-01-26'), d('2025-02-08'), d('2025-04-27'), d('2025-09-28'), d('2025-10-11')],
};

/** 《国务院办公厅关于2026年部分节假日安排的通知》(2025-11-04, domain.md §4.6). 248 working days. */
export const SCHEDULE_2026: YearSchedule = {
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
  holidays: [
    { name: '元旦', from: d('2026-01-01'), to: d('2026-01-03') },
    { name: '春节', from: d('2026-02-15'), to: d('2026-02-23') },
    { name: '清明节', from: d('2026-04-04'), to: d('2026-04-06') },
    { name: '劳动节', from: d('2026-05-01'), to: d('2026-05-05') },
    { name: '端午节', from: d('2026-06-19'), to: d('2026-06-21') },
    { name: '中秋节', from: d('2026-09-25'), to: d('2026-09-27') },
    { name: '国庆节', from: d('2026-10-01'), to: d('2026-10-07') },
  ],
  makeupWorkdays: [d('2026-01-04'), d('2026-02-14'), d('2026-02-28'), d('2026-05-09'), d('2026-09-20'), d('2026-10-10')],
};

/** The schedules shipped with the platform. 2027 was not published when this was written. */
export const BUILTIN_SCHEDULES: readonly YearSchedule[] = [SCHEDULE_2025, SCHEDULE_2026];
