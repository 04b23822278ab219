/**
 * An inspector's 回避 naming a person (威海第6条 「与检查对象有利害关系的，应当回避」): the inspector is kept off every
 * drawn entity whose 法定代表人 has that name, as a declaration naming the entity keeps them off that entity; the matching
 * record lists the conflict, and a withdrawn declaration no longer counts.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketEntities, matchingRecords, taskObjects, teamMembers, teams } from '../../db/schema';
import { startTestServer, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { addDrawnTask, addEntities, addInspectors, at } from '../dispatch/test_fixtures';

let server: TestServer;
let entities: number[];
let inspectorIds: string[];

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  at(server, '2026-12-04T01:00:00Z');
  entities = await addEntities(server, ['长春回避甲商店', '长春回避乙商店', '长春回避丙商店']);
  await server.db.update(marketEntities).set({ legalRepresentative: '钱亲属' }).where(eq(marketEntities.id, entities[1]!));
  inspectorIds = await addInspectors(server, server.fixture.departments.chaoyangMarket, ['回避一', '回避二', '回避三']);
});
afterAll(async () => { await server.close(); });

async function matchTask(): Promise<{ taskId: string; teamsOf: (entityId: number) => Promise<string[]>; conflictsOf: (inspectorId: string) => Promise<string[]> }> {
  const task = await addDrawnTask(server, { lead: server.fixture.departments.chaoyangMarket, selected: entities, team: { teamSize: 2 } });
  const chaoyang = await server.as('chaoyang');
  expect((await chaoyang.post(`/api/workflow/tasks/${task.taskId}/dispatch`)).statusCode).toBe(200);
  const matched = await chaoyang.post(`/api/workflow/tasks/${task.taskId}/matching`, { inspectionDate: '2026-12-10' });
  expect(matched.statusCode, matched.body).toBe(200);
  return {
    taskId: task.taskId,
    teamsOf: async (entityId) => (await server.db.select({ id: teamMembers.inspectorId }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .innerJoin(taskObjects, eq(taskObjects.id, teams.taskObjectId)).where(and(eq(teams.taskId, task.taskId), eq(taskObjects.entityId, entityId), eq(teamMembers.active, true)))).map((r) => r.id),
    conflictsOf: async (inspectorId) => {
      const [row] = await server.db.select({ record: matchingRecords.record }).from(matchingRecords).where(eq(matchingRecords.taskId, task.taskId));
      const record = row?.record as { inspectors?: { id: string; conflicts: string[] }[] } | undefined;
      return record?.inspectors?.find((i) => i.id === inspectorId)?.conflicts ?? [];
    },
  };
}

describe('an inspector’s 回避 naming a person', () => {
  it('keeps the inspector off the entity whose 法定代表人 it names, and the record says so; withdrawn, it no longer counts', async () => {
    const chaoyang = await server.as('chaoyang');
    const declared = await chaoyang.post(`/api/directory/inspectors/${inspectorIds[0]}/recusals`, { personName: '钱亲属', reason: '近亲属' });
    expect(declared.statusCode, declared.body).toBe(201);

    const first = await matchTask();
    expect(await first.teamsOf(entities[1]!)).not.toContain(inspectorIds[0]);
    expect(await first.conflictsOf(inspectorIds[0]!)).toEqual([String(entities[1])]);
    // Only that entity: the others may have the inspector (three inspectors, two per object).
    expect(await first.conflictsOf(inspectorIds[1]!)).toEqual([]);

    const withdrawn = await chaoyang.post(`/api/directory/inspectors/${inspectorIds[0]}/recusals/${declared.json<{ id: string }>().id}/withdraw`, {});
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const second = await matchTask();
    expect(await second.conflictsOf(inspectorIds[0]!)).toEqual([]);
  });
});
