/**
 * The public 执法检查人员名录库: 东胜 四(二)2 「各部门应当根据司法部门核发的“行政执法证”，建立执法检查人员名录库，并对外
 * 公示」. No login. Exactly name, department and 执法证号 of inspectors still in the directory (在岗、休假):
 * the store selects only those columns and the response schema is strict, so phone numbers, expertise
 * and 回避 can never reach this answer.
 */
import { z } from 'zod';
import { type AppServices, type TypedApp, readDb } from '../../http/app';
import { errorResponses } from '../../http/errors';
import { PublicDepartmentOption, PublicInspectorPage, PublicInspectorQuery } from './schema';
import { listPublicInspectors, publicDepartments } from './store';

const tags = ['公示-执法检查人员名录'];

export function registerPublicInspectorRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/public/inspectors', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '执法检查人员名录公示（姓名、部门、执法证号）', querystring: PublicInspectorQuery, response: { 200: PublicInspectorPage, ...errorResponses } },
  }, async (request) => listPublicInspectors(readDb(services), request.query));

  app.get('/api/public/inspector-departments', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '公示名录中的部门', response: { 200: z.array(PublicDepartmentOption), ...errorResponses } },
  }, async () => publicDepartments(readDb(services)));
}
