/** Storage of replacements: the requests and their history, the member being replaced, and the reserve list. */
import { and, asc, desc, eq, inArray, max, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { REPLACEMENT_REASONS } from '../../../domain/matching/replace';
import type { Db } from '../../db/database';
import { departments, drawObjects, experts, inspectors, marketEntities, replacements, taskObjects, teamExperts, teamMembers, teams, users } from '../../db/schema';
import { entityVisible } from '../entities/pending_import';
import { REPLACEMENT_STATUS_LABELS, type ReplacementRow } from './schema';

/** 注销/迁出 (domain/demo/types.ts ENTITY_STATUSES): reasons an object cannot be visited. */
export const GONE_ENTITY_STATUSES: Readonly<Record<string, string>> = { deregistered: '注销', moved_out: '迁出' };

export interface MemberRecord {
  readonly memberId: string;
  readonly teamId: string;
  readonly taskId: string;
  readonly taskObjectId: string;
  readonly entityId: number;
  readonly inspectorId: string;
  readonly departmentId: string;
  readonly role: string;
  readonly covers: string[];
  readonly active: boolean;
}

export async function getMember(db: Db, memberId: string): Promise<MemberRecord | null> {
  const [row] = await db.select({
    memberId: teamMembers.id, teamId: teams.id, taskId: teams.taskId, taskObjectId: teams.taskObjectId, entityId: taskObjects.entityId, inspectorId: teamMembers.inspectorId,
    departmentId: teamMembers.departmentId, role: teamMembers.role, covers: teamMembers.covers, active: teamMembers.active,
  }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).innerJoin(taskObjects, eq(taskObjects.id, teams.taskObjectId)).where(eq(teamMembers.id, memberId));
  return row ?? null;
}

/** The active inspector members of an object's team, in team order (leader first). */
export async function activeMembersOfObject(db: Db, taskObjectId: string): Promise<{ memberId: string; teamId: string; inspectorId: string; dept: string; role: string; covers: string[] }[]> {
  const rows = await db.select({ memberId: teamMembers.id, teamId: teams.id, inspectorId: teamMembers.inspectorId, dept: teamMembers.departmentId, role: teamMembers.role, covers: teamMembers.covers, createdAt: teamMembers.createdAt })
    .from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teams.taskObjectId, taskObjectId), eq(teamMembers.active, true))).orderBy(asc(teamMembers.createdAt), asc(teamMembers.id));
  const rank = (role: string) => (role === 'leader' ? 0 : 1);
  return rows.sort((a, b) => rank(a.role) - rank(b.role)).map(({ createdAt: _createdAt, ...r }) => r);
}

export async function inspectorNames(db: Db, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return db.select({ id: inspectors.id, name: inspectors.name }).from(inspectors).where(inArray(inspectors.id, [...ids]));
}

/** Active members of a team, and the objects each inspector holds in the task (for the workload cap). */
export async function teamState(db: Db, taskId: string, teamId: string): Promise<{ teamInspectors: Set<string>; loads: Map<string, number> }> {
  const rows = await db.select({ teamId: teamMembers.teamId, inspectorId: teamMembers.inspectorId }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teams.taskId, taskId), eq(teamMembers.active, true)));
  const loads = new Map<string, number>();
  for (const r of rows) loads.set(r.inspectorId, (loads.get(r.inspectorId) ?? 0) + 1);
  return { teamInspectors: new Set(rows.filter((r) => r.teamId === teamId).map((r) => r.inspectorId)), loads };
}

export async function nextSeq(tx: Db, taskId: string): Promise<number> {
  const [row] = await tx.select({ n: max(replacements.seq) }).from(replacements).where(eq(replacements.taskId, taskId));
  return (row?.n ?? 0) + 1;
}

export type ReplacementValues = typeof replacements.$inferInsert;

