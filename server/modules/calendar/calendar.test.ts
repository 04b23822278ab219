import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents, roles } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { addUserWithPermissions } from '../../test/extra_users';
import { startTestServer, type TestServer } from '../../test/harness';
import { waitForOperation } from '../../test/operations';
import { calendarCacheFor } from './cache';
import type { CalendarYearDetail, CalendarYearRow, RegionalHolidayRow } from './schema';
import { insertRegionalHoliday, listEnteredYears, replaceYear } from './store';

let server: TestServer;
// A clock far ahead, so the sessions the harness opens (expiring 8 hours after the app's clock) stay
// valid by the real clock, and 2041 is a year without a schedule that has not begun.
const TODAY = new Date('2040-12-06T04:00:00Z');
beforeAll(async () => {
  server = await startTestServer();
  server.now = TODAY;
  await addUserWithPermissions(server, 'noview', ['system:region:list']);
});
afterAll(async () => { await server.close(); });

// 2041-01-01 is a Tuesday; 02-11…02-15 Monday to Friday; 02-17 a Sunday.
const days2041 = [
  { date: '2041-01-01', kind: 'holiday', name: '元旦' },
  ...['11', '12', '13', '14', '15'].map((d) => ({ date: `2041-02-${d}`, kind: 'holiday', name: '春节' })),
  { date: '2041-02-17', kind: 'makeup_workday', name: '调休上班' },
];
const schedule2041 = { source: '国务院办公厅关于2041年部分节假日安排的通知', days: days2041 };
const holiday = { regionCode: '220102', date: '2041-03-04', name: '地方节日' };

