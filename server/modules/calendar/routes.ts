import { z } from 'zod';
import type { DataScope } from '../../../domain/access/data_scope';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import { BUILTIN_SCHEDULES } from '../../../domain/calendar/holidays';
import { calendarForRegion } from '../../../domain/calendar/regional_calendar';
import { daysOfSchedule, validateScheduleDays, type ScheduleDay } from '../../../domain/calendar/schedule_input';
import { FIXED_STATUTORY_HOLIDAYS, addWorkingDays } from '../../../domain/calendar/working_days';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { idParams } from '../../http/fields';
import { shanghaiDate } from '../../http/today';
import { regionExists } from '../departments/store';
import { requireAuth } from '../users/routes';
import { calendarCacheFor, type CalendarSnapshot } from './cache';
import {
  CalendarYearDetail, CalendarYearRow, DeadlineQuery, DeadlineResult, RegionalHolidayInput, RegionalHolidayQuery, RegionalHolidayRow,
  YearParams, YearScheduleInput,
} from './schema';
import {
  deleteYear, getRegionalHoliday, insertRegionalHoliday, listRegionalHolidays, replaceYear, softDeleteRegionalHoliday, updateRegionalHoliday,
} from './store';

const tags = ['系统管理-工作日历'];
const BUILTIN = new Map(BUILTIN_SCHEDULES.map((s) => [s.year, s]));

function provisionalDays(year: number): ScheduleDay[] {
  return [...FIXED_STATUTORY_HOLIDAYS].map(([monthDay, name]) => ({ date: `${year}-${monthDay}` as DateOnly, kind: 'holiday' as const, name }));
}

/**
 * An entered year may be replaced or deleted until it begins: from 1 January on, deadlines computed with
 * it are in force and would move under the users' feet. A year without a schedule may always be entered.
 */
function yearStarted(year: number, today: DateOnly): boolean {
  return today >= `${year}-01-01`;
}

function regionAllowed(scope: DataScope, regionCode: string): boolean {
  return scope.kind === 'all' || scope.regionPrefixes.some((p) => regionCode.startsWith(p));
}

