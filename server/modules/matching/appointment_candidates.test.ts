/**
 * 直接委派 candidates: the task's pool (lead and participating departments, on duty), whatever the caller's own data
 * scope; only the lead department, only a task it may see, only where the task declared direct appointment.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectAuthRefusals } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { addDrawnTask, addEntities, addInspectors, at, type DrawnTask } from '../dispatch/test_fixtures';
import type { InspectorRow } from '../inspectors/schema';
import type { AppointmentCandidate } from './schema';

const FAKE = '00000000-0000-4000-8000-000000000000';
let server: TestServer;
let declared: DrawnTask;
let undeclared: DrawnTask;
beforeAll(async () => {
  server = await startTestServer();
  at(server, '2026-12-04T01:00:00Z');
  const d = server.fixture.departments;
  const entities = await addEntities(server, ['长春甲商贸有限公司', '长春乙餐饮有限公司']);
  await addInspectors(server, d.chaoyangMarket, ['朝阳一', '朝阳二']);
  await addInspectors(server, d.chaoyangMarket, ['朝阳休假'], { status: 'on_leave' });
  await addInspectors(server, d.nanguanMarket, ['南关一', '南关二']);
  await addInspectors(server, d.jilinMarket, ['吉林一']);
  declared = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: entities, team: { directAppointment: true } });
  undeclared = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: entities });
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const url = (t: DrawnTask | string) => `/api/workflow/tasks/${typeof t === 'string' ? t : t.taskId}/appointment-candidates`;

describe('直接委派 candidates', () => {
  it('refuses anonymous callers, callers without the permission, other departments, tasks out of scope and undeclared tasks', async () => {
    await expectAuthRefusals(server, 'GET', url(declared), 'inspector');
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.get(url(FAKE))).statusCode).toBe(404);
    expect((await chaoyang.get(url('x'))).statusCode).toBe(400);
    expect((await (await server.as('jilin')).get(url(declared))).statusCode).toBe(404);
    const partner = await (await server.as('nanguan')).get(url(declared));
    expect(partner.statusCode).toBe(403);
    expect(partner.json()).toMatchObject({ code: 'FORBIDDEN' });
    const refused = await chaoyang.get(url(undeclared));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'DIRECT_APPOINTMENT_NOT_DECLARED' });
  });

  it('lists the on-duty inspectors of the lead and the joint partners, lead first, beyond the caller’s own scope', async () => {
    const chaoyang = await server.as('chaoyang');
    const own = (await chaoyang.get('/api/directory/inspectors?pageSize=100')).json<{ rows: InspectorRow[] }>().rows.map((r) => r.name);
    expect(own).not.toContain('南关一');
    const response = await chaoyang.get(url(declared));
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json<AppointmentCandidate[]>();
    expect(rows.map((r) => r.name)).toEqual(['朝阳二', '朝阳一', '南关二', '南关一']);
    expect(rows.every((r) => r.certificateNo !== '' && r.departmentName.endsWith('市场监督管理局'))).toBe(true);
  });
});