async function deadline(query: string) {
  const response = await (await server.as('inspector')).get(`/api/calendar/deadline?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ date: string; provisional: boolean; unscheduledYears: number[] }>();
}

async function lastEvent() {
  const [event] = await server.db.select().from(domainEvents).orderBy(desc(domainEvents.id)).limit(1);
  return event;
}

describe('working-day calendar API', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/system/calendar/years', 'noview');
    await expectAuthRefusals(server, 'GET', '/api/system/calendar/years/2041', 'noview');
    await expectAuthRefusals(server, 'GET', '/api/calendar/deadline?from=2040-12-07&workingDays=3', 'noview');
    await expectAuthRefusals(server, 'GET', '/api/system/calendar/regional-holidays', 'noview');
    await expectAuthRefusals(server, 'PUT', '/api/system/calendar/years/2041', 'chaoyang', schedule2041);
    await expectAuthRefusals(server, 'DELETE', '/api/system/calendar/years/2041', 'inspector');
    await expectAuthRefusals(server, 'POST', '/api/system/calendar/regional-holidays', 'chaoyang', holiday);
    await expectAuthRefusals(server, 'PUT', `/api/system/calendar/regional-holidays/${randomUUID()}`, 'chaoyang', holiday);
    await expectAuthRefusals(server, 'DELETE', `/api/system/calendar/regional-holidays/${randomUUID()}`, 'inspector');
  });

  it('lists the built-in years and the next one as 暂定 with its fixed statutory days', async () => {
    const years = (await (await server.as('chaoyang')).get('/api/system/calendar/years')).json<CalendarYearRow[]>();
    expect(years.map((y) => [y.year, y.status, y.holidayDays, y.makeupWorkdays, y.editable])).toEqual([
      [2025, 'builtin', 28, 5, false], [2026, 'builtin', 33, 6, false], [2040, 'provisional', 5, 0, true], [2041, 'provisional', 5, 0, true],
    ]);
    const detail = (await (await server.as('inspector')).get('/api/system/calendar/years/2041')).json<CalendarYearDetail>();
    expect(detail.days.map((d) => `${d.date} ${d.name}`)).toEqual(['2041-01-01 元旦', '2041-05-01 劳动节', '2041-10-01 国庆节', '2041-10-02 国庆节', '2041-10-03 国庆节']);
  });

  it('rejects each invalid field, and each bad row with its index and field', async () => {
    const admin = await server.as('admin');
    await expectFieldErrors(admin, 'PUT', '/api/system/calendar/years/2041', schedule2041, {
      source: ['', 'a'.repeat(201), 5],
      days: [[], 'x', [{ date: '2041-02-30', kind: 'holiday', name: '春节' }], [{ date: '2041-02-01', kind: 'off', name: '春节' }], [{ date: '2041-02-01', kind: 'holiday', name: '' }]],
    });
    const rows = async (days: unknown[]) => {
      const r = await admin.put('/api/system/calendar/years/2041', { source: 's', days });
      expect(r.statusCode, r.body).toBe(400);
      return r.json<{ details: { field: string; message: string }[] }>().details;
    };
    expect(await rows([{ date: '2042-01-01', kind: 'holiday', name: '元旦' }])).toEqual([{ field: 'days.0.date', message: '第1行：2042-01-01不在2041年内' }]);
    expect(await rows([{ date: '2041-01-07', kind: 'makeup_workday', name: '调休上班' }])).toEqual([{ field: 'days.0.date', message: '第1行：调休上班日2041-01-07不是周六或周日' }]);
    expect(await rows([days2041[0], days2041[0]])).toEqual([{ field: 'days.1.date', message: '第2行：2041-01-01与第1行重复' }]);
    expect(await rows([{ date: '2041-02-17', kind: 'holiday', name: '春节' }, days2041[6]])).toEqual([
      { field: 'days.1.date', message: '第2行：2041-02-17不能既放假又调休上班（见第1行）' },
    ]);
    for (const year of ['abc', '1999', '2101', '2041.5']) {
      const r = await admin.put(`/api/system/calendar/years/${year}`, schedule2041);
      expect(r.statusCode, year).toBe(400);
      expect(r.json<{ details: { field: string }[] }>().details[0]?.field).toBe('year');
    }
    for (const query of ['from=2040-13-01&workingDays=1', 'from=2040-12-07&workingDays=-1', 'from=2040-12-07&workingDays=x', 'from=2040-12-07&workingDays=1&region=abc']) {
      const r = await admin.get(`/api/calendar/deadline?${query}`);
      expect(r.statusCode, query).toBe(400);
      expect(r.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('computes 暂定 deadlines until the year is entered, then recomputes them, logging the entry', async () => {
    expect(await deadline('from=2041-02-08&workingDays=5')).toEqual({ date: '2041-02-15', provisional: true, unscheduledYears: [2041] });
    expect(await deadline('from=2040-12-26&workingDays=5')).toEqual({ date: '2041-01-03', provisional: true, unscheduledYears: [2040, 2041] });
    const joint = await server.as('joint');
    const entered = await joint.put('/api/system/calendar/years/2041', schedule2041);
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json<CalendarYearDetail>()).toMatchObject({ year: 2041, status: 'entered', holidayDays: 6, makeupWorkdays: 1, enteredByName: '长春双随机办', editable: true });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'system:calendar:edit', summary: '录入年度节假日安排', targetType: 'calendar_year', targetId: '2041', outcome: 'success' });
    expect(await lastEvent()).toMatchObject({ operationSeq: op?.seq, type: 'CalendarYearEntered', payload: { year: 2041, holidayDays: 6, makeupWorkdays: 1, replaced: false } });
    expect(await deadline('from=2041-02-08&workingDays=5')).toEqual({ date: '2041-02-21', provisional: false, unscheduledYears: [] });

    const replaced = await joint.put('/api/system/calendar/years/2041', { ...schedule2041, days: days2041.slice(0, 1) });
    expect(replaced.json<CalendarYearDetail>().days).toEqual([{ date: '2041-01-01', kind: 'holiday', name: '元旦' }]);
    const replaceOp = await lastOperation(server);
    expect(replaceOp?.detail).toMatchObject({ year: 2041, previous: { days: expect.arrayContaining([{ date: '2041-02-17', kind: 'makeup_workday', name: '调休上班' }]) as unknown } });
    expect(await lastEvent()).toMatchObject({ type: 'CalendarYearEntered', payload: { replaced: true, holidayDays: 1 } });
    expect(await deadline('from=2041-02-08&workingDays=5')).toEqual({ date: '2041-02-15', provisional: false, unscheduledYears: [] });
  });

  it('answers 409 for a built-in year and for an entered year once it has begun, 404 for a year never entered', async () => {
    const admin = await server.as('admin');
    const builtin = await admin.put('/api/system/calendar/years/2025', schedule2041);
    expect(builtin.statusCode).toBe(409);
    expect(builtin.json()).toMatchObject({ code: 'CALENDAR_YEAR_BUILTIN', message: '2025年的节假日安排是内置的，不能修改' });
    expect((await admin.delete('/api/system/calendar/years/2026')).json()).toMatchObject({ code: 'CALENDAR_YEAR_BUILTIN' });
    await waitForOperation(server, { outcome: 'failure', errorCode: 'CALENDAR_YEAR_BUILTIN' });
    expect((await admin.delete('/api/system/calendar/years/2030')).statusCode).toBe(404);
    server.now = new Date('2041-01-05T02:00:00Z');
    try {
      const admin = await server.as('admin');
      const started = await admin.put('/api/system/calendar/years/2041', schedule2041);
      expect(started.statusCode).toBe(409);
      expect(started.json()).toMatchObject({ code: 'CALENDAR_YEAR_STARTED' });
      expect((await admin.delete('/api/system/calendar/years/2041')).json()).toMatchObject({ code: 'CALENDAR_YEAR_STARTED' });
      // A year nobody entered may still be entered late.
      const late = await admin.put('/api/system/calendar/years/2024', { source: '补录', days: [{ date: '2024-01-01', kind: 'holiday', name: '元旦' }] });
      expect(late.statusCode, late.body).toBe(200);
    } finally {
      server.now = TODAY;
    }
  });

  it('deletes an entered year, which becomes 暂定 again', async () => {
    const admin = await server.as('admin');
    expect((await admin.delete('/api/system/calendar/years/2041')).statusCode).toBe(204);
    expect(await lastEvent()).toMatchObject({ type: 'CalendarYearDeleted', payload: { year: 2041 } });
    const years = (await admin.get('/api/system/calendar/years')).json<CalendarYearRow[]>();
    expect(years.map((y) => [y.year, y.status])).toEqual([[2024, 'entered'], [2025, 'builtin'], [2026, 'builtin'], [2040, 'provisional'], [2041, 'provisional']]);
    expect(await deadline('from=2041-02-08&workingDays=5')).toMatchObject({ provisional: true });
  });
});

describe('regional holidays', () => {
  it('validates fields, region existence, scope, duplicates and past dates', async () => {
    const joint = await server.as('joint');
    await expectFieldErrors(joint, 'POST', '/api/system/calendar/regional-holidays', holiday, {
      regionCode: ['abc', '2201', null], date: ['2041-02-30', 'tomorrow', 3], name: ['', 'a'.repeat(21)],
    });
    const unknown = await joint.post('/api/system/calendar/regional-holidays', { ...holiday, regionCode: '229999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ details: { field: string }[] }>().details[0]?.field).toBe('regionCode');
    expect((await joint.post('/api/system/calendar/regional-holidays', { ...holiday, regionCode: '220202' })).statusCode).toBe(403);
    const past = await joint.post('/api/system/calendar/regional-holidays', { ...holiday, date: '2040-12-01' });
    expect(past.statusCode).toBe(409);
    expect(past.json()).toMatchObject({ code: 'REGIONAL_HOLIDAY_PAST' });
  });

  it('applies to its region and below only; creates, changes and deletes with log and events', async () => {
    const joint = await server.as('joint');
    const created = await joint.post('/api/system/calendar/regional-holidays', holiday);
    expect(created.statusCode, created.body).toBe(201);
    const row = created.json<RegionalHolidayRow>();
    expect(row).toMatchObject({ ...holiday, regionName: '南关区' });
    expect(await lastEvent()).toMatchObject({ type: 'RegionalHolidayCreated', payload: { holidayId: row.id, ...holiday } });
    expect((await joint.post('/api/system/calendar/regional-holidays', holiday)).json()).toMatchObject({ code: 'REGIONAL_HOLIDAY_TAKEN' });

    expect((await deadline('from=2041-03-01&workingDays=1&region=220102')).date).toBe('2041-03-05');
    expect((await deadline('from=2041-03-01&workingDays=1&region=220104')).date).toBe('2041-03-04');
    expect((await deadline('from=2041-03-01&workingDays=1')).date).toBe('2041-03-04');
    const detail = (await joint.get('/api/system/calendar/years/2041')).json<CalendarYearDetail>();
    expect(detail.regionalHolidays.map((h) => h.id)).toEqual([row.id]);
    expect((await joint.get('/api/system/calendar/regional-holidays?regionCode=2202')).json<RegionalHolidayRow[]>()).toEqual([]);

    const moved = await joint.put(`/api/system/calendar/regional-holidays/${row.id}`, { ...holiday, regionCode: '220100', name: '市级节日' });
    expect(moved.json<RegionalHolidayRow>()).toMatchObject({ regionCode: '220100', name: '市级节日' });
    expect(await lastEvent()).toMatchObject({ type: 'RegionalHolidayUpdated', payload: { changed: ['regionCode', 'name'] } });
    expect((await deadline('from=2041-03-01&workingDays=1&region=220104')).date).toBe('2041-03-05');

    expect((await (await server.as('jilin')).get('/api/system/calendar/regional-holidays')).json<RegionalHolidayRow[]>()).toHaveLength(1);
    expect((await joint.delete(`/api/system/calendar/regional-holidays/${row.id}`)).statusCode).toBe(204);
    expect(await lastEvent()).toMatchObject({ type: 'RegionalHolidayDeleted', payload: { holidayId: row.id } });
    expect((await joint.get('/api/system/calendar/regional-holidays')).json<RegionalHolidayRow[]>()).toEqual([]);
    expect((await joint.delete(`/api/system/calendar/regional-holidays/${row.id}`)).statusCode).toBe(404);
    expect((await deadline('from=2041-03-01&workingDays=1&region=220104')).date).toBe('2041-03-04');
  });

  it('a holiday whose day has passed can no longer be changed or deleted', async () => {
    const row = (await (await server.as('admin')).post('/api/system/calendar/regional-holidays', { ...holiday, date: '2040-12-10' })).json<RegionalHolidayRow>();
    server.now = new Date('2040-12-11T02:00:00Z');
    try {
      const admin = await server.as('admin');
      expect((await admin.put(`/api/system/calendar/regional-holidays/${row.id}`, { ...holiday, date: '2040-12-20' })).json()).toMatchObject({ code: 'REGIONAL_HOLIDAY_PAST' });
      expect((await admin.delete(`/api/system/calendar/regional-holidays/${row.id}`)).statusCode).toBe(409);
    } finally {
      server.now = TODAY;
    }
  });
});

describe('calendar cache', () => {
  it('reloads only when the version moved, also for a change made by another instance', async () => {
    const cache = calendarCacheFor(server.db);
    await deadline('from=2041-04-01&workingDays=1');
    const loads = cache.loadCount;
    await deadline('from=2041-04-01&workingDays=1');
    expect(cache.loadCount).toBe(loads);
    // Another instance writes through the same store functions, which move the version.
    await server.db.transaction((tx) => insertRegionalHoliday(tx, { regionCode: '220000', date: '2041-04-02', name: '省级节日' }, null, new Date()));
    expect((await deadline('from=2041-04-01&workingDays=1&region=220104')).date).toBe('2041-04-03');
    expect(cache.loadCount).toBe(loads + 1);
  });
});

describe('entering a year twice at the same time', () => {
  it('the second replacement waits for the first and replaces its days (no duplicate-key failure)', async () => {
    const first = { source: '第一次', days: [{ date: '2043-01-01', kind: 'holiday' as const, name: '元旦' }] };
    const second = { source: '第二次', days: [{ date: '2043-01-01', kind: 'holiday' as const, name: '元旦' }, { date: '2043-01-02', kind: 'holiday' as const, name: '元旦' }] };
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let entered = () => undefined as void;
    const firstWritten = new Promise<void>((resolve) => { entered = resolve; });
    const tx1 = server.db.transaction(async (tx) => {
      await replaceYear(tx, 2043, first, null, new Date());
      entered();
      await held;
    });
    await firstWritten;
    const tx2 = server.db.transaction((tx) => replaceYear(tx, 2043, second, null, new Date()));
    if (process.env['SUIJI_TEST_DB'] === 'pg') {
      // Let the second transaction reach the year row and wait on the first one's lock.
      for (let i = 0; i < 200; i += 1) {
        const result: unknown = await server.db.execute(sql`select count(*)::int as n from pg_locks where not granted`);
        const [row] = (result as { rows: { n: number }[] }).rows;
        if ((row?.n ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    release();
    await tx1;
    await tx2;
    const year = (await listEnteredYears(server.db)).find((y) => y.year === 2043);
    expect(year).toMatchObject({ source: '第二次', days: second.days });
  });
});

describe('migration 0013 on an installation created before it', () => {
  it('grants the built-in roles the 工作日历 permissions once', async () => {
    const file = readFileSync(new URL('../../db/migrations/0013_calendar.sql', import.meta.url), 'utf8');
    const updates = file.split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => /^(--[^\n]*\n)*UPDATE "roles"/.test(s));
    expect(updates).toHaveLength(2);
    const strip = sql`update roles set permissions = array_remove(array_remove(permissions, 'system:calendar:view'), 'system:calendar:edit') where builtin`;
    await server.db.execute(strip);
    for (let run = 0; run < 2; run += 1) for (const statement of updates) await server.db.execute(sql.raw(statement));
    const rows = await server.db.select({ key: roles.key, permissions: roles.permissions }).from(roles).where(eq(roles.builtin, true));
    const granted = Object.fromEntries(rows.map((r) => [r.key, r.permissions.filter((p) => p.startsWith('system:calendar:'))]));
    expect(granted).toEqual({
      system_admin: ['system:calendar:view', 'system:calendar:edit'], joint_office: ['system:calendar:view', 'system:calendar:edit'],
      dept_admin: ['system:calendar:view'], dept_head: ['system:calendar:view'], justice_reviewer: ['system:calendar:view'],
      draw_supervisor: ['system:calendar:view'], inspector: ['system:calendar:view'],
    });
  });
});
