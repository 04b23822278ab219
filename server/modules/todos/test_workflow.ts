/** Test helpers: workflow rows (plans, versions, tasks, draws) and users of the built-in roles, written straight to the tables. */
import { eq } from 'drizzle-orm';
import { DEFAULT_PLAN_CHAIN, DEFAULT_TASK_CHAIN } from '../../../domain/workflow/approval_chain';
import { departments, dispatches, draws, inspectors, planVersions, plans, replacements, roles, tasks, userRoles, users } from '../../db/schema';
import { TEST_PASSWORD, type TestServer } from '../../test/harness';
import { hashPassword } from '../auth/password';

export async function addDepartment(server: TestServer, name: string, type: string, regionCode: string): Promise<string> {
  const [row] = await server.db.insert(departments).values({ name, type, regionCode }).returning({ id: departments.id });
  if (!row) throw new Error('department');
  return row.id;
}

/** A user holding one built-in role (dept_admin, dept_head, justice_reviewer, joint_office, draw_supervisor, inspector). */
export async function addRoleUser(server: TestServer, account: string, roleKey: string, departmentId: string): Promise<string> {
  const [role] = await server.db.select({ id: roles.id }).from(roles).where(eq(roles.key, roleKey));
  const [user] = await server.db.insert(users).values({ account, name: account, departmentId, passwordHash: await hashPassword(TEST_PASSWORD) }).returning({ id: users.id });
  if (!role || !user) throw new Error(`user ${account}`);
  await server.db.insert(userRoles).values({ userId: user.id, roleId: role.id });
  return user.id;
}

export interface PlanRow {
  name: string;
  leadDepartmentId: string;
  regionCode: string;
  status?: string;
  stepIndex?: number;
  submittedBy?: string | null;
  kind?: string;
  year?: number;
  returnComments?: string | null;
  createdBy?: string | null;
  participatingDepartmentIds?: string[];
  content?: unknown;
}

export async function insertPlan(server: TestServer, p: PlanRow): Promise<string> {
  const [row] = await server.db.insert(plans).values({
    kind: p.kind ?? 'department', year: p.year ?? 2026, name: p.name, leadDepartmentId: p.leadDepartmentId, regionCode: p.regionCode,
    participatingDepartmentIds: p.participatingDepartmentIds ?? [], chain: DEFAULT_PLAN_CHAIN, status: p.status ?? 'draft',
    stepIndex: p.stepIndex ?? 0, submittedBy: p.submittedBy ?? null, submittedOn: p.submittedBy ? '2026-01-20' : null,
    returnComments: p.returnComments ?? null, createdBy: p.createdBy ?? null,
  }).returning({ id: plans.id });
  if (!row) throw new Error('plan');
  await server.db.insert(planVersions).values({ planId: row.id, version: 1, content: p.content ?? { summary: '', tasks: [] } });
  return row.id;
}

export async function insertTask(server: TestServer, t: { name: string; leadDepartmentId: string; regionCode: string; status: string; submittedBy?: string | null; code: string }): Promise<string> {
  const [row] = await server.db.insert(tasks).values({
    code: t.code, kind: 'ad_hoc', year: 2026, name: t.name, leadDepartmentId: t.leadDepartmentId, regionCode: t.regionCode,
    periodStart: '2026-04-01', periodEnd: '2026-10-31', spec: {}, chain: DEFAULT_TASK_CHAIN, status: t.status, submittedBy: t.submittedBy ?? null,
  }).returning({ id: tasks.id });
  if (!row) throw new Error('task');
  return row.id;
}

export async function insertDraw(server: TestServer, d: { taskId: string; regionCode: string; operatorId: string; status: string; attempt?: number; drawDate?: string | null }): Promise<string> {
  const [row] = await server.db.insert(draws).values({
    taskId: d.taskId, regionCode: d.regionCode, attempt: d.attempt ?? 1, operatorId: d.operatorId, status: d.status, drawDate: d.drawDate ?? null,
  }).returning({ id: draws.id });
  if (!row) throw new Error('draw');
  return row.id;
}

let certificate = 1;

export async function insertInspector(server: TestServer, i: {
  name: string; departmentId: string; regionCode: string; validUntil: string | null; status?: string; userId?: string | null; expertise?: string[];
}): Promise<string> {
  const [row] = await server.db.insert(inspectors).values({
    name: i.name, departmentId: i.departmentId, regionCode: i.regionCode, certificateNo: `T${String(certificate++).padStart(6, '0')}`,
    certificateValidUntil: i.validUntil, status: i.status ?? 'on_duty', userId: i.userId ?? null, expertise: i.expertise ?? [],
  }).returning({ id: inspectors.id });
  if (!row) throw new Error('inspector');
  return row.id;
}

/** A dispatch of `taskId` to `departmentId` (unconfirmed unless `confirmedBy`). */
export async function insertDispatch(server: TestServer, d: { taskId: string; departmentId: string; sentBy: string; dueDate: string; confirmedBy?: string }): Promise<void> {
  await server.db.insert(dispatches).values({
    taskId: d.taskId, departmentId: d.departmentId, sentBy: d.sentBy, sentAt: new Date('2030-03-01T02:00:00Z'), dueDate: d.dueDate,
    confirmedBy: d.confirmedBy ?? null, confirmedAt: d.confirmedBy ? new Date('2030-03-02T02:00:00Z') : null,
  });
}

/** A pending inspector-replacement request of `departmentId` on `taskId`. */
export async function insertReplacement(server: TestServer, r: { taskId: string; departmentId: string; requestedBy: string; seq: number; reason: string }): Promise<string> {
  const [row] = await server.db.insert(replacements).values({
    taskId: r.taskId, seq: r.seq, kind: 'inspector', departmentId: r.departmentId, reason: r.reason, requestedBy: r.requestedBy,
    requestedAt: new Date('2030-03-10T02:00:00Z'),
  }).returning({ id: replacements.id });
  if (!row) throw new Error('replacement');
  return row.id;
}
