/**
 * Demo data of the 一单两库 directories other than the entities: the inspectors of every demo department
 * (linked to their demo accounts, with a few 回避 declarations), the expert pool (each expert maintained by
 * the city department of the specialty), two confirmed 专项库 (one with two versions) and a fresh 两库
 * confirmation for every department, so a draw can be tried at once. Runs inside the demo transaction,
 * after the entities (the 专项库 and entity 回避 refer to them).
 */
import { asc, eq, sql } from 'drizzle-orm';
import { departmentKey } from '../../domain/demo/departments';
import { personName, randomGender } from '../../domain/demo/people';
import { CHANGCHUN_CODE } from '../../domain/demo/places';
import { Rng } from '../../domain/demo/prng';
import { EXPERTISE_BY_TYPE } from '../../domain/demo/staff';
import type { DemoData } from '../../domain/demo/types';
import { normaliseTagCriteria, type TagCriteria } from '../../domain/directory/entity_tag';
import { DIRECTORY_KINDS } from '../../domain/directory/freshness';
import type { DepartmentType } from '../../domain/org/department_types';
import type { Db } from '../db/database';
import { dictionaryItems, directoryConfirmations, entityTags, experts, inspectorConflicts, inspectors, marketEntities } from '../db/schema';
import { ensureDictionaries } from '../modules/dictionaries/store';
import { confirmTagVersion, proposeCandidates, tagRegionPrefix } from '../modules/entity_tags/store';
import { EXPERTISE_DICTIONARY, INSPECTOR_POST_DICTIONARY } from '../modules/inspectors/schema';
import type { DemoStep } from './load_demo';

export interface DemoDirectoryOptions {
  readonly seed: string;
  readonly data: DemoData;
  /** Demo department key → department id. */
  readonly departmentsByKey: ReadonlyMap<string, string>;
  /** Demo account → user id. */
  readonly usersByAccount: ReadonlyMap<string, string>;
  readonly now: Date;
}

export interface DemoDirectoryCounts {
  readonly inspectors: number;
  readonly recusals: number;
  readonly experts: number;
  readonly tagVersions: number;
  readonly confirmations: number;
}

const RECUSAL_REASONS = ['近亲属在该单位任法定代表人', '配偶在该单位任职', '本人曾在该单位任职，离职未满三年', '与经营者有借贷关系'];
const PERSON_REASONS = ['近亲属经营个体工商户', '同学合伙经营企业', '亲属任企业负责人'];

/** The dictionary value for each label, adding the labels the dictionary lacks (the dictionary is open). */
async function dictionaryValues(tx: Db, typeKey: string, labels: readonly string[], now: Date): Promise<Map<string, string>> {
  const rows = await tx.select({ value: dictionaryItems.value, label: dictionaryItems.label }).from(dictionaryItems).where(eq(dictionaryItems.typeKey, typeKey));
  const byLabel = new Map(rows.map((r) => [r.label, r.value]));
  const missing = [...new Set(labels)].filter((label) => !byLabel.has(label));
  if (missing.length > 0) {
    await tx.insert(dictionaryItems).values(missing.map((label, i) => ({ typeKey, value: label, label, sortOrder: 1000 + i, createdAt: now, updatedAt: now })))
      .onConflictDoNothing();
    for (const label of missing) byLabel.set(label, label);
  }
  return byLabel;
}

/** Who acts for a department in the demo: its administrator, else the 双随机办, else anyone. */
function actorFor(options: DemoDirectoryOptions, departmentKeyValue: string): string {
  const admin = options.data.users.find((u) => u.departmentKey === departmentKeyValue && u.roleKey === 'dept_admin');
  const fallback = options.data.users.find((u) => u.roleKey === 'joint_office') ?? options.data.users[0];
  const id = options.usersByAccount.get(admin?.username ?? fallback?.username ?? '') ?? [...options.usersByAccount.values()][0];
  if (!id) throw new Error('demo directories need at least one demo user');
  return id;
}

