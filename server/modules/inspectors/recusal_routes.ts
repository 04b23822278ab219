/**
 * 回避 (recusal): 威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」; 曲阳第16条. An inspector's declared
 * conflicts of interest, with an entity from the directory or a named person (then every entity whose 法定代表人 has
 * that name, in matching). A declaration is never edited or deleted: it is withdrawn, and both steps are in the
 * operation log with who and when (conflict_routes_kit.ts, shared with the experts' 回避).
 */
import type { AppServices, TypedApp } from '../../http/app';
import { shanghaiDate } from '../../http/today';
import { registerConflictRoutes } from './conflict_routes_kit';
import { RecusalRow } from './schema';
import { getInspectorInScope, getRecusal, insertRecusal, listRecusals, withdrawRecusal } from './store';

export function registerRecusalRoutes(app: TypedApp, services: AppServices): void {
  registerConflictRoutes(app, services, {
    base: '/api/directory/inspectors', segment: 'recusals', tags: ['一单两库-执法检查人员'],
    access: { list: 'directory:inspector:list', update: 'directory:inspector:update' },
    subjectLabel: '执法检查人员',
    summaries: {
      list: '回避登记（含已撤回）', choices: '查找回避的检查对象（人员所在市（州）内，最多 20 个）',
      declare: '登记回避', declareLong: '登记回避（检查对象或人员，须写明理由）', withdraw: '撤回回避', withdrawLong: '撤回回避登记（记录保留）',
    },
    row: RecusalRow,
    subjectOf: async (auth, id) => getInspectorInScope(services.db, auth.scope, id, shanghaiDate(services.now())),
    list: listRecusals,
    get: getRecusal,
    insert: (tx, inspectorId, values, now) => insertRecusal(tx, { inspectorId, ...values }, now),
    withdraw: withdrawRecusal,
    log: { targetType: 'inspector', detailKey: 'recusalId' },
    declared: (inspectorId, conflictId, v) => ({ type: 'InspectorRecusalDeclared', inspectorId, conflictId, entityId: v.entityId, personName: v.personName }),
    withdrawn: (inspectorId, conflictId) => ({ type: 'InspectorRecusalWithdrawn', inspectorId, conflictId }),
  });
}
