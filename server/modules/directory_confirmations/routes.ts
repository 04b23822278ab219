/**
 * 两库确认 (长春第7条): a department confirms that its 检查对象名录库 and 执法检查人员名录库 are current; each
 * confirmation is kept with who and when. The freshness report tells the UI whether a draw would be refused.
 */
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, errorResponses, notFound } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { requireAuth } from '../users/routes';
import { freshnessReport } from './freshness';
import { confirmationOverview } from './overview';
import {
  ConfirmationInput, ConfirmationOverview, ConfirmationPage, ConfirmationQuery, ConfirmationRow, DirectorySettings, FreshnessQuery, FreshnessReport, OverviewQuery,
} from './schema';
import { departmentInScope, freshnessDays, getConfirmation, insertConfirmation, listConfirmations, setFreshnessDays } from './store';

const tags = ['一单两库-两库确认'];

export function registerDirectoryConfirmationRoutes(app: TypedApp, services: AppServices): void {
  /** The department asked for (or the caller's own), in scope; 404 otherwise. */
  async function departmentOf(auth: AuthContext, departmentId: string | undefined): Promise<{ id: string; name: string }> {
    const id = departmentId ?? auth.user.departmentId;
    if (!id) throw badRequest('VALIDATION_FAILED', '请选择部门', [{ field: 'departmentId', message: '请选择部门' }]);
    const department = await departmentInScope(services.db, auth.scope, id);
    if (!department) throw notFound('部门');
    return department;
  }

  app.get('/api/directory/confirmations', {
    config: { access: 'directory:confirmation:list' },
    schema: { tags, summary: '两库确认记录', querystring: ConfirmationQuery, response: { 200: ConfirmationPage, ...errorResponses } },
  }, async (request) => listConfirmations(services.db, requireAuth(request.auth).scope, request.query));

  app.post('/api/directory/confirmations', {
    config: { access: 'directory:confirmation:create', summary: '确认两库' },
    schema: { tags, summary: '确认本部门名录库为最新（记录确认人与时间）', body: ConfirmationInput, response: { 201: ConfirmationRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const department = await departmentOf(auth, request.body.departmentId);
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertConfirmation(tx, { departmentId: department.id, directory: request.body.directory, note: request.body.note, confirmedBy: auth.user.id }, services.now());
      record.target('directory_confirmation', created);
      record.detail({ departmentId: department.id, directory: request.body.directory });
      record.event({ type: 'DirectoryConfirmed', departmentId: department.id, directory: request.body.directory });
      return created;
    });
    const row = await getConfirmation(services.db, id);
    if (!row) throw new Error('confirmation not found after insert');
    return reply.status(201).send(row);
  });

  app.get('/api/directory/freshness', {
    config: { access: 'directory:confirmation:list' },
    schema: { tags, summary: '两库是否在确认时限内（抽取前检查）', querystring: FreshnessQuery, response: { 200: FreshnessReport, ...errorResponses } },
  }, async (request) => {
    const department = await departmentOf(requireAuth(request.auth), request.query.departmentId);
    return freshnessReport(services.db, department.id, services.now());
  });

  app.get('/api/directory/confirmations/overview', {
    config: { access: 'directory:confirmation:list' },
    schema: { tags, summary: '各部门两库确认情况（已确认、即将到期、已逾期）', querystring: OverviewQuery, response: { 200: ConfirmationOverview, ...errorResponses } },
  }, async (request) => confirmationOverview(services.db, requireAuth(request.auth).scope, services.now(), request.query.status));

  app.get('/api/directory/settings', {
    config: { access: 'directory:confirmation:list' },
    schema: { tags, summary: '两库确认设置', response: { 200: DirectorySettings, ...errorResponses } },
  }, async () => ({ freshnessDays: await freshnessDays(services.db) }));

  app.put('/api/directory/settings', {
    config: { access: 'directory:setting:update', summary: '修改两库确认时限' },
    schema: { tags, summary: '修改两库确认时限（天）', body: DirectorySettings, response: { 200: DirectorySettings, ...errorResponses } },
  }, async (request) => {
    const before = await freshnessDays(services.db);
    await runChange(request, services, async (tx, record) => {
      await setFreshnessDays(tx, request.body.freshnessDays, services.now());
      record.detail({ before, after: request.body.freshnessDays });
      record.event({ type: 'DirectorySettingChanged', key: 'directory.freshnessDays', value: request.body.freshnessDays });
    });
    return { freshnessDays: await freshnessDays(services.db) };
  });
}
