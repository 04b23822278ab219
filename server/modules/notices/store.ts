/**
 * Storage of 行政检查通知书: issuing with a gap-free number per department and year, reading, recording delivery,
 * the per-department number prefix, and the team of an object as the documents print it.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { DELIVERY_METHOD_LABELS, defaultNoticePrefix, formatNoticeNumber, type DeliveryMethod } from '../../../domain/inspection/notice';
import type { Db } from '../../db/database';
import {
  departments, inspectionNotices, inspectors, matchingRecords, noticeCounters, noticeNumberSettings, taskObjects, teamMembers, teams, users,
} from '../../db/schema';
import type { NoticeRow, TeamLine } from './schema';

const issuer = alias(users, 'issuer');
const recorder = alias(users, 'recorder');

/** The notice of an object, or null before it is numbered. */
export async function noticeOfObject(db: Db, taskObjectId: string): Promise<NoticeRow | null> {
  return (await selectNotices(db, eq(inspectionNotices.taskObjectId, taskObjectId)))[0] ?? null;
}

export async function noticeById(db: Db, id: string): Promise<NoticeRow | null> {
  return (await selectNotices(db, eq(inspectionNotices.id, id)))[0] ?? null;
}

async function selectNotices(db: Db, where: ReturnType<typeof eq>): Promise<NoticeRow[]> {
  const rows = await db.select({ n: inspectionNotices, departmentName: departments.name, issuedByName: issuer.name, recordedByName: recorder.name })
    .from(inspectionNotices).innerJoin(departments, eq(departments.id, inspectionNotices.departmentId))
    .innerJoin(issuer, eq(issuer.id, inspectionNotices.issuedBy)).leftJoin(recorder, eq(recorder.id, inspectionNotices.deliveryRecordedBy))
    .where(where);
  return rows.map(({ n, departmentName, issuedByName, recordedByName }) => {
    const method = n.deliveryMethod as DeliveryMethod | null;
    return {
      id: n.id, taskId: n.taskId, taskObjectId: n.taskObjectId, number: n.number, year: n.year, serial: n.serial, departmentId: n.departmentId, departmentName,
      inspectionDate: n.inspectionDate, issuedAt: n.issuedAt.toISOString(), issuedByName,
      delivery: method && n.deliveredAt ? {
        method, methodLabel: DELIVERY_METHOD_LABELS[method], deliveredAt: n.deliveredAt.toISOString(), recipient: n.deliveryRecipient ?? '', note: n.deliveryNote,
        recordedByName: recordedByName ?? '',
      } : null,
      rowVersion: n.rowVersion,
    };
  });
}

/** The prefix of a department's numbers: its own setting, else the default from its (short) name. */
export async function noticePrefix(db: Db, departmentId: string): Promise<{ prefix: string; defaultPrefix: string; custom: boolean; departmentName: string }> {
  const [row] = await db.select({ name: departments.name, shortName: departments.shortName, prefix: noticeNumberSettings.prefix }).from(departments)
    .leftJoin(noticeNumberSettings, eq(noticeNumberSettings.departmentId, departments.id)).where(eq(departments.id, departmentId));
  if (!row) throw new Error(`department ${departmentId}`);
  const fallback = defaultNoticePrefix(row);
  return { prefix: row.prefix ?? fallback, defaultPrefix: fallback, custom: row.prefix !== null, departmentName: row.name };
}

export async function saveNoticePrefix(tx: Db, departmentId: string, prefix: string | null, actorId: string, now: Date): Promise<void> {
  if (prefix === null || prefix === '') {
    await tx.delete(noticeNumberSettings).where(eq(noticeNumberSettings.departmentId, departmentId));
    return;
  }
  await tx.insert(noticeNumberSettings).values({ departmentId, prefix, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: noticeNumberSettings.departmentId, set: { prefix, updatedBy: actorId, updatedAt: now } });
}

export interface IssueFacts {
  readonly taskId: string;
  readonly taskObjectId: string;
  readonly entityId: number;
  readonly departmentId: string;
  readonly year: number;
  readonly inspectionDate: string | null;
  readonly issuedBy: string;
  readonly issuedAt: Date;
}

/**
 * Issues the object's notice, or returns the one it already has. The object row is locked first, so two issues of the
 * same object wait for each other and the second finds the first's notice; the counter row of (department, year) is
 * incremented by an upsert that locks it until commit, so parallel issues of one department get consecutive serials,
 * and a transaction that rolls back takes its increment with it (no gap).
 */
