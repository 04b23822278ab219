import { z } from 'zod';
import { SCHEDULE_NAME_MAX } from '../../../domain/calendar/schedule_input';
import { regionCodeField, text } from '../../http/fields';
import { dateField } from '../inspectors/schema';

/** Years the platform can hold a schedule for. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export const YearStatusField = z.enum(['builtin', 'entered', 'provisional']);

export const YearParams = z.object({
  year: z.coerce.number({ error: '年份必须是数字' }).int({ error: '年份必须是整数' })
    .min(MIN_YEAR, { error: `年份不能早于 ${MIN_YEAR}` }).max(MAX_YEAR, { error: `年份不能晚于 ${MAX_YEAR}` }),
});

export const CalendarYearRow = z.object({
  year: z.number().int(),
  status: YearStatusField,
  source: z.string().nullable(),
  holidayDays: z.number().int(),
  makeupWorkdays: z.number().int(),
  enteredAt: z.string().nullable(),
  enteredByName: z.string().nullable(),
  /** Whether an administrator may still replace or delete it (an entered year before it begins). */
  editable: z.boolean(),
});
export type CalendarYearRow = z.infer<typeof CalendarYearRow>;

export const ScheduleDayRow = z.object({ date: z.string(), kind: z.enum(['holiday', 'makeup_workday']), name: z.string() });

export const RegionalHolidayRow = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string().nullable(), date: z.string(), name: z.string(), createdAt: z.string(),
});
export type RegionalHolidayRow = z.infer<typeof RegionalHolidayRow>;

export const CalendarYearDetail = CalendarYearRow.extend({
  /** 放假 and 调休上班 days; for a 暂定 year, the fixed statutory days the engine assumes. */
  days: z.array(ScheduleDayRow),
  regionalHolidays: z.array(RegionalHolidayRow),
});
export type CalendarYearDetail = z.infer<typeof CalendarYearDetail>;

export const ScheduleDayInput = z.object({
  date: dateField('日期'),
  kind: z.enum(['holiday', 'makeup_workday'], { error: '类型只能是 holiday（放假）或 makeup_workday（调休上班）' }),
  name: text('名称', SCHEDULE_NAME_MAX),
});

export const YearScheduleInput = z.object({
  source: text('依据（通知文号）', 200),
  days: z.array(ScheduleDayInput, { error: '请填写放假和调休日期' }).min(1, { error: '至少填写一天' }).max(400, { error: '一年最多 400 行' }),
});
export type YearScheduleInput = z.infer<typeof YearScheduleInput>;

export const RegionalHolidayInput = z.object({
  regionCode: regionCodeField,
  date: dateField('日期'),
  name: text('名称', SCHEDULE_NAME_MAX),
});
export type RegionalHolidayInput = z.infer<typeof RegionalHolidayInput>;

export const RegionalHolidayQuery = z.object({
  year: YearParams.shape.year.optional(),
  regionCode: z.string().regex(/^\d{2,6}$/, { error: '行政区划代码应为 2–6 位数字' }).optional(),
});

export const DeadlineQuery = z.object({
  from: dateField('起算日期'),
  workingDays: z.coerce.number({ error: '工作日数必须是数字' }).int({ error: '工作日数必须是整数' })
    .min(0, { error: '工作日数不能小于 0' }).max(366, { error: '工作日数不能超过 366' }),
  region: regionCodeField.optional(),
});

export const DeadlineResult = z.object({
  date: z.string(),
  /** 暂定: the period runs through a year without an official schedule. */
  provisional: z.boolean(),
  unscheduledYears: z.array(z.number().int()),
});
