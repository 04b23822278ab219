/**
 * 回避 of an expert (威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」, applied to the experts drawn with
 * them): declared conflicts with an entity of the directory or a named person (its 法定代表人), used by the matching
 * and the expert replacement (server/modules/matching/instance.ts expertPool). As for inspectors — the same handlers,
 * server/modules/inspectors/conflict_routes_kit.ts — a declaration is never edited or deleted: it is withdrawn, and
 * both steps are in the operation log.
 */
import type { AppServices, TypedApp } from '../../http/app';
import { registerConflictRoutes } from '../inspectors/conflict_routes_kit';
import { expertRegionCode, getExpertConflict, insertExpertConflict, listExpertConflicts, withdrawExpertConflict } from './conflict_store';
import { ExpertConflictRow } from './schema';
import { getExpertInScope } from './store';

export function registerExpertConflictRoutes(app: TypedApp, services: AppServices): void {
  registerConflictRoutes(app, services, {
    base: '/api/directory/experts', segment: 'conflicts', tags: ['一单两库-专家库'],
    access: { list: 'directory:expert:list', update: 'directory:expert:update' },
    subjectLabel: '专家',
    summaries: {
      list: '专家的回避登记（含已撤回）', choices: '查找回避的检查对象（维护部门所在市（州）内，最多 20 个）',
      declare: '登记专家回避', declareLong: '登记专家回避（检查对象或人员，须写明理由）', withdraw: '撤回专家回避', withdrawLong: '撤回专家的回避登记（记录保留）',
    },
    row: ExpertConflictRow,
    subjectOf: async (auth, id) => {
      const expert = await getExpertInScope(services.db, auth.scope, id);
      return expert ? { id: expert.id, regionCode: (await expertRegionCode(services.db, expert.id)) ?? '' } : null;
    },
    list: listExpertConflicts,
    get: getExpertConflict,
    insert: (tx, expertId, values, now) => insertExpertConflict(tx, { expertId, ...values }, now),
    withdraw: withdrawExpertConflict,
    log: { targetType: 'expert', detailKey: 'conflictId' },
    declared: (expertId, conflictId, v) => ({ type: 'ExpertConflictDeclared', expertId, conflictId, entityId: v.entityId, personName: v.personName }),
    withdrawn: (expertId, conflictId) => ({ type: 'ExpertConflictWithdrawn', expertId, conflictId }),
  });
}
