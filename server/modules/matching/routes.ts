/**
 * 检查人员随机匹配 (issue #9 item 8): the lead department runs the engine (domain/matching/match.ts) on the task's
 * objects and the departments' inspector directory, seeded from the published draw; the §9.6 record is stored and
 * published beside the receipt so anyone can re-run it (`npm run cli -- verify-match`, scripts/verify_match.py).
 * The engine never fails when a valid assignment exists; when none does, the answer is 422 with, per department,
 * the rule, the numbers and the objects (domain/matching/explain.ts).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fromHex, toHex } from '../../../domain/draw/encoding';
import { hashInspectorPool, matchInspectors, matchSeed } from '../../../domain/matching/match';
import { outcomeOf, type MatchRecord } from '../../../domain/matching/verify';
import { type AppServices, type TypedApp, readDb } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, badRequest, conflict, errorResponses, notFound, uniqueViolation } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { listTaskObjects } from '../dispatch/store';
import { TaskParams } from '../dispatch/schema';
import { getTaskInScope, publishedDraw, requireLead, type TaskRecord } from '../dispatch/task_access';
import { requireAuth } from '../users/routes';
import { expertPool, inspectorPool, matchObjectsOf, pendingObjects, rulesOf, teamSettingsOf } from './instance';
import { MatchingRefusal, MatchingRunInput, MatchingSummary, PublicMatching, PublicTaskParams } from './schema';
import { appointedMemberIds, departmentNames, getMatching, publicTeams, replacementCount, saveMatching, taskExperts, taskLoads, type MatchingRow } from './store';

const tags = ['计划与抽取-检查人员匹配'];

/** JSON with object keys sorted at every level, so the hash does not depend on how the database stored the record. */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The record's hash: SHA-256 of its JSON with sorted keys (recomputable from the downloaded file). */
export function recordHashOf(record: unknown): string {
  return createHash('sha256').update(sortedJson(record)).digest('hex');
}


/**
 * 直接委派 (威海第6条): only where the approved task declared it; every object a pending object of the task and every
 * inspector in the directory of the task's departments (400 per field otherwise). Entity id → inspector ids.
 */