export async function issueNotice(tx: Db, facts: IssueFacts): Promise<{ id: string; created: boolean; number: string; serial: number }> {
  await tx.select({ id: taskObjects.id }).from(taskObjects).where(eq(taskObjects.id, facts.taskObjectId)).for('update');
  const [existing] = await tx.select({ id: inspectionNotices.id, number: inspectionNotices.number, serial: inspectionNotices.serial })
    .from(inspectionNotices).where(eq(inspectionNotices.taskObjectId, facts.taskObjectId));
  if (existing) return { ...existing, created: false };
  const [counter] = await tx.insert(noticeCounters).values({ departmentId: facts.departmentId, year: facts.year, lastSerial: 1 })
    .onConflictDoUpdate({ target: [noticeCounters.departmentId, noticeCounters.year], set: { lastSerial: sql`${noticeCounters.lastSerial} + 1` } })
    .returning({ serial: noticeCounters.lastSerial });
  if (!counter) throw new Error('notice counter returned no row');
  const { prefix } = await noticePrefix(tx, facts.departmentId);
  const number = formatNoticeNumber(prefix, facts.year, counter.serial);
  const [row] = await tx.insert(inspectionNotices).values({ ...facts, serial: counter.serial, number }).returning({ id: inspectionNotices.id });
  if (!row) throw new Error('notice insert returned no row');
  return { id: row.id, created: true, number, serial: counter.serial };
}

export interface DeliveryWrite {
  readonly method: DeliveryMethod;
  readonly deliveredAt: Date;
  readonly recipient: string;
  readonly note: string | null;
  readonly recordedBy: string;
  readonly now: Date;
}

/** Records (or corrects) the delivery if the row is still at `rowVersion`; returns the new version, or null when stale. */
export async function recordDelivery(tx: Db, id: string, rowVersion: number, write: DeliveryWrite): Promise<number | null> {
  const [row] = await tx.update(inspectionNotices).set({
    deliveryMethod: write.method, deliveredAt: write.deliveredAt, deliveryRecipient: write.recipient, deliveryNote: write.note,
    deliveryRecordedBy: write.recordedBy, rowVersion: sql`${inspectionNotices.rowVersion} + 1`, updatedAt: write.now,
  }).where(and(eq(inspectionNotices.id, id), eq(inspectionNotices.rowVersion, rowVersion))).returning({ rowVersion: inspectionNotices.rowVersion });
  return row?.rowVersion ?? null;
}

const ROLE_LABELS: Readonly<Record<TeamLine['role'], string>> = { leader: '组长', member: '组员', expert: '专家' };

/** The object's active team, leader first, with 执法证号; and the leader's phone for the notice. */
export async function teamOf(db: Db, taskObjectId: string): Promise<{ team: TeamLine[]; leaderPhone: string | null }> {
  const rows = await db.select({
    name: inspectors.name, departmentName: departments.name, certificateNo: inspectors.certificateNo, role: teamMembers.role, phone: inspectors.phone,
  }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).innerJoin(inspectors, eq(inspectors.id, teamMembers.inspectorId))
    .innerJoin(departments, eq(departments.id, teamMembers.departmentId))
    .where(and(eq(teams.taskObjectId, taskObjectId), eq(teamMembers.active, true)))
    .orderBy(sql`${teamMembers.role} = 'leader' desc`, sql`${teamMembers.role} = 'expert'`, asc(departments.name), asc(teamMembers.createdAt));
  const team = rows.map((r) => {
    const role: TeamLine['role'] = r.role === 'leader' || r.role === 'expert' ? r.role : 'member';
    return { name: r.name, departmentName: r.departmentName, certificateNo: r.certificateNo, role, roleLabel: ROLE_LABELS[role] };
  });
  return { team, leaderPhone: rows.find((r) => r.role === 'leader')?.phone ?? null };
}

/**
 * The inspection date the matching was run for — the documents' default 定于 date — unless it has passed (`today`,
 * YYYY-MM-DD in China): a notice goes out before the check (长春第17条), so a past date is left blank to be written in.
 */
export async function matchedInspectionDate(db: Db, taskId: string, today: string): Promise<string | null> {
  const [row] = await db.select({ date: sql<string | null>`${matchingRecords.record}->'rules'->>'inspectionDate'` }).from(matchingRecords)
    .where(eq(matchingRecords.taskId, taskId)).orderBy(desc(matchingRecords.createdAt)).limit(1);
  const date = row?.date ?? null;
  return date !== null && date >= today ? date : null;
}