export async function insertReplacement(tx: Db, values: ReplacementValues): Promise<string> {
  const [row] = await tx.insert(replacements).values(values).returning({ id: replacements.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function getReplacement(db: Db, id: string) {
  const [row] = await db.select().from(replacements).where(eq(replacements.id, id));
  return row ?? null;
}

/** Moves a pending request to its decision; false when another decision (or a stale version) got there first. */
export async function decideReplacement(tx: Db, id: string, rowVersion: number, values: { status: string; decidedBy: string; decidedAt: Date; chosenInspectorId?: string; outcome?: unknown }): Promise<boolean> {
  const rows = await tx.update(replacements).set({ ...values, rowVersion: rowVersion + 1 })
    .where(and(eq(replacements.id, id), eq(replacements.status, 'pending'), eq(replacements.rowVersion, rowVersion))).returning({ id: replacements.id });
  return rows.length > 0;
}

/** The leaving member steps down; the engine's choice joins with the same role, department and coverage. */
export async function swapMember(tx: Db, member: MemberRecord, replacementId: string, inspectorId: string, now: Date): Promise<void> {
  await tx.update(teamMembers).set({ active: false, replacementId }).where(eq(teamMembers.id, member.memberId));
  await tx.insert(teamMembers).values({ teamId: member.teamId, inspectorId, departmentId: member.departmentId, role: member.role, covers: member.covers, replacementId, createdAt: now });
}

/** The next unused reserve entity of the stratum, in reserve order (strictly: no skipping, no choosing). */
export async function nextReserve(db: Db, taskId: string, drawId: string, stratum: string): Promise<{ entityId: number; rank: number } | null> {
  const used = db.select({ id: taskObjects.entityId }).from(taskObjects).where(eq(taskObjects.taskId, taskId));
  const [row] = await db.select({ entityId: drawObjects.entityId, rank: drawObjects.rank }).from(drawObjects)
    .where(and(eq(drawObjects.drawId, drawId), eq(drawObjects.reserve, true), eq(drawObjects.stratum, stratum), notInArray(drawObjects.entityId, used)))
    .orderBy(asc(drawObjects.rank)).limit(1);
  return row ?? null;
}

export async function getTaskObject(db: Db, taskId: string, objectId: string) {
  const [row] = await db.select({
    id: taskObjects.id, taskId: taskObjects.taskId, drawId: taskObjects.drawId, entityId: taskObjects.entityId, stratum: taskObjects.stratum, status: taskObjects.status,
    entityStatus: marketEntities.status, entityName: marketEntities.name,
  }).from(taskObjects).innerJoin(marketEntities, and(eq(marketEntities.id, taskObjects.entityId), entityVisible()))
    .where(and(eq(taskObjects.id, objectId), eq(taskObjects.taskId, taskId)));
  return row ?? null;
}

/** Replaces a gone object by the reserve entity (the team moves with it), or counts it done without a check. */
export async function applyGoneObject(tx: Db, object: { id: string; taskId: string; drawId: string; stratum: string }, reserve: { entityId: number; rank: number } | null): Promise<string | null> {
  await tx.update(taskObjects).set({ status: reserve ? 'replaced' : 'done_no_check' }).where(eq(taskObjects.id, object.id));
  if (!reserve) return null;
  const [row] = await tx.insert(taskObjects).values({
    taskId: object.taskId, drawId: object.drawId, entityId: reserve.entityId, stratum: object.stratum, rank: reserve.rank, fromReserve: true, replacesObjectId: object.id,
  }).returning({ id: taskObjects.id });
  if (!row) throw new Error('insert returned no row');
  await tx.update(teams).set({ taskObjectId: row.id }).where(eq(teams.taskObjectId, object.id));
  return row.id;
}

// ── experts (专家库) of a team ──

export interface TeamExpertRecord {
  readonly teamExpertId: string;
  readonly teamId: string;
  readonly taskId: string;
  readonly taskObjectId: string;
  readonly objectStatus: string;
  readonly entityId: number;
  readonly expertId: string;
  readonly departmentId: string;
  readonly active: boolean;
}

export async function getTeamExpert(db: Db, teamExpertId: string): Promise<TeamExpertRecord | null> {
  const [row] = await db.select({
    teamExpertId: teamExperts.id, teamId: teams.id, taskId: teams.taskId, taskObjectId: teams.taskObjectId, objectStatus: taskObjects.status, entityId: taskObjects.entityId,
    expertId: teamExperts.expertId, departmentId: teamExperts.departmentId, active: teamExperts.active,
  }).from(teamExperts).innerJoin(teams, eq(teams.id, teamExperts.teamId)).innerJoin(taskObjects, eq(taskObjects.id, teams.taskObjectId)).where(eq(teamExperts.id, teamExpertId));
  return row ?? null;
}

/** Everyone who has been an expert of the team (active or replaced), and the objects each expert holds in the task. */
export async function expertTeamState(db: Db, taskId: string, teamId: string): Promise<{ everOnTeam: Set<string>; loads: Map<string, number> }> {
  const rows = await db.select({ teamId: teamExperts.teamId, expertId: teamExperts.expertId, active: teamExperts.active }).from(teamExperts)
    .innerJoin(teams, eq(teams.id, teamExperts.teamId)).where(eq(teams.taskId, taskId));
  const loads = new Map<string, number>();
  for (const r of rows) if (r.active) loads.set(r.expertId, (loads.get(r.expertId) ?? 0) + 1);
  return { everOnTeam: new Set(rows.filter((r) => r.teamId === teamId).map((r) => r.expertId)), loads };
}

/** The leaving expert steps down (false when it already had: a parallel replacement won); the row is locked until commit. */
export async function retireTeamExpert(tx: Db, teamExpertId: string): Promise<boolean> {
  const rows = await tx.update(teamExperts).set({ active: false }).where(and(eq(teamExperts.id, teamExpertId), eq(teamExperts.active, true))).returning({ id: teamExperts.id });
  return rows.length > 0;
}

/** Links the retired row to its replacement and seats the engine's choice on the same team. */
export async function seatExpert(tx: Db, input: { leavingId: string; teamId: string; replacementId: string; expertId: string; departmentId: string; now: Date }): Promise<void> {
  await tx.update(teamExperts).set({ replacementId: input.replacementId }).where(eq(teamExperts.id, input.leavingId));
  await tx.insert(teamExperts).values({ teamId: input.teamId, expertId: input.expertId, departmentId: input.departmentId, replacementId: input.replacementId, createdAt: input.now });
}

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');
const leaving = alias(inspectors, 'leaving');
const chosen = alias(inspectors, 'chosen');
const leavingExpert = alias(experts, 'leaving_expert');
const chosenExpert = alias(experts, 'chosen_expert');
const KIND_LABELS: Readonly<Record<string, string>> = { inspector: '检查人员', object: '检查对象', expert: '专家' };

/** The task's replacement history, newest first; `canDecide` for a head of the department who did not request it. */
export async function listReplacements(db: Db, taskId: string, viewer: { userId: string; departmentId: string | null; isHead: boolean }): Promise<ReplacementRow[]> {
  const rows = await db.select({
    r: replacements, departmentName: departments.name, requestedByName: requester.name, decidedByName: decider.name,
    leavingName: sql<string | null>`coalesce(${leaving.name}, ${leavingExpert.name})`, chosenName: sql<string | null>`coalesce(${chosen.name}, ${chosenExpert.name})`,
    entityName: sql<string | null>`(select e.name from ${marketEntities} e join ${taskObjects} o on o.entity_id = e.id where o.id = coalesce(${replacements.taskObjectId},
      (select t.task_object_id from ${teams} t join ${teamMembers} m on m.team_id = t.id where m.id = ${replacements.teamMemberId}),
      (select t.task_object_id from ${teams} t join ${teamExperts} x on x.team_id = t.id where x.id = ${replacements.teamExpertId})))`,
  }).from(replacements).innerJoin(departments, eq(departments.id, replacements.departmentId)).innerJoin(requester, eq(requester.id, replacements.requestedBy))
    .leftJoin(decider, eq(decider.id, replacements.decidedBy))
    .leftJoin(teamMembers, eq(teamMembers.id, replacements.teamMemberId)).leftJoin(leaving, eq(leaving.id, teamMembers.inspectorId))
    .leftJoin(chosen, eq(chosen.id, replacements.chosenInspectorId))
    .leftJoin(teamExperts, eq(teamExperts.id, replacements.teamExpertId)).leftJoin(leavingExpert, eq(leavingExpert.id, teamExperts.expertId))
    .leftJoin(chosenExpert, eq(chosenExpert.id, replacements.chosenExpertId))
    .where(eq(replacements.taskId, taskId)).orderBy(desc(replacements.seq));
  return rows.map(({ r, ...names }) => ({
    id: r.id, taskId: r.taskId, seq: r.seq, kind: r.kind === 'object' || r.kind === 'expert' ? r.kind : 'inspector', kindLabel: KIND_LABELS[r.kind] ?? '检查人员',
    reason: r.reason, reasonLabel: (REPLACEMENT_REASONS as Record<string, string>)[r.reason] ?? GONE_ENTITY_STATUSES[r.reason] ?? r.reason, note: r.note,
    status: r.status, statusLabel: (REPLACEMENT_STATUS_LABELS as Record<string, string>)[r.status] ?? r.status, rowVersion: r.rowVersion,
    ...names, requestedAt: r.requestedAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null, outcome: (r.outcome ?? null) as Record<string, unknown> | null,
    canDecide: r.status === 'pending' && viewer.isHead && viewer.departmentId === r.departmentId && viewer.userId !== r.requestedBy,
  }));
}

