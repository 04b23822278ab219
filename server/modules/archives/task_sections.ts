/**
 * The archive's first sections: the annual plan the task implements, the task itself (实施方案: spec, period,
 * departments, approvals), and its draws — every committed attempt's commitment, the published receipt in its
 * public form (the same JSON /api/public/draws publishes), the attempt list and the matching record (§9.6).
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { toPublicReceiptV2, type CommitmentV2, type ReceiptV2 } from '../../../domain/draw/ceremony_v2';
import { departments, draws, matchingRecords, plans, planVersions, tasks } from '../../db/schema';
import { taskApprovals } from '../tasks/store';
import { jsonFile, type ArchiveSection } from './sections';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export const planSection: ArchiveSection = {
  folder: '01-年度抽查计划',
  describes: '任务所属的年度抽查计划（现行版本内容）；临时任务没有计划，本目录只有说明',
  async *files({ db, task }) {
    if (task.planId === null) {
      yield jsonFile('plan.json', { plan: null, reason: '临时任务，不属于年度抽查计划' });
      return;
    }
    const [plan] = await db.select().from(plans).where(eq(plans.id, task.planId));
    if (!plan) return;
    const version = plan.publishedVersion ?? plan.version;
    const [content] = await db.select({ content: planVersions.content, reason: planVersions.reason, publishedAt: planVersions.publishedAt })
      .from(planVersions).where(and(eq(planVersions.planId, plan.id), eq(planVersions.version, version)));
    yield jsonFile('plan.json', {
      id: plan.id, kind: plan.kind, year: plan.year, name: plan.name, regionCode: plan.regionCode, status: plan.status,
      leadDepartmentId: plan.leadDepartmentId, participatingDepartmentIds: plan.participatingDepartmentIds, version,
      versionReason: content?.reason ?? null, versionPublishedAt: iso(content?.publishedAt ?? null), content: content?.content ?? null,
    });
  },
};

export const taskSection: ArchiveSection = {
  folder: '02-实施方案',
  describes: '抽查任务（实施方案）：检查事项、抽取规则、检查期间、参与部门与审批记录',
  async *files({ db, task }) {
    const [row] = await db.select().from(tasks).where(eq(tasks.id, task.id));
    if (!row) return;
    const ids = [row.leadDepartmentId, ...row.participatingDepartmentIds];
    const names = new Map((await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, ids))).map((d) => [d.id, d.name]));
    const approvals = await taskApprovals(db, task.id);
    yield jsonFile('task.json', {
      id: row.id, code: row.code, name: row.name, kind: row.kind, year: row.year, regionCode: row.regionCode, status: row.status,
      planId: row.planId, planTaskKey: row.planTaskKey, periodStart: row.periodStart, periodEnd: row.periodEnd,
      leadDepartment: { id: row.leadDepartmentId, name: names.get(row.leadDepartmentId) ?? null },
      participatingDepartments: row.participatingDepartmentIds.map((id) => ({ id, name: names.get(id) ?? null })),
      spec: row.spec, chain: row.chain, terminationReason: row.terminationReason, publishedAt: iso(row.publishedAt),
      approvals: approvals.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    });
  },
};

export const drawSection: ArchiveSection = {
  folder: '03-随机抽取与匹配',
  describes: '每次已承诺抽取的承诺书、已公布的抽取凭证（公开版本）、抽取次序表与检查人员匹配记录，可用 verify-draw / verify-match 复核',
  async *files({ db, task }) {
    const rows = await db.select().from(draws).where(and(eq(draws.taskId, task.id), isNotNull(draws.checkpointSeq))).orderBy(asc(draws.attempt));
    for (const d of rows) {
      if (!d.commitment || !d.commitmentHash || !d.committedAt) continue;
      const commitment = d.commitment as CommitmentV2;
      yield jsonFile(`attempt-${d.attempt}-commitment.json`, {
        drawId: d.id, taskId: d.taskId, attempt: Number(commitment.attempt), commitmentHash: d.commitmentHash, commitment,
        committedAt: d.committedAt.toISOString(), status: d.status,
      });
      if (d.status === 'published' && d.receipt && d.receiptHash && d.publishedAt) {
        const receipt = toPublicReceiptV2(d.receipt as ReceiptV2);
        yield jsonFile(`attempt-${d.attempt}-receipt.json`, {
          drawId: d.id, taskId: d.taskId, attempt: Number(receipt.commitment.attempt), receiptHash: d.receiptHash, publishedAt: d.publishedAt.toISOString(), receipt,
        });
      }
    }
    if (rows.length > 0) {
      yield jsonFile('attempts.json', {
        format: 'suiji-attempts/1', taskId: task.id,
        attempts: rows.filter((r) => r.commitment && r.commitmentHash).map((r) => {
          const c = r.commitment as CommitmentV2;
          return { attempt: c.attempt, commitmentHash: r.commitmentHash, previousCommitmentHash: c.previousCommitmentHash };
        }),
      });
    }
    const [matching] = await db.select().from(matchingRecords).where(eq(matchingRecords.taskId, task.id));
    if (matching) {
      yield jsonFile('matching-record.json', matching.record);
      yield jsonFile('matching-record-meta.json', { recordHash: matching.recordHash, createdAt: iso(matching.createdAt), publishedAt: iso(matching.publishedAt) });
    }
  },
};