export function registerCalendarRoutes(app: TypedApp, services: AppServices): void {
  const cache = calendarCacheFor(services.db);
  const today = () => shanghaiDate(services.now());

  function yearRow(snapshot: CalendarSnapshot, year: number): CalendarYearRow & { days: ScheduleDay[] } {
    const builtin = BUILTIN.get(year);
    const entered = snapshot.entered.get(year);
    const days = builtin ? daysOfSchedule(builtin) : entered ? [...entered.days] : provisionalDays(year);
    const count = (kind: ScheduleDay['kind']) => days.filter((d) => d.kind === kind).length;
    return {
      year,
      status: builtin ? 'builtin' : entered ? 'entered' : 'provisional',
      source: builtin?.source ?? entered?.source ?? null,
      holidayDays: count('holiday'),
      makeupWorkdays: count('makeup_workday'),
      enteredAt: entered ? entered.enteredAt.toISOString() : null,
      enteredByName: entered?.enteredByName ?? null,
      editable: !builtin && !(entered && yearStarted(year, today())),
      days,
    };
  }

  async function holidayById(id: string): Promise<RegionalHolidayRow> {
    const row = await getRegionalHoliday(services.db, id);
    if (!row) throw notFound('地方假日');
    return row;
  }

  async function checkHolidayInput(scope: DataScope, input: RegionalHolidayInput): Promise<void> {
    if (!(await regionExists(services.db, input.regionCode))) {
      throw badRequest('VALIDATION_FAILED', `行政区划代码 ${input.regionCode} 不存在或已停用`, [{ field: 'regionCode', message: '行政区划不存在或已停用' }]);
    }
    if (!regionAllowed(scope, input.regionCode)) throw forbidden('只能为本人数据权限范围内的行政区划设置地方假日');
    if (input.date < today()) throw conflict('REGIONAL_HOLIDAY_PAST', `${input.date}已经过去，不能再设为地方假日（已计算的期限不应改变）`);
  }

  function checkHolidayChangeable(scope: DataScope, row: RegionalHolidayRow): void {
    if (!regionAllowed(scope, row.regionCode)) throw forbidden('只能修改本人数据权限范围内的地方假日');
    if (row.date < today()) throw conflict('REGIONAL_HOLIDAY_PAST', `地方假日${row.date}已经过去，不能修改或删除`);
  }

  const duplicateHoliday = (input: RegionalHolidayInput) => (error: unknown): never => {
    if (uniqueViolation(error) !== null) throw conflict('REGIONAL_HOLIDAY_TAKEN', `${input.regionCode}在${input.date}已有地方假日`);
    throw error;
  };

  app.get('/api/system/calendar/years', {
    config: { access: 'system:calendar:view' },
    schema: { tags, summary: '年度列表（内置 / 已录入 / 暂定）', response: { 200: z.array(CalendarYearRow), ...errorResponses } },
  }, async () => {
    const snapshot = await cache.current();
    const current = Number(today().slice(0, 4));
    const years = new Set([...BUILTIN.keys(), ...snapshot.entered.keys(), current, current + 1]);
    return [...years].sort((a, b) => a - b).map((year) => {
      const { days: _days, ...row } = yearRow(snapshot, year);
      return row;
    });
  });

  app.get('/api/system/calendar/years/:year', {
    config: { access: 'system:calendar:view' },
    schema: { tags, summary: '某年的放假、调休上班日与地方假日', params: YearParams, response: { 200: CalendarYearDetail, ...errorResponses } },
  }, async (request) => {
    const snapshot = await cache.current();
    return { ...yearRow(snapshot, request.params.year), regionalHolidays: await listRegionalHolidays(services.db, { year: request.params.year }) };
  });

  app.put('/api/system/calendar/years/:year', {
    config: { access: 'system:calendar:edit', summary: '录入年度节假日安排' },
    schema: { tags, summary: '录入或替换某年的节假日安排（内置年份和已开始的年份不能修改）', params: YearParams, body: YearScheduleInput, response: { 200: CalendarYearDetail, ...errorResponses } },
  }, async (request) => {
    const { year } = request.params;
    if (BUILTIN.has(year)) throw conflict('CALENDAR_YEAR_BUILTIN', `${year}年的节假日安排是内置的，不能修改`);
    const before = (await cache.current()).entered.get(year);
    if (before && yearStarted(year, today())) throw conflict('CALENDAR_YEAR_STARTED', `${year}年已经开始，已录入的节假日安排不能再修改`);
    const problems = validateScheduleDays(year, request.body.days);
    if (problems.length > 0) {
      const details = problems.map((p) => ({ field: `days.${p.index}.${p.field}`, message: p.message }));
      throw badRequest('VALIDATION_FAILED', `节假日安排有 ${problems.length} 处错误：${problems[0]?.message ?? ''}`, details);
    }
    await runChange(request, services, async (tx, record) => {
      await replaceYear(tx, year, request.body, request.auth?.user.id ?? null, services.now());
      const holidayDays = request.body.days.filter((d) => d.kind === 'holiday').length;
      const makeupWorkdays = request.body.days.length - holidayDays;
      record.target('calendar_year', String(year));
      record.detail({ year, source: request.body.source, days: request.body.days, ...(before ? { previous: { source: before.source, days: before.days } } : {}) });
      record.event({ type: 'CalendarYearEntered', year, holidayDays, makeupWorkdays, replaced: Boolean(before) });
    });
    const snapshot = await cache.current();
    return { ...yearRow(snapshot, year), regionalHolidays: await listRegionalHolidays(services.db, { year }) };
  });

  app.delete('/api/system/calendar/years/:year', {
    config: { access: 'system:calendar:edit', summary: '删除已录入的年度节假日安排' },
    schema: { tags, summary: '删除已录入的年度安排（该年回到暂定；内置年份和已开始的年份不能删除）', params: YearParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const { year } = request.params;
    if (BUILTIN.has(year)) throw conflict('CALENDAR_YEAR_BUILTIN', `${year}年的节假日安排是内置的，不能删除`);
    const before = (await cache.current()).entered.get(year);
    if (!before) throw notFound(`${year}年的节假日安排`);
    if (yearStarted(year, today())) throw conflict('CALENDAR_YEAR_STARTED', `${year}年已经开始，已录入的节假日安排不能删除`);
    await runChange(request, services, async (tx, record) => {
      await deleteYear(tx, year, services.now());
      record.target('calendar_year', String(year));
      record.detail({ year, source: before.source, days: before.days });
      record.event({ type: 'CalendarYearDeleted', year });
    });
    return reply.status(204).send(null);
  });

  app.get('/api/system/calendar/regional-holidays', {
    config: { access: 'system:calendar:view' },
    schema: { tags, summary: '地方假日列表', querystring: RegionalHolidayQuery, response: { 200: z.array(RegionalHolidayRow), ...errorResponses } },
  }, async (request) => listRegionalHolidays(services.db, request.query));

  app.post('/api/system/calendar/regional-holidays', {
    config: { access: 'system:calendar:edit', summary: '新增地方假日' },
    schema: { tags, summary: '新增地方假日（适用于该区划及其下级）', body: RegionalHolidayInput, response: { 201: RegionalHolidayRow, ...errorResponses } },
  }, async (request, reply) => {
    const input = request.body;
    await checkHolidayInput(requireAuth(request.auth).scope, input);
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertRegionalHoliday(tx, input, request.auth?.user.id ?? null, services.now());
      record.target('regional_holiday', created);
      record.detail({ ...input });
      record.event({ type: 'RegionalHolidayCreated', holidayId: created, ...input });
      return created;
    }).catch(duplicateHoliday(input));
    return reply.status(201).send(await holidayById(id));
  });

  app.put('/api/system/calendar/regional-holidays/:id', {
    config: { access: 'system:calendar:edit', summary: '修改地方假日' },
    schema: { tags, summary: '修改地方假日（已过去的不能修改）', params: idParams, body: RegionalHolidayInput, response: { 200: RegionalHolidayRow, ...errorResponses } },
  }, async (request) => {
    const scope = requireAuth(request.auth).scope;
    const before = await holidayById(request.params.id);
    const input = request.body;
    checkHolidayChangeable(scope, before);
    await checkHolidayInput(scope, input);
    await runChange(request, services, async (tx, record) => {
      await updateRegionalHoliday(tx, before.id, input, request.auth?.user.id ?? null, services.now());
      const changed = (['regionCode', 'date', 'name'] as const).filter((k) => input[k] !== before[k]);
      record.target('regional_holiday', before.id);
      record.detail({ changed, before: { regionCode: before.regionCode, date: before.date, name: before.name }, after: input });
      record.event({ type: 'RegionalHolidayUpdated', holidayId: before.id, regionCode: input.regionCode, date: input.date, changed });
    }).catch(duplicateHoliday(input));
    return holidayById(before.id);
  });

  app.delete('/api/system/calendar/regional-holidays/:id', {
    config: { access: 'system:calendar:edit', summary: '删除地方假日' },
    schema: { tags, summary: '删除地方假日（已过去的不能删除）', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const before = await holidayById(request.params.id);
    checkHolidayChangeable(requireAuth(request.auth).scope, before);
    await runChange(request, services, async (tx, record) => {
      await softDeleteRegionalHoliday(tx, before.id, request.auth?.user.id ?? null, services.now());
      record.target('regional_holiday', before.id);
      record.detail({ regionCode: before.regionCode, date: before.date, name: before.name });
      record.event({ type: 'RegionalHolidayDeleted', holidayId: before.id, regionCode: before.regionCode, date: before.date });
    });
    return reply.status(204).send(null);
  });

  app.get('/api/calendar/deadline', {
    config: { access: 'system:calendar:view' },
    schema: {
      tags, summary: '期限计算：起算日之后第 N 个工作日（跨未公布安排的年份时为暂定）',
      querystring: DeadlineQuery, response: { 200: DeadlineResult, ...errorResponses },
    },
  }, async (request) => {
    const { from, workingDays, region } = request.query;
    const snapshot = await cache.current();
    const result = addWorkingDays(from as DateOnly, workingDays, calendarForRegion(snapshot.set, region ?? null));
    return { date: result.date, provisional: result.provisional, unscheduledYears: [...result.unscheduledYears] };
  });
}
