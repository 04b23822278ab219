/**
 * The 回避 routes of a person in a directory (威海第6条 「与检查对象有利害关系的，应当申请回避」): an inspector's
 * recusals and an expert's conflicts. Both declare a conflict with an entity of the directory or a named person, with a
 * reason; a declaration is never edited or deleted but withdrawn, and both steps are in the operation log with who and
 * when (one withdrawal wins among parallel requests). One set of handlers, the directory's own store, events and words.
 */
import { z } from 'zod';
import type { Permission } from '../../../domain/access/permissions';
import type { DomainEvent } from '../../../domain/events';
import { regionPrefix } from '../../../domain/access/data_scope';
import type { Db } from '../../db/database';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { requireAuth } from '../users/routes';
import { EntityChoice, EntityChoiceQuery, RecusalInput, RecusalParams, WithdrawInput } from './schema';
import { entityChoices, entityExists } from './store';

/** What every declaration row shows (the rest is the directory's own, e.g. inspectorId or expertId). */
interface ConflictRowBase { readonly id: string; readonly entityId: number | null; readonly personName: string | null; readonly active: boolean }

export interface ConflictValues { readonly entityId: number | null; readonly personName: string | null; readonly reason: string; readonly createdBy: string }

export interface ConflictRoutesSpec<Row extends ConflictRowBase> {
  /** e.g. `/api/directory/inspectors`; the routes are `<base>/:id/<segment>`, `…/:recusalId/withdraw` and `<base>/:id/entity-choices`. */
  readonly base: string;
  readonly segment: string;
  readonly tags: string[];
  readonly access: { readonly list: Permission; readonly update: Permission };
  /** 执法检查人员 / 专家: the 404 of an id outside the caller's scope, and the words of the summaries. */
  readonly subjectLabel: string;
  readonly summaries: { readonly list: string; readonly choices: string; readonly declare: string; readonly declareLong: string; readonly withdraw: string; readonly withdrawLong: string };
  readonly row: z.ZodType<Row>;
  /** The person in the caller's scope (null when not): its id and the region whose city the entity picker searches. */
  readonly subjectOf: (auth: AuthContext, id: string) => Promise<{ id: string; regionCode: string } | null>;
  readonly list: (db: Db, subjectId: string) => Promise<Row[]>;
  readonly get: (db: Db, subjectId: string, id: string) => Promise<Row | null>;
  readonly insert: (tx: Db, subjectId: string, values: ConflictValues, now: Date) => Promise<string>;
  /** false when the declaration was withdrawn meanwhile. */
  readonly withdraw: (tx: Db, id: string, now: Date) => Promise<boolean>;
  /** The operation log's target type and the key of the declaration in its detail. */
  readonly log: { readonly targetType: string; readonly detailKey: string };
  readonly declared: (subjectId: string, conflictId: string, values: ConflictValues) => DomainEvent;
  readonly withdrawn: (subjectId: string, conflictId: string) => DomainEvent;
}

export function registerConflictRoutes<Row extends ConflictRowBase>(app: TypedApp, services: AppServices, spec: ConflictRoutesSpec<Row>): void {
  const { base, segment, tags, access, summaries } = spec;
  async function subjectOf(auth: AuthContext, id: string): Promise<{ id: string; regionCode: string }> {
    const subject = await spec.subjectOf(auth, id);
    if (!subject) throw notFound(spec.subjectLabel);
    return subject;
  }
  const withdrawnAlready = () => conflict('RECUSAL_WITHDRAWN', '该回避登记已撤回');
  // The row's schema, for the answers (a generic row type is more than the type provider can resolve).
  const rowSchema: z.ZodTypeAny = spec.row;

  app.get(`${base}/:id/${segment}`, {
    config: { access: access.list },
    schema: { tags, summary: summaries.list, params: idParams, response: { 200: z.array(spec.row), ...errorResponses } },
  }, async (request) => spec.list(services.db, (await subjectOf(requireAuth(request.auth), request.params.id)).id));

  app.get(`${base}/:id/entity-choices`, {
    config: { access: access.update },
    schema: { tags, summary: summaries.choices, params: idParams, querystring: EntityChoiceQuery, response: { 200: z.array(EntityChoice), ...errorResponses } },
  }, async (request) => {
    const subject = await subjectOf(requireAuth(request.auth), request.params.id);
    return entityChoices(services.db, regionPrefix(subject.regionCode).slice(0, 4), request.query.keyword);
  });

  app.post(`${base}/:id/${segment}`, {
    config: { access: access.update, summary: summaries.declare },
    schema: { tags, summary: summaries.declareLong, params: idParams, body: RecusalInput, response: { 201: rowSchema, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const subject = await subjectOf(auth, request.params.id);
    const input = request.body;
    if (input.entityId !== null && !(await entityExists(services.db, input.entityId))) {
      throw badRequest('VALIDATION_FAILED', '所选检查对象不存在', [{ field: 'entityId', message: '检查对象不存在' }]);
    }
    const active = (await spec.list(services.db, subject.id)).filter((r) => r.active);
    if (active.some((r) => (input.entityId !== null && r.entityId === input.entityId) || (input.personName !== null && r.personName === input.personName))) {
      throw conflict('RECUSAL_EXISTS', '已有相同对象的有效回避登记');
    }
    const values: ConflictValues = { entityId: input.entityId, personName: input.personName, reason: input.reason, createdBy: auth.user.id };
    const id = await runChange(request, services, async (tx, record) => {
      const created = await spec.insert(tx, subject.id, values, services.now());
      record.target(spec.log.targetType, subject.id);
      record.detail({ [spec.log.detailKey]: created, entityId: input.entityId, personName: input.personName, reason: input.reason });
      record.event(spec.declared(subject.id, created, values));
      return created;
    });
    const row = await spec.get(services.db, subject.id, id);
    if (!row) throw new Error('a declared conflict was not found after its insert');
    return reply.status(201).send(row);
  });

  app.post(`${base}/:id/${segment}/:recusalId/withdraw`, {
    config: { access: access.update, summary: summaries.withdraw },
    schema: { tags, summary: summaries.withdrawLong, params: RecusalParams, body: WithdrawInput, response: { 200: rowSchema, ...errorResponses } },
  }, async (request) => {
    const subject = await subjectOf(requireAuth(request.auth), request.params.id);
    const before = await spec.get(services.db, subject.id, request.params.recusalId);
    if (!before) throw notFound('回避登记');
    if (!before.active) throw withdrawnAlready();
    await runChange(request, services, async (tx, record) => {
      if (!(await spec.withdraw(tx, before.id, services.now()))) throw withdrawnAlready();
      record.target(spec.log.targetType, subject.id);
      record.detail({ [spec.log.detailKey]: before.id, reason: request.body.reason });
      record.event(spec.withdrawn(subject.id, before.id));
    });
    const row = await spec.get(services.db, subject.id, before.id);
    if (!row) throw notFound('回避登记');
    return row;
  });
}