export async function loadDemoInspectors(tx: Db, options: DemoDirectoryOptions): Promise<DemoDirectoryCounts> {
  const { data, departmentsByKey, usersByAccount, now } = options;
  const rng = new Rng(`${options.seed}/directories`);
  await ensureDictionaries(tx, now);
  const posts = await dictionaryValues(tx, INSPECTOR_POST_DICTIONARY, data.inspectors.map((i) => i.post), now);
  const tags = await dictionaryValues(tx, EXPERTISE_DICTIONARY, data.inspectors.flatMap((i) => i.expertise), now);

  // 执法检查人员, linked to the demo inspector accounts.
  const userOfInspector = new Map(data.users.filter((u) => u.inspectorKey).map((u) => [u.inspectorKey, usersByAccount.get(u.username) ?? null]));
  const inspectorIds = new Map<string, string>();
  const rows = data.inspectors.flatMap((i) => {
    const departmentId = departmentsByKey.get(i.departmentKey);
    if (!departmentId) return [];
    return [{
      key: i.key,
      values: {
        name: i.name, gender: i.gender, departmentId, post: posts.get(i.post) ?? i.post, certificateNo: i.certificateNumber,
        certificateValidUntil: i.certificateValidUntil, expertise: i.expertise.map((t) => tags.get(t) ?? t), phone: i.phone, status: i.status,
        regionCode: i.regionCode, userId: userOfInspector.get(i.key) ?? null, createdAt: now, updatedAt: now,
      },
    }];
  });
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500);
    const inserted = await tx.insert(inspectors).values(batch.map((r) => r.values)).returning({ id: inspectors.id, certificateNo: inspectors.certificateNo });
    const byCertificate = new Map(inserted.map((r) => [r.certificateNo, r.id]));
    for (const r of batch) inspectorIds.set(r.key, byCertificate.get(r.values.certificateNo) ?? '');
  }

  // 回避: about one inspector in twelve declares a person, one in fifteen an entity of the district.
  const entitiesByRegion = new Map<string, number[]>();
  const entityIdsIn = async (regionCode: string): Promise<number[]> => {
    const known = entitiesByRegion.get(regionCode);
    if (known) return known;
    const found = (await tx.select({ id: marketEntities.id }).from(marketEntities).where(sql`${marketEntities.regionCode} like ${`${tagRegionPrefix(regionCode)}%`}`)
      .orderBy(asc(marketEntities.id)).limit(200)).map((r) => r.id);
    entitiesByRegion.set(regionCode, found);
    return found;
  };
  const recusals: (typeof inspectorConflicts.$inferInsert)[] = [];
  for (const i of data.inspectors) {
    const inspectorId = inspectorIds.get(i.key);
    if (!inspectorId) continue;
    const createdBy = actorFor(options, i.departmentKey);
    if (rng.chance(1 / 12)) {
      recusals.push({ inspectorId, personName: personName(rng, randomGender(rng)), reason: rng.pick(PERSON_REASONS), declaredAt: addHours(now, -rng.between(24, 2000)), createdBy });
    }
    if (rng.chance(1 / 15)) {
      const candidates = await entityIdsIn(i.regionCode);
      if (candidates.length > 0) {
        recusals.push({ inspectorId, entityId: rng.pick(candidates), reason: rng.pick(RECUSAL_REASONS), declaredAt: addHours(now, -rng.between(24, 2000)), createdBy });
      }
    }
  }
  // A withdrawn declaration, to show that history is kept.
  const first = recusals[0];
  if (first) first.withdrawnAt = addHours(now, -12);
  if (recusals.length > 0) await tx.insert(inspectorConflicts).values(recusals);

  // 专家库: each expert is maintained by the city department of the specialty.
  const typeOfSpecialty = new Map<string, DepartmentType>();
  for (const [type, list] of Object.entries(EXPERTISE_BY_TYPE) as [DepartmentType, readonly string[]][]) {
    for (const s of list) if (!typeOfSpecialty.has(s)) typeOfSpecialty.set(s, type);
  }
  const cityMarket = departmentsByKey.get(departmentKey(CHANGCHUN_CODE, 'market_regulation'));
  const expertRows = data.experts.flatMap((e) => {
    const type = typeOfSpecialty.get(e.specialty);
    const departmentId = (type ? departmentsByKey.get(departmentKey(CHANGCHUN_CODE, type)) : undefined) ?? cityMarket;
    if (!departmentId) return [];
    return [{
      name: e.name, organisation: e.organisation, specialty: `${e.specialty}（${e.title}）`, contact: e.phone,
      status: e.status === 'active' ? 'available' : 'unavailable', departmentId, createdAt: now, updatedAt: now,
    }];
  });
  if (expertRows.length > 0) await tx.insert(experts).values(expertRows);

  const tagVersions = await loadDemoTags(tx, options);

  // 两库确认 for every department: fresh on the day the demo is loaded.
  const confirmations = data.departments.flatMap((d) => {
    const departmentId = departmentsByKey.get(d.key);
    if (!departmentId) return [];
    return DIRECTORY_KINDS.map((directory) => ({
      departmentId, directory, confirmedAt: now, confirmedBy: actorFor(options, d.key), note: '演示数据：载入时确认两库为最新',
    }));
  });
  if (confirmations.length > 0) await tx.insert(directoryConfirmations).values(confirmations);
  return { inspectors: inspectorIds.size, recusals: recusals.length, experts: expertRows.length, tagVersions, confirmations: confirmations.length };
}

