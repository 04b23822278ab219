/**
 * The archive's result sections: every result of the task (JSON as the API shows it, and CSV), the corrections
 * (长春第20条: requested, approved or not, shown beside the original), and the proof of publication (长春第19条): the
 * operation-log rows that published each result or approved a correction, in the form the audit chain hashes them
 * (server/audit/published_rows.ts), and the first signed checkpoint whose head lies at or after the last of them —
 * whoever holds the checkpoint can check that those rows are in the append-only chain.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { publishedRows } from '../../audit/published_rows';
import { auditCheckpoints, domainEvents, inspectionResults, marketEntities, tasks } from '../../db/schema';
import { neutraliseFormula } from '../../export/xlsx';
import { correctionsOf } from '../results/review_store';
import { presentResult, selectResults, view } from '../results/views';
import type { ResultView } from '../results/schema';
import { jsonFile, type ArchiveContext, type ArchiveSection } from './sections';

async function resultsOf({ db, task }: ArchiveContext): Promise<ResultView[]> {
  const rows = await selectResults(db).where(eq(inspectionResults.taskId, task.id)).orderBy(asc(marketEntities.code), asc(inspectionResults.id));
  return rows.map((r) => view(presentResult(r)));
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_COLUMNS: readonly [string, (r: ResultView) => string | number | boolean | null][] = [
  ['统一社会信用代码', (r) => r.creditCode], ['主体名称', (r) => r.entityName], ['状态', (r) => r.statusLabel], ['检查日期', (r) => r.checkDate],
  ['检查方式', (r) => r.checkMethodLabel], ['检查结果', (r) => r.resultCategoryLabel], ['处置', (r) => r.disposalLabel],
  ['无需实质检查', (r) => (r.completedWithoutCheck ? '是' : '否')], ['说明', (r) => r.note], ['录入人', (r) => r.enteredByName],
  ['提交时间', (r) => r.submittedAt], ['审核人', (r) => r.reviewedByName], ['审核时间', (r) => r.reviewedAt],
  ['公示人', (r) => r.publishedByName], ['公示时间', (r) => r.publishedAt],
];

export const resultSection: ArchiveSection = {
  folder: '05-检查结果',
  describes: '任务的全部检查结果：results.json（完整记录，含各检查事项的结论）与 results.csv（可用表格软件打开）',
  async *files(context) {
    const results = await resultsOf(context);
    yield jsonFile('results.json', results);
    const lines = [CSV_COLUMNS.map(([h]) => csvField(h)).join(','), ...results.map((r) => CSV_COLUMNS.map(([, v]) => csvField(v(r))).join(','))];
    yield { name: 'results.csv', data: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8') };
  },
};

export const correctionSection: ArchiveSection = {
  folder: '06-结果更正',
  describes: '已公示结果的更正申请与审批（主要负责人批准后与原结果并列公示）',
  async *files({ db, task }) {
    const ids = (await db.select({ id: inspectionResults.id }).from(inspectionResults).where(eq(inspectionResults.taskId, task.id))).map((r) => r.id);
    const [row] = await db.select({ spec: tasks.spec }).from(tasks).where(eq(tasks.id, task.id));
    const items = new Map(((row?.spec as TaskSpec | undefined)?.items ?? []).map((i) => [i.itemId, `${i.code} ${i.name}`]));
    yield jsonFile('corrections.json', await correctionsOf(db, ids, items));
  },
};

export const publicationSection: ArchiveSection = {
  folder: '07-公示证明',
  describes: '公示证明：公示各结果与批准更正的操作日志记录（审计链哈希的原样字段）和覆盖它们的签名检查点，可用 npm run cli -- audit 复核',
  async *files({ db, task }) {
    const published = await db.select({ id: inspectionResults.id, creditCode: marketEntities.code, publishedAt: inspectionResults.publishedAt })
      .from(inspectionResults).innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId))
      .where(and(eq(inspectionResults.taskId, task.id), eq(inspectionResults.status, 'published'))).orderBy(asc(marketEntities.code), asc(inspectionResults.id));
    const events = await db.selectDistinct({ seq: domainEvents.operationSeq }).from(domainEvents).where(sql`(
      (${domainEvents.type} = 'InspectionResultStatusChanged' and ${domainEvents.payload}->>'taskId' = ${task.id} and ${domainEvents.payload}->>'to' = 'published')
      or (${domainEvents.type} = 'ResultCorrectionDecided' and ${domainEvents.payload}->>'decision' = 'approved'
        and ${domainEvents.payload}->>'resultId' in (select r.id::text from ${inspectionResults} r where r.task_id = ${task.id})))`)
      .orderBy(asc(domainEvents.operationSeq));
    const seqs = events.map((e) => e.seq);
    const operations = [];
    for (const seq of seqs) operations.push(...await publishedRows(db, seq, seq));
    const last = seqs.at(-1);
    const [checkpoint] = last === undefined ? [] : await db.select().from(auditCheckpoints)
      .where(sql`${auditCheckpoints.seq} >= ${last}`).orderBy(asc(auditCheckpoints.seq), asc(auditCheckpoints.id)).limit(1);
    yield jsonFile('publication.json', {
      format: 'suiji-archive-publication/1',
      published: published.map((p) => ({ resultId: p.id, creditCode: p.creditCode, publishedAt: p.publishedAt?.toISOString() ?? null })),
      operations,
      checkpoint: checkpoint ? { format: 'suiji-checkpoint/1', seq: checkpoint.seq, headHash: checkpoint.headHash, at: new Date(checkpoint.at).toISOString(), keyId: checkpoint.keyId, signature: checkpoint.signature } : null,
      note: published.length === 0 ? '本任务尚无已公示的结果'
        : checkpoint ? '检查点的操作日志头位于最后一条公示记录之后：用 npm run cli -- audit 对照检查点核对审计链，即可确认上述记录未被改动'
          : '尚无签名检查点覆盖最后一条公示记录；生成检查点（系统按间隔自动生成）后重新导出即可包含',
    });
  },
};
