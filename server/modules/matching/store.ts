/** Storage of matching: the §9.6 record, its teams and members, the loads, and the public view of the teams. */
import { and, asc, count, eq, or } from 'drizzle-orm';
import type { MatchRecord } from '../../../domain/matching/verify';
import type { Team } from '../../../domain/matching/types';
import type { TeamExpertRow } from './schema';
import type { Db } from '../../db/database';
import { departments, experts, inspectors, marketEntities, matchingRecords, replacements, taskObjects, teamExperts, teamMembers, teams } from '../../db/schema';
import { entityVisible } from '../entities/pending_import';

export interface MatchingRow {
  readonly id: string;
  readonly taskId: string;
  readonly drawId: string;
  readonly seedMatch: string;
  readonly inspectorPoolHash: string;
  readonly record: MatchRecord;
  readonly recordHash: string;
  readonly createdAt: Date;
  readonly publishedAt: Date | null;
}

export async function getMatching(db: Db, taskId: string): Promise<MatchingRow | null> {
  const [row] = await db.select().from(matchingRecords).where(eq(matchingRecords.taskId, taskId));
  return row ? { ...row, record: row.record as MatchRecord } : null;
}

/** Stores the record and one team per object (team members in the engine's order, leader first). */
export async function saveMatching(tx: Db, input: {
  taskId: string; drawId: string; record: MatchRecord; recordHash: string; createdBy: string; now: Date;
  teams: readonly Team[]; objectIdOfEntity: ReadonlyMap<string, string>;
}): Promise<string> {
  const [row] = await tx.insert(matchingRecords).values({
    taskId: input.taskId, drawId: input.drawId, seedMatch: input.record.seedMatch, inspectorPoolHash: input.record.inspectorPoolHash,
    record: input.record, recordHash: input.recordHash, createdBy: input.createdBy, createdAt: input.now, publishedAt: input.now,
  }).returning({ id: matchingRecords.id });
  if (!row) throw new Error('insert returned no row');
  for (const team of input.teams) {
    const taskObjectId = input.objectIdOfEntity.get(team.objectId);
    if (!taskObjectId) throw new Error(`matched object ${team.objectId} is not a task object`);
    const [t] = await tx.insert(teams).values({ taskId: input.taskId, matchingRecordId: row.id, taskObjectId }).returning({ id: teams.id });
    if (!t) throw new Error('insert returned no row');
    await tx.insert(teamMembers).values(team.members.filter((m) => m.role !== 'expert').map((m) => ({
      teamId: t.id, inspectorId: m.inspectorId, departmentId: m.dept, role: m.role, covers: [...m.covers], appointed: m.appointed === true, createdAt: input.now,
    })));
    const drawnExperts = team.members.filter((m) => m.role === 'expert');
    if (drawnExperts.length > 0) await tx.insert(teamExperts).values(drawnExperts.map((m) => ({ teamId: t.id, expertId: m.inspectorId, departmentId: m.dept, createdAt: input.now })));
  }
  return row.id;
}

/** Objects per active member across the task's teams, with names (inspectors without objects are left out). */
export async function taskLoads(db: Db, taskId: string): Promise<{ inspectorId: string; name: string; departmentName: string; objects: number }[]> {
  const rows = await db.select({ inspectorId: teamMembers.inspectorId, name: inspectors.name, departmentName: departments.name, objects: count() })
    .from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).innerJoin(inspectors, eq(inspectors.id, teamMembers.inspectorId))
    .innerJoin(departments, eq(departments.id, teamMembers.departmentId))
    .where(and(eq(teams.taskId, taskId), eq(teamMembers.active, true)))
    .groupBy(teamMembers.inspectorId, inspectors.name, departments.name).orderBy(asc(departments.name), asc(inspectors.name));
  return rows;
}

