/**
 * Test helpers for the checklist API tests: a user without any checklist permission, and a small
 * valid tree (two 检查事项 with subitems and contents) built through the API.
 */
import { expect } from 'vitest';
import { roles, userRoles, users } from '../../db/schema';
import { hashPassword } from '../auth/password';
import { TEST_PASSWORD, type Client, type TestServer } from '../../test/harness';
import type { ChecklistDetail, ItemRow, VersionDetail } from './schema';

/** A user of 朝阳区市场监管局 whose only role grants no checklist permission (for the 403 checks). */
export async function addOutsider(server: TestServer, account = 'outsider'): Promise<string> {
  const [role] = await server.db.insert(roles).values({ key: `${account}_role`, name: `${account}角色`, dataScope: 'department', permissions: ['system:region:list'] }).returning({ id: roles.id });
  const [user] = await server.db.insert(users).values({ account, name: '无清单权限', departmentId: server.fixture.departments.chaoyangMarket, passwordHash: await hashPassword(TEST_PASSWORD) }).returning({ id: users.id });
  if (!role || !user) throw new Error('outsider fixture');
  await server.db.insert(userRoles).values({ userId: user.id, roleId: role.id });
  return user.id;
}

export const itemBody = (code: string, name: string, subject = '长春市朝阳区市场监督管理局') => ({
  parentId: null, code, name, category: 'general', target: '辖区内企业', methods: ['on_site', 'documents'], subject,
  basis: '《企业信息公示暂行条例》第十四条', resultOptions: ['正常', '不正常'],
});
export const subitemBody = (parentId: string, code: string, name: string) => ({ parentId, code, name });
export const contentBody = (parentId: string, code: string, name: string) => ({
  parentId, code, name, checkMethod: '查阅企业年度报告，实地核查', yesWording: '公示信息真实、及时', noWording: '公示信息不真实或未按时公示',
});

export async function addNode(client: Client, versionUrl: string, body: Record<string, unknown>): Promise<ItemRow> {
  const response = await client.post(`${versionUrl}/items`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ItemRow>();
}

/**
 * SX-001 企业公示信息检查 (SX-001-01 年度报告 → 2 contents; SX-001-02 即时信息 → 1 content) and
 * SX-002 广告发布检查 (SX-002-01 → 1 content). Returns the node ids by code.
 */
export async function buildSampleTree(client: Client, versionUrl: string, prefix = 'SX', subject?: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const add = async (body: Record<string, unknown>) => { const row = await addNode(client, versionUrl, body); ids.set(row.code, row.id); return row.id; };
  const a = await add(itemBody(`${prefix}-001`, '企业公示信息检查', subject));
  const a1 = await add(subitemBody(a, `${prefix}-001-01`, '年度报告公示信息'));
  await add(contentBody(a1, `${prefix}-001-01-01`, '企业通信地址、邮政编码、联系电话、电子邮箱等信息是否真实'));
  await add(contentBody(a1, `${prefix}-001-01-02`, '企业开业、歇业、清算等存续状态信息是否真实'));
  const a2 = await add(subitemBody(a, `${prefix}-001-02`, '即时公示信息'));
  await add(contentBody(a2, `${prefix}-001-02-01`, '股东认缴和实缴的出资额、出资时间、出资方式等信息是否及时公示'));
  const b = await add({ ...itemBody(`${prefix}-002`, '广告发布检查', subject), category: 'key', basis: '《中华人民共和国广告法》第四条' });
  const b1 = await add(subitemBody(b, `${prefix}-002-01`, '广告内容'));
  await add(contentBody(b1, `${prefix}-002-01-01`, '广告是否含有虚假或者引人误解的内容'));
  return ids;
}

export async function createList(client: Client, body: Record<string, unknown>): Promise<ChecklistDetail> {
  const response = await client.post('/api/directory/checklists', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ChecklistDetail>();
}

export async function publish(client: Client, versionUrl: string, changeReason = 'initial', changeNote = '首次制定本部门随机抽查事项清单'): Promise<VersionDetail> {
  const response = await client.post(`${versionUrl}/publish`, { changeReason, changeNote });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<VersionDetail>();
}
