/**
 * Demo data on first run (not in production unless LOAD_DEMO_DATA=true): the organisation of
 * 长春市 (departments of the city and its districts, one account per role), then each directory's
 * loader. It runs in one transaction with its operation-log row, and only once per database
 * (app_meta 'demo.loaded').
 */
import { eq, inArray } from 'drizzle-orm';
import { BUILTIN_ROLES } from '../../domain/access/roles';
import { generateDemoData } from '../../domain/demo/generate';
import type { DemoData } from '../../domain/demo/types';
import { departmentTypeLabel } from '../../domain/org/department_types';
import { appendOperation } from '../audit/chain';
import { ensureBuiltinRoles } from '../bootstrap';
import type { Db } from '../db/database';
import { appMeta, departments, userRoles, users } from '../db/schema';
import { hashPassword } from '../modules/auth/password';
import { checklistDemoStep } from './checklists';
import { entitiesDemoStep } from './entities';
import { inspectorsDemoStep } from './inspectors';

export const DEMO_PASSWORD = 'Suiji@2026';
const LOADED_KEY = 'demo.loaded';

export interface DemoContext {
  readonly tx: Db;
  readonly seed: string;
  /** How many market entities to generate (DEMO_ENTITIES; the generator's iterator streams them). */
  readonly entities: number;
  /** The organisation part of the demo data set (generated with 0 entities). */
  readonly data: DemoData;
  /** Demo department key → department id. */
  readonly departmentsByKey: ReadonlyMap<string, string>;
  /** Demo account → user id. */
  readonly usersByAccount: ReadonlyMap<string, string>;
  readonly now: Date;
}

/** A directory's demo loader; each module adds its own step to DEMO_STEPS. */
export type DemoStep = (context: DemoContext) => Promise<void>;

/** Loaded in this order after the organisation (entities before the lists that refer to them). */
const DEMO_STEPS: readonly DemoStep[] = [entitiesDemoStep, checklistDemoStep, inspectorsDemoStep];

export interface DemoAccount { account: string; roleName: string; departmentName: string }

export async function loadDemoData(db: Db, options: { seed: string; entities: number; production: boolean; now?: Date }): Promise<{ loaded: boolean; accounts: DemoAccount[] }> {
  const data = generateDemoData({ seed: options.seed, entities: 0 });
  const [done] = await db.select().from(appMeta).where(eq(appMeta.key, LOADED_KEY));
  if (done) return { loaded: false, accounts: await accountsOf(db, data) };
  const now = options.now ?? new Date();
  const roleIds = await ensureBuiltinRoles(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as Db;
    const departmentsByKey = new Map<string, string>();
    const inserted = await tx.insert(departments).values(data.departments.map((d, i) => ({
      name: d.name, type: d.type, regionCode: d.regionCode, sortOrder: i, shortName: d.level === 'city' ? departmentTypeLabel(d.type) : null,
    }))).returning({ id: departments.id, name: departments.name, regionCode: departments.regionCode });
    for (const d of data.departments) {
      const row = inserted.find((r) => r.name === d.name && r.regionCode === d.regionCode);
      if (row) departmentsByKey.set(d.key, row.id);
    }
    const usersByAccount = new Map<string, string>();
    const existing = await tx.select({ id: users.id, account: users.account }).from(users).where(inArray(users.account, data.users.map((u) => u.username)));
    for (const e of existing) usersByAccount.set(e.account, e.id);
    for (const u of data.users) {
      const departmentId = departmentsByKey.get(u.departmentKey) ?? null;
      const known = usersByAccount.get(u.username);
      if (known) {
        // The bootstrap administrator joins the demo organisation's 双随机办.
        await tx.update(users).set({ departmentId }).where(eq(users.id, known));
        continue;
      }
      const [row] = await tx.insert(users).values({
        account: u.username, name: u.displayName, departmentId, phone: null, passwordHash, mustChangePassword: options.production,
      }).returning({ id: users.id });
      const roleId = roleIds.get(u.roleKey);
      if (!row || !roleId) throw new Error(`demo user ${u.username} could not be created`);
      await tx.insert(userRoles).values({ userId: row.id, roleId });
      usersByAccount.set(u.username, row.id);
    }
    const context: DemoContext = { tx, seed: options.seed, entities: options.entities, data, departmentsByKey, usersByAccount, now };
    for (const step of DEMO_STEPS) await step(context);
    await tx.insert(appMeta).values({ key: LOADED_KEY, value: { seed: options.seed, entities: options.entities, at: now.toISOString() } });
    await appendOperation(tx, {
      actor: null, action: 'system:demo:load', summary: '载入演示数据', targetType: null, targetId: null, outcome: 'success', errorCode: null,
      ip: null, method: 'CLI', path: 'server/demo/load_demo.ts', detail: { seed: options.seed, entities: options.entities, departments: data.departments.length, users: data.users.length },
    }, now, [{ type: 'DemoDataLoaded', seed: options.seed, entities: options.entities }]);
  });
  return { loaded: true, accounts: await accountsOf(db, data) };
}

/** The demo accounts worth printing at start: one per role, plus the first department administrators. */
async function accountsOf(db: Db, data: DemoData): Promise<DemoAccount[]> {
  const names = new Map(data.departments.map((d) => [d.key, d.name]));
  const roleNames = new Map(BUILTIN_ROLES.map((r) => [r.key, r.name]));
  const picked = ['admin', 'jointoffice', 'supervisor', 'justice', 'scjg_admin', 'scjg_head', 'sthj_admin', 'inspector01'];
  const present = new Set((await db.select({ account: users.account }).from(users).where(inArray(users.account, picked))).map((u) => u.account));
  return picked.flatMap((account) => {
    const u = data.users.find((x) => x.username === account);
    if (!u || !present.has(account)) return [];
    return [{ account, roleName: roleNames.get(u.roleKey) ?? u.roleKey, departmentName: names.get(u.departmentKey) ?? '' }];
  });
}