/** The task's drawn experts (专家库), per object, replaced ones included (active = false). */
export async function taskExperts(db: Db, taskId: string): Promise<TeamExpertRow[]> {
  return db.select({
    teamExpertId: teamExperts.id, taskObjectId: teams.taskObjectId, expertId: experts.id, name: experts.name, organisation: experts.organisation, specialty: experts.specialty,
    departmentId: teamExperts.departmentId, departmentName: departments.name, active: teamExperts.active,
  })
    .from(teamExperts).innerJoin(teams, eq(teams.id, teamExperts.teamId)).innerJoin(experts, eq(experts.id, teamExperts.expertId))
    .innerJoin(departments, eq(departments.id, teamExperts.departmentId)).where(eq(teams.taskId, taskId)).orderBy(asc(teams.taskObjectId), asc(experts.name));
}

/** Team members appointed directly (直接委派) in the task. */
export async function appointedMemberIds(db: Db, taskId: string): Promise<string[]> {
  const rows = await db.select({ id: teamMembers.id }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teams.taskId, taskId), eq(teamMembers.appointed, true)));
  return rows.map((r) => r.id);
}

type PublicMember = { name: string; certificateNo: string; departmentName: string; role: 'leader' | 'member' | 'expert'; appointed: boolean };

/** The public teams: entity code and name, members' name, 执法证号, department, role and 直接委派 — nothing else; experts after them. */
export async function publicTeams(db: Db, taskId: string): Promise<{ entityCode: string; entityName: string; members: PublicMember[] }[]> {
  const rows = await db.select({
    teamId: teams.id, entityCode: marketEntities.code, entityName: marketEntities.name, name: inspectors.name, certificateNo: inspectors.certificateNo,
    departmentName: departments.name, role: teamMembers.role, appointed: teamMembers.appointed,
  }).from(teams).innerJoin(taskObjects, eq(taskObjects.id, teams.taskObjectId))
    .innerJoin(marketEntities, and(eq(marketEntities.id, taskObjects.entityId), entityVisible()))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.active, true)))
    .innerJoin(inspectors, eq(inspectors.id, teamMembers.inspectorId)).innerJoin(departments, eq(departments.id, teamMembers.departmentId))
    .where(eq(teams.taskId, taskId)).orderBy(asc(marketEntities.code), asc(teamMembers.role), asc(inspectors.name));
  const byTeam = new Map<string, { entityCode: string; entityName: string; members: PublicMember[] }>();
  for (const r of rows) {
    const team = byTeam.get(r.teamId) ?? { entityCode: r.entityCode, entityName: r.entityName, members: [] };
    team.members.push({ name: r.name, certificateNo: r.certificateNo, departmentName: r.departmentName, role: r.role as PublicMember['role'], appointed: r.appointed });
    byTeam.set(r.teamId, team);
  }
  const drawn = await db.select({ teamId: teamExperts.teamId, name: experts.name, departmentName: departments.name }).from(teamExperts)
    .innerJoin(teams, eq(teams.id, teamExperts.teamId)).innerJoin(experts, eq(experts.id, teamExperts.expertId)).innerJoin(departments, eq(departments.id, teamExperts.departmentId))
    .where(and(eq(teams.taskId, taskId), eq(teamExperts.active, true))).orderBy(asc(experts.name));
  for (const x of drawn) byTeam.get(x.teamId)?.members.push({ name: x.name, certificateNo: '', departmentName: x.departmentName, role: 'expert', appointed: false });
  return [...byTeam.values()];
}

/** Members replaced after matching: approved inspector replacements and expert replacements (applied at once). */
export async function replacementCount(db: Db, taskId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(replacements)
    .where(and(eq(replacements.taskId, taskId), or(eq(replacements.status, 'approved'), eq(replacements.kind, 'expert'))));
  return row?.n ?? 0;
}

export async function departmentNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: departments.id, name: departments.name }).from(departments);
  return new Map(rows.filter((r) => ids.includes(r.id)).map((r) => [r.id, r.name]));
}