function appointmentsByEntity(task: TaskRecord, appointments: readonly { taskObjectId: string; inspectorId: string }[], objects: readonly { id: string; entityId: number }[], pool: readonly { id: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (appointments.length === 0) return out;
  if (!teamSettingsOf(task).directAppointment) throw conflict('DIRECT_APPOINTMENT_NOT_DECLARED', `任务“${task.name}”未在任务中声明直接委派（须声明并经审核），只能随机匹配`);
  const problems: { field: string; message: string }[] = [];
  appointments.forEach((a, k) => {
    const object = objects.find((o) => o.id === a.taskObjectId);
    if (!object) problems.push({ field: `appointments.${k}.taskObjectId`, message: '不是本任务待检查的对象' });
    if (!pool.some((i) => i.id === a.inspectorId)) problems.push({ field: `appointments.${k}.inspectorId`, message: '不是本任务牵头或参与部门的检查人员' });
    if (object) out.set(String(object.entityId), [...(out.get(String(object.entityId)) ?? []), a.inspectorId]);
  });
  if (problems.length > 0) throw badRequest('VALIDATION_FAILED', '直接委派的对象或人员不正确', problems);
  return out;
}

export function registerMatchingRoutes(app: TypedApp, services: AppServices): void {
  const today = () => shanghaiDate(services.now());

  async function taskById(auth: ReturnType<typeof requireAuth>, id: string): Promise<TaskRecord> {
    const task = await getTaskInScope(services.db, auth.scope, id);
    if (!task) throw notFound('抽查任务');
    return task;
  }

  async function summary(task: TaskRecord, row: MatchingRow): Promise<MatchingSummary> {
    return {
      recordId: row.id, recordHash: row.recordHash, seedMatch: row.seedMatch, inspectorPoolHash: row.inspectorPoolHash, inspectionDate: row.record.rules.inspectionDate,
      createdAt: row.createdAt.toISOString(), publishedAt: row.publishedAt?.toISOString() ?? null,
      loads: await taskLoads(services.db, task.id), objects: await listTaskObjects(services.db, task.id),
      appointedMemberIds: await appointedMemberIds(services.db, task.id), experts: await taskExperts(services.db, task.id),
    };
  }

  app.get('/api/workflow/tasks/:id/matching', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '任务的检查人员匹配结果（尚未匹配时为 null）', params: TaskParams, response: { 200: MatchingSummary.nullable(), ...errorResponses } },
  }, async (request) => {
    const task = await taskById(requireAuth(request.auth), request.params.id);
    const row = await getMatching(services.db, task.id);
    return row ? summary(task, row) : null;
  });

  app.get('/api/workflow/tasks/:id/matching/record', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '下载检查人员匹配记录（§9.6，可用 verify-match 复核）', params: TaskParams, response: { 200: z.record(z.string(), z.unknown()), ...errorResponses } },
  }, async (request, reply) => {
    const task = await taskById(requireAuth(request.auth), request.params.id);
    const row = await getMatching(services.db, task.id);
    if (!row) throw notFound('检查人员匹配记录');
    void reply.header('content-disposition', `attachment; filename="matching-${task.code}.json"`);
    return row.record as unknown as Record<string, unknown>;
  });

  app.post('/api/workflow/tasks/:id/matching', {
    config: { access: 'workflow:matching:run', summary: '随机匹配检查人员' },
    schema: {
      tags, summary: '执行检查人员随机匹配（每个任务一次；无可行分配时说明原因）', params: TaskParams, body: MatchingRunInput,
      response: { 200: MatchingSummary, ...errorResponses, 422: MatchingRefusal },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const task = await taskById(auth, request.params.id);
    requireLead(auth, task);
    if (task.status !== 'dispatched' && task.status !== 'inspecting') throw conflict('MATCHING_NOT_READY', `任务“${task.name}”须先派发检查对象，才能匹配检查人员`);
    if (await getMatching(services.db, task.id)) throw conflict('MATCHING_DONE', `任务“${task.name}”已完成检查人员匹配；个别人员须按规定申请替换`);
    const draw = await publishedDraw(services.db, task.id);
    const drawSeed = draw ? fromHex(draw.seed, 32) : undefined;
    if (!draw || !drawSeed) throw conflict('DISPATCH_NO_DRAW', `任务“${task.name}”没有已公示的抽取结果（抽取种子）`);
    const inspectionDate = request.body.inspectionDate ?? (today() > task.periodStart ? today() : task.periodStart);
    if (inspectionDate < task.periodStart || inspectionDate > task.periodEnd) {
      throw badRequest('VALIDATION_FAILED', `检查日期须在任务期间 ${task.periodStart} 至 ${task.periodEnd} 之内`, [{ field: 'inspectionDate', message: '检查日期不在任务期间内' }]);
    }
    const objects = await pendingObjects(services.db, task.id);
    const pool = await inspectorPool(services.db, task, objects.map((o) => o.entityId));
    const experts = teamSettingsOf(task).expertsPerObject > 0 ? await expertPool(services.db, task, objects.map((o) => o.entityId)) : [];
    const rules = rulesOf(task, inspectionDate);
    const seed = matchSeed(drawSeed);
    const appointments = request.body.appointments ?? [];
    const appointed = appointmentsByEntity(task, appointments, objects, pool);
    if (appointments.length > 0) {
      // 直接委派 only when the task declared it and the draw alone cannot staff the objects (威海第6条 "执法检查人员有限，不能满足本区域随机抽查基本条件的").
      const plain = matchInspectors(matchObjectsOf(task, objects.map((o) => o.entityId)), pool, rules, seed, experts);
      if (plain.ok) throw conflict('DIRECT_APPOINTMENT_NOT_NEEDED', `任务“${task.name}”随机匹配可以配齐全部检查对象，不得直接委派`);
    }
    const matchObjects = matchObjectsOf(task, objects.map((o) => o.entityId), appointed);
    const result = matchInspectors(matchObjects, pool, rules, seed, experts);
    if (!result.ok) {
      const names = await departmentNames(services.db, [task.leadDepartmentId, ...task.participatingDepartmentIds]);
      const entityNames = new Map((await listTaskObjects(services.db, task.id)).map((o) => [`“${o.entityId}”`, `“${o.entityName}”`]));
      const named = (text: string) => [...entityNames].reduce((s, [id, name]) => s.replaceAll(id, name), [...names].reduce((s, [id, name]) => s.replaceAll(id, name), text));
      if (result.error.code === 'INVALID_INPUT') throw new AppError(422, 'MATCHING_INVALID_INPUT', `匹配输入不符合规则：${named(result.error.message)}`);
      const reasons = result.error.reasons ?? [];
      throw new AppError(422, 'MATCHING_INFEASIBLE', `没有符合规则的检查人员分配：${reasons.map((r) => named(r.message)).join('；')}`,
        reasons.map((r) => ({ field: names.get(r.dept) ?? r.dept, message: named(r.message) })));
    }
    const record: MatchRecord = {
      name: task.code, drawSeed: draw.seed, seedMatch: toHex(seed), objects: matchObjects, inspectors: pool, ...(rules.expertsPerObject ? { experts } : {}), rules,
      inspectorPoolHash: hashInspectorPool(pool, rules, experts), expect: outcomeOf(result),
    } as MatchRecord;
    const recordHash = recordHashOf(record);
    const objectIdOfEntity = new Map(objects.map((o) => [String(o.entityId), o.id]));
    await runChange(request, services, async (tx, log) => {
      const id = await saveMatching(tx, { taskId: task.id, drawId: draw.id, record, recordHash, createdBy: auth.user.id, now: services.now(), teams: result.value.teams, objectIdOfEntity });
      const used = result.value.loads.filter((l) => l.objects > 0).length;
      log.target('matching_record', id);
      const appointedDetail = appointments.map((a) => ({ entityId: String(objects.find((o) => o.id === a.taskObjectId)?.entityId ?? ''), inspectorId: a.inspectorId }));
      log.detail({
        taskId: task.id, drawId: draw.id, recordHash, seedMatch: record.seedMatch, inspectorPoolHash: record.inspectorPoolHash, inspectionDate, objects: objects.length, inspectors: used,
        drawCommittedPoolHash: draw.inspectorPoolHash, ...(appointments.length > 0 ? { directAppointments: appointedDetail } : {}), experts: result.value.teams.reduce((n, t) => n + t.members.filter((m) => m.role === 'expert').length, 0),
      });
      log.event({ type: 'InspectorsMatched', taskId: task.id, matchingRecordId: id, recordHash, objects: objects.length, inspectors: used });
    }).catch((error: unknown) => {
      if (uniqueViolation(error) !== null) throw conflict('MATCHING_DONE', `任务“${task.name}”已完成检查人员匹配`);
      throw error;
    });
    const row = await getMatching(services.db, task.id);
    if (!row) throw new Error('matching record vanished');
    return summary(task, row);
  });

  app.get('/api/public/matching/:taskId', {
    config: { access: 'public', publicCache: true },
    schema: { tags: ['公示-检查人员匹配'], summary: '检查人员匹配结果公示（姓名、部门、执法证号；不含联系方式与回避申报）', params: PublicTaskParams, response: { 200: PublicMatching, ...errorResponses } },
  }, async (request) => {
    const row = await getMatching(readDb(services), request.params.taskId);
    if (!row?.publishedAt) throw notFound('检查人员匹配公示');
    const task = await getTaskInScope(readDb(services), { kind: 'all' }, row.taskId);
    if (!task) throw notFound('检查人员匹配公示');
    return {
      taskCode: task.code, taskName: task.name, recordHash: row.recordHash, seedMatch: row.seedMatch, inspectorPoolHash: row.inspectorPoolHash,
      inspectionDate: row.record.rules.inspectionDate, publishedAt: row.publishedAt.toISOString(), replacements: await replacementCount(readDb(services), task.id),
      teams: await publicTeams(readDb(services), task.id),
    };
  });
}