function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3_600_000);
}

/**
 * 食品经营者 of the city 市场监督管理局 (two versions: keywords first, then industries added) and
 * 美容美发经营者 of the first district 市场监督管理局. A tag without candidates (no demo entities) stays unconfirmed.
 */
async function loadDemoTags(tx: Db, options: DemoDirectoryOptions): Promise<number> {
  const city = options.data.departments.find((d) => d.level === 'city' && d.type === 'market_regulation');
  const district = options.data.departments.find((d) => d.level === 'district' && d.type === 'market_regulation');
  const plans: { department: typeof city; name: string; description: string; versions: { criteria: TagCriteria; daysAgo: number; note: string }[] }[] = [
    {
      department: city, name: '食品经营者', description: '从事食品销售、餐饮服务的经营者（辅助建库）',
      versions: [
        { criteria: { industryCodes: [], keywords: ['食品销售'] }, daysAgo: 40, note: '按经营范围关键字建库' },
        { criteria: { industryCodes: ['512', '522', '62'], keywords: ['食品销售', '餐饮服务'] }, daysAgo: 2, note: '补充食品批发、零售及餐饮业行业代码' },
      ],
    },
    {
      department: district, name: '美容美发经营者', description: '理发及美容服务、生活美容服务经营者（化妆品使用、价格公示等检查）',
      versions: [{ criteria: { industryCodes: ['804'], keywords: ['生活美容服务', '理发及美容服务'] }, daysAgo: 5, note: '首次建库' }],
    },
  ];
  let confirmed = 0;
  for (const plan of plans) {
    if (!plan.department) continue;
    const departmentId = options.departmentsByKey.get(plan.department.key);
    if (!departmentId) continue;
    const [tag] = await tx.insert(entityTags).values({ departmentId, name: plan.name, description: plan.description, createdAt: addHours(options.now, -24 * 41), updatedAt: options.now })
      .returning({ id: entityTags.id });
    if (!tag) continue;
    const by = actorFor(options, plan.department.key);
    for (const version of plan.versions) {
      const normalised = normaliseTagCriteria(version.criteria);
      if (!normalised.ok) throw new Error(`demo tag criteria: ${normalised.error.message}`);
      const criteria = { ...normalised.value, includeInactive: false, regionPrefix: tagRegionPrefix(plan.department.regionCode) };
      const stored = {
        industryCodes: [...criteria.industryCodes], keywords: [...criteria.keywords], includeInactive: false, regionPrefix: criteria.regionPrefix,
        excludedEntityIds: [], note: version.note,
      };
      const proposal = await proposeCandidates(tx, tag.id, criteria, { page: 1, pageSize: 1 });
      if (proposal.total === 0) break;
      await confirmTagVersion(tx, tag.id, criteria, stored, by, addHours(options.now, -24 * version.daysAgo));
      confirmed++;
    }
  }
  return confirmed;
}

/** The demo step (server/demo/load_demo.ts DEMO_STEPS): after the entities step. */
export const inspectorsDemoStep: DemoStep = async (context) => {
  await loadDemoInspectors(context.tx, context);
};
