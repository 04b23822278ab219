/** 回避 of experts (expert_conflicts): declare, list, withdraw; the same rules as the inspectors' declarations. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { expertConflicts, marketEntities, operationLog } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { declaredConflicts } from '../matching/instance';
import type { ExpertConflictRow, ExpertRow } from './schema';

const FAKE = '00000000-0000-4000-8000-000000000000';
let server: TestServer;
let expert: ExpertRow;
let entityId: number;
let relativeRun: number;
beforeAll(async () => {
  server = await startTestServer();
  const [entity, other] = await server.db.insert(marketEntities).values([
    { code: '91220104MA0000002X', codeType: 'uscc', name: '长春朝阳专家亲属检测有限公司', entityType: 'enterprise', regionCode: '220104', status: 'active' },
    { code: '91220104MA0000003X', codeType: 'uscc', name: '长春朝阳表弟餐饮有限公司', entityType: 'enterprise', regionCode: '220104', status: 'active', legalRepresentative: '钱表弟' },
  ]).returning({ id: marketEntities.id });
  entityId = entity!.id;
  relativeRun = other!.id;
  const chaoyang = await server.as('chaoyang');
  expert = (await chaoyang.post('/api/directory/experts', {
    name: '孙专家', organisation: '吉林大学', specialty: '食品检测', departmentId: server.fixture.departments.chaoyangMarket,
  })).json<ExpertRow>();
});
afterAll(async () => { await server.close(); });

const conflicts = () => `/api/directory/experts/${expert.id}/conflicts`;

describe('专家回避', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', conflicts(), 'inspector');
    await expectAuthRefusals(server, 'POST', conflicts(), 'inspector', { entityId, reason: '亲属任法定代表人' });
    await expectAuthRefusals(server, 'POST', `${conflicts()}/${FAKE}/withdraw`, 'inspector', {});
    await expectAuthRefusals(server, 'GET', `/api/directory/experts/${expert.id}/entity-choices?keyword=${encodeURIComponent('亲属')}`, 'inspector');
  });

  it('rejects each invalid field, both or neither target, and an entity that does not exist', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', conflicts(), { entityId, personName: null, reason: '亲属任法定代表人' }, {
      entityId: [0, 'x', null, 999_999_999],
      reason: ['', 'x', 'a'.repeat(201)],
      personName: ['a'.repeat(65)],
    });
    expect((await chaoyang.post(conflicts(), { entityId, personName: '张三', reason: '两个都填' })).statusCode).toBe(400);
    expect((await chaoyang.post(conflicts(), { reason: '都没填' })).statusCode).toBe(400);
    expect((await chaoyang.get(`/api/directory/experts/${expert.id}/entity-choices?keyword=x`)).statusCode).toBe(400);
  });

  it('declares conflicts with an entity and with a person, recorded, and answers 404 out of scope', async () => {
    const chaoyang = await server.as('chaoyang');
    const choices = (await chaoyang.get(`/api/directory/experts/${expert.id}/entity-choices?keyword=${encodeURIComponent('专家亲属')}`)).json<{ id: number }[]>();
    expect(choices).toEqual([{ id: entityId, code: '91220104MA0000002X', name: '长春朝阳专家亲属检测有限公司' }]);
    const first = await chaoyang.post(conflicts(), { entityId, reason: '配偶任该公司法定代表人' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<ExpertConflictRow>()).toMatchObject({ expertId: expert.id, entityName: '长春朝阳专家亲属检测有限公司', active: true, createdByName: '朝阳区管理员' });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:expert:update', summary: '登记专家回避', targetType: 'expert', targetId: expert.id });
    expect((await chaoyang.post(conflicts(), { entityId, reason: '重复登记' })).json()).toMatchObject({ code: 'RECUSAL_EXISTS' });
    const hostile = '钱表弟';
    expect((await chaoyang.post(conflicts(), { personName: hostile, reason: '表弟经营餐饮' })).statusCode).toBe(201);
    expect((await chaoyang.post(conflicts(), { personName: '<script>alert(1)</script>', reason: "'; drop table experts; --" })).statusCode).toBe(201);
    const list = (await chaoyang.get(conflicts())).json<ExpertConflictRow[]>();
    expect(list).toHaveLength(3);
    expect((await chaoyang.get(`/api/directory/experts/${expert.id}`)).json<ExpertRow>().activeConflictCount).toBe(3);
    // The matching's view: the declared entity, and the entity whose 法定代表人 is the declared person.
    const seen = await declaredConflicts(server.db, expertConflicts, expertConflicts.expertId, [expert.id], [entityId, relativeRun]);
    expect([...(seen.get(expert.id) ?? [])].sort((a, b) => a - b)).toEqual([entityId, relativeRun].sort((a, b) => a - b));
    for (const account of ['nanguan', 'jilin']) {
      const other = await server.as(account);
      expect((await other.get(conflicts())).statusCode).toBe(404);
      expect((await other.post(conflicts(), { entityId, reason: '越权登记' })).statusCode).toBe(404);
      expect((await other.post(`${conflicts()}/${list[0]!.id}/withdraw`, {})).statusCode).toBe(404);
      expect((await other.get(`/api/directory/experts/${expert.id}/entity-choices?keyword=${encodeURIComponent('专家亲属')}`)).statusCode).toBe(404);
    }
  });

  it('withdraws a declaration once (parallel withdrawals: one wins), keeping it in the history', async () => {
    const chaoyang = await server.as('chaoyang');
    const target = (await chaoyang.get(conflicts())).json<ExpertConflictRow[]>().find((r) => r.personName === '钱表弟')!;
    await expectFieldErrors(chaoyang, 'POST', `${conflicts()}/${target.id}/withdraw`, {}, { reason: ['a'.repeat(201)] });
    expect((await chaoyang.post(`${conflicts()}/${FAKE}/withdraw`, {})).statusCode).toBe(404);
    const [a, b] = await Promise.all([chaoyang.post(`${conflicts()}/${target.id}/withdraw`, { reason: '已不再经营' }), chaoyang.post(`${conflicts()}/${target.id}/withdraw`, {})]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)?.json()).toMatchObject({ code: 'RECUSAL_WITHDRAWN' });
    const logged = await server.db.select().from(operationLog).where(eq(operationLog.summary, '撤回专家回避'));
    expect(logged.filter((r) => r.outcome === 'success')).toHaveLength(1);
    expect(logged.filter((r) => r.errorCode === 'RECUSAL_WITHDRAWN')).toHaveLength(1);
    const list = (await chaoyang.get(conflicts())).json<ExpertConflictRow[]>();
    expect(list.map((r) => r.active)).toEqual([true, true, false]);
    expect((await declaredConflicts(server.db, expertConflicts, expertConflicts.expertId, [expert.id], [relativeRun])).get(expert.id)).toBeUndefined();
  });
});
