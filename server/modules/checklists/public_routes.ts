/**
 * 公示 of the lists in force (长春第6条 「及时通过相关网站和平台向社会公开」; 东胜 四(二)1 「通过……平台和政府门户
 * 网站向社会公示」; 曲阳 第11条): no login, the lists of one region with their published version, and
 * per node only what the public text of a list shows. The response schema is an explicit whitelist:
 * no internal ids, no drafts, no record-form wording.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  CHANGE_REASON_LABELS, CHECKLIST_KIND_LABELS, CHECKLIST_LEVEL_LABELS, ITEM_CATEGORY_LABELS, type ChecklistKind,
} from '../../../domain/checklist/types';
import { CHECK_METHODS } from '../../../domain/inspection/categories';
import { checklists, checklistVersions, departments, regions } from '../../db/schema';
import { type AppServices, type TypedApp, readDb } from '../../http/app';
import { errorResponses } from '../../http/errors';
import { PublicChecklist, PublicChecklistQuery, PublicChecklistRegion } from './schema';
import { decodeChangeNote, loadItems } from './store';
import { z } from 'zod';
import { byPinyin } from '../../db/pinyin_order';

export function registerPublicChecklistRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/public/checklist-regions', {
    config: { access: 'public', publicCache: true },
    schema: { tags: ['公示'], summary: '有现行抽查事项清单的行政区划（公示页面的区划选项）', response: { 200: z.array(PublicChecklistRegion), ...errorResponses } },
  }, async () => readDb(services).selectDistinct({ code: regions.code, name: regions.name, level: regions.level }).from(checklists)
    .innerJoin(checklistVersions, and(eq(checklistVersions.checklistId, checklists.id), eq(checklistVersions.status, 'published')))
    .innerJoin(regions, eq(regions.code, checklists.regionCode))
    .where(isNull(checklists.deletedAt))
    .orderBy(asc(regions.level), asc(regions.code))
    .limit(500)
    .then((rows) => rows.map((r) => ({ code: r.code, name: r.name }))));

  app.get('/api/public/checklists', {
    config: { access: 'public', publicCache: true },
    schema: { tags: ['公示'], summary: '抽查事项清单公示：某一行政区划现行的部门清单与联合清单', querystring: PublicChecklistQuery, response: { 200: z.array(PublicChecklist), ...errorResponses } },
  }, async (request) => {
    const lists = await readDb(services).select({
      name: checklists.name, kind: checklists.kind, departmentName: departments.name, regionCode: checklists.regionCode, regionName: regions.name,
      versionId: checklistVersions.id, version: checklistVersions.version, publishedAt: checklistVersions.publishedAt, changeNote: checklistVersions.changeNote,
    }).from(checklists)
      .innerJoin(checklistVersions, and(eq(checklistVersions.checklistId, checklists.id), eq(checklistVersions.status, 'published')))
      .leftJoin(departments, eq(departments.id, checklists.departmentId))
      .leftJoin(regions, eq(regions.code, checklists.regionCode))
      .where(and(eq(checklists.regionCode, request.query.regionCode), isNull(checklists.deletedAt)))
      .orderBy(asc(checklists.kind), asc(departments.sortOrder), ...byPinyin(departments.nameSortKey, departments.name), asc(checklists.name))
      .limit(200);
    const out: PublicChecklist[] = [];
    for (const list of lists) {
      const { reason, note } = decodeChangeNote(list.changeNote);
      const kind: ChecklistKind = list.kind === 'joint' ? 'joint' : 'department';
      out.push({
        name: list.name, kindLabel: CHECKLIST_KIND_LABELS[kind], departmentName: list.departmentName, regionCode: list.regionCode, regionName: list.regionName ?? '',
        version: list.version, publishedAt: list.publishedAt?.toISOString() ?? '', changeReasonLabel: reason ? CHANGE_REASON_LABELS[reason] : null, changeNote: note,
        items: (await loadItems(readDb(services), list.versionId)).nodes.map((n) => ({
          code: n.code, parentCode: n.parentCode, level: n.level, levelLabel: CHECKLIST_LEVEL_LABELS[n.level], name: n.name,
          categoryLabel: n.category ? ITEM_CATEGORY_LABELS[n.category] : null, target: n.target, methodLabels: n.methods.map((m) => CHECK_METHODS[m]),
          subject: n.subject, basis: n.basis,
        })),
      });
    }
    return out;
  });
}
