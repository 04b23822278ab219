/**
 * Builds the golden vectors of inspector matching (test/vectors/match/*.json, docs/draw-protocol.md §9). Run
 * `npx tsx bench/match_vectors.ts` to rewrite them after a deliberate protocol change; the unit test
 * (cli/commands/verify_match.test.ts) fails when the code and the stored vectors disagree, and runs the Python
 * implementation (scripts/verify_match.py) over every vector.
 *
 * Every input is fixed or drawn from a labelled hash, so the output is reproducible.
 */
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { field, taggedHash, toHex } from '../domain/draw/encoding';
import { hashInspectorPool, matchInspectors, matchSeed } from '../domain/matching/match';
import type { Expert, Inspector, MatchObject, MatchRules } from '../domain/matching/types';
import { outcomeOf, type MatchRecord } from '../domain/matching/verify';

/** A golden vector: a matching record (docs/draw-protocol.md §9.6) with a name and a description. */
export interface MatchVector extends MatchRecord {
  readonly name: string;
  readonly description: string;
}

export const MATCH_VECTOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'vectors', 'match');
const seedOf = (label: string): Uint8Array => taggedHash('suiji/test-vector', [field(`match-seed:${label}`)]);

/** A deterministic stream of small integers from a label (for the generated instances). */
function numbers(label: string): (n: number) => number {
  let block = taggedHash('suiji/test-vector', [field(`match-data:${label}`)]);
  let at = 0;
  let counter = 0;
  return (n) => {
    if (at + 4 > block.length) {
      counter += 1;
      block = taggedHash('suiji/test-vector', [field(`match-data:${label}:${counter}`)]);
      at = 0;
    }
    const value = ((block[at] ?? 0) * 16777216 + (block[at + 1] ?? 0) * 65536 + (block[at + 2] ?? 0) * 256 + (block[at + 3] ?? 0)) % n;
    at += 4;
    return value;
  };
}

const RULES: MatchRules = { inspectionDate: '2025-06-01', teamSize: 2, maxObjectsPerInspector: 10, recusalYears: 3, sameRegion: false };

function inspector(id: string, dept: string, extra: Partial<Inspector> = {}): Inspector {
  return { id, dept, region: '220104', expertise: [], certificateValidUntil: '2026-12-31', onDuty: true, conflicts: [], history: [], ...extra };
}

const MARKET = '长春市朝阳区市场监督管理局';
const ECO = '长春市生态环境局朝阳分局';
const HEALTH = '长春市朝阳区卫生健康局';
const FIRE = '长春市朝阳区消防救援大队';

/** A generated instance: `objects` objects over `depts`, `perDept` inspectors each, with the usual exclusions. */
function generated(label: string, options: { objects: number; perDept: number; depts: readonly string[]; cap: number; teamSize: number; tight?: boolean; extended?: boolean }): { objects: MatchObject[]; inspectors: Inspector[]; rules: MatchRules; experts?: Expert[] } {
  const n = numbers(label);
  const objects: MatchObject[] = Array.from({ length: options.objects }, (_, k) => {
    const lead = options.depts[n(options.depts.length)] as string;
    const others = options.depts.filter((d) => d !== lead);
    const participatingDepts = others.length > 0 && n(3) === 0 ? [others[n(others.length)] as string] : [];
    const expertise = n(5) === 0 ? [{ dept: lead, expertise: '特种设备' }] : [];
    return { id: `9122010${String(k).padStart(11, '0')}`, leadDept: lead, participatingDepts, expertise, region: n(4) === 0 ? '220102' : '220104' };
  });
  const inspectors: Inspector[] = options.depts.flatMap((dept, d) => Array.from({ length: options.perDept }, (_, k) => {
    const id = `ZF${d}${String(k).padStart(4, '0')}`;
    const roll = n(20);
    return inspector(id, dept, {
      expertise: n(3) === 0 ? ['特种设备'] : [],
      certificateValidUntil: roll === 0 ? '2025-05-31' : roll === 1 ? '' : '2027-12-31',
      onDuty: roll !== 2,
      conflicts: n(6) === 0 ? [objects[n(objects.length)]?.id ?? ''] : [],
      history: n(6) === 0 ? [{ entityId: objects[n(objects.length)]?.id ?? '', date: n(2) === 0 ? '2023-02-28' : '2021-06-01' }] : [],
      region: n(5) === 0 ? '220102' : '220104',
      ...(options.tight && n(4) === 0 ? { maxObjects: 1 + n(3) } : {}),
    });
  }));
  const rules: MatchRules = { ...RULES, teamSize: options.teamSize, maxObjectsPerInspector: options.cap };
  if (!options.extended) return { objects, inspectors, rules };
  // Quotas (曲阳第16条), direct appointments (直接委派) and experts (专家库), for the differential tests only.
  const extendedObjects = objects.map((o, k): MatchObject => {
    const quotas = o.participatingDepts.length > 0 && n(3) === 0 ? [{ dept: o.participatingDepts[0] as string, members: 1 + n(2) }] : [];
    const local = inspectors.filter((i) => i.dept === o.leadDept && i.onDuty && i.certificateValidUntil >= rules.inspectionDate && !i.conflicts.includes(o.id) && !i.history.some((h) => h.entityId === o.id));
    const pick = k % 4 === 0 && local.length > 0 ? local[n(local.length)] : undefined;
    return { ...o, ...(quotas.length > 0 ? { quotas } : {}), ...(pick && (pick.maxObjects ?? 1) > 0 ? { appointed: [pick.id] } : {}) };
  });
  const experts: Expert[] = Array.from({ length: 3 + n(6) }, (_, k) => ({
    id: `ZJ${String(k).padStart(3, '0')}`, dept: options.depts[k % options.depts.length] as string, available: n(8) !== 0,
    conflicts: n(5) === 0 ? [objects[n(objects.length)]?.id ?? ''] : [],
  }));
  return { objects: extendedObjects, inspectors, rules: { ...rules, expertsPerObject: n(4) === 3 ? 2 : n(2) }, experts };
}

interface Case { name: string; description: string; objects: readonly MatchObject[]; inspectors: readonly Inspector[]; rules: MatchRules; experts?: readonly Expert[] }

const cases: Case[] = [
  {
    name: 'one_department',
    description: '一个部门、3 个检查对象、4 名检查人员，每组 2 人',
    objects: ['O1', 'O2', 'O3'].map((id) => ({ id, leadDept: MARKET, participatingDepts: [], expertise: [] })),
    inspectors: ['甲', '乙', '丙', '丁'].map((id) => inspector(id, MARKET)),
    rules: RULES,
  },
  {
    name: 'joint_with_exclusions',
    description: '部门联合抽查：牵头部门出组长，参与部门各出 1 人；特种设备专长；执法证过期、休假、利害关系与近 3 年检查过的回避；个人任务上限',
    objects: [
      { id: '91220104MA0000001X', leadDept: MARKET, participatingDepts: [ECO], expertise: [{ dept: MARKET, expertise: '特种设备' }] },
      { id: '91220104MA0000002X', leadDept: MARKET, participatingDepts: [ECO, HEALTH], expertise: [] },
      { id: '91220104MA0000003X', leadDept: ECO, participatingDepts: [MARKET], expertise: [{ dept: MARKET, expertise: '特种设备' }] },
      { id: '91220104MA0000004X', leadDept: HEALTH, participatingDepts: [], expertise: [] },
    ],
    inspectors: [
      inspector('SJ01', MARKET, { expertise: ['特种设备'] }),
      inspector('SJ02', MARKET, { certificateValidUntil: '2025-05-31' }),
      inspector('SJ03', MARKET, { conflicts: ['91220104MA0000002X'] }),
      inspector('SJ04', MARKET, { history: [{ entityId: '91220104MA0000001X', date: '2022-06-01' }], expertise: ['特种设备'] }),
      inspector('SJ05', MARKET, { maxObjects: 1 }),
      inspector('SJ06', MARKET, { onDuty: false }),
      inspector('HB01', ECO), inspector('HB02', ECO, { history: [{ entityId: '91220104MA0000003X', date: '2022-05-31' }] }), inspector('HB03', ECO, { certificateValidUntil: '' }),
      inspector('WJ01', HEALTH), inspector('WJ02', HEALTH), inspector('WJ03', HEALTH, { maxObjects: 1 }),
    ],
    rules: { ...RULES, teamSize: 3 },
  },
  {
    name: 'non_ascii_ids_same_region_leap_day',
    description: '非 ASCII 标识、仅限本区域、2 月 29 日的回避年限（2024-02-29 前 1 年为 2023-02-28）',
    objects: [
      { id: '个体·长春朝阳重庆路食杂店', leadDept: MARKET, participatingDepts: [], expertise: [], region: '220104' },
      { id: '项目：净月潭步道', leadDept: MARKET, participatingDepts: [FIRE], expertise: [], region: '220102' },
      { id: 'Ｐ产品-0001', leadDept: FIRE, participatingDepts: [], expertise: [], region: '220102' },
    ],
    inspectors: [
      inspector('张三', MARKET, { region: '220104' }), inspector('李四', MARKET, { region: '220104' }),
      inspector('王五', MARKET, { region: '220102', history: [{ entityId: '项目：净月潭步道', date: '2023-02-28' }] }),
      inspector('赵六', MARKET, { region: '220102' }), inspector('孙七', MARKET, { region: '220102' }),
      inspector('消防一', FIRE, { region: '220102' }), inspector('消防二', FIRE, { region: '220102' }),
    ],
    rules: { ...RULES, inspectionDate: '2024-02-29', recusalYears: 1, sameRegion: true },
  },
  {
    name: 'tight_exact_capacity',
    description: '容量恰好等于需求：12 个对象每组 2 人共 24 人次，6 名检查人员每人至多 4 个，利害关系使先到先得的分配走不通',
    objects: Array.from({ length: 12 }, (_, k) => ({ id: `T${String(k).padStart(2, '0')}`, leadDept: MARKET, participatingDepts: [], expertise: [] })),
    inspectors: Array.from({ length: 6 }, (_, k) => inspector(`TI${k}`, MARKET, {
      conflicts: Array.from({ length: 12 }, (_, j) => `T${String(j).padStart(2, '0')}`).filter((_, j) => (j + k) % 6 === 0 || (j + 2 * k) % 5 === 0),
    })),
    rules: { ...RULES, maxObjectsPerInspector: 4 },
  },
  {
    name: 'generated_medium',
    description: '生成的 200 个对象、4 个部门各 40 名检查人员，含联合、专长、回避、区域与执法证有效期',
    ...generated('medium', { objects: 200, perDept: 40, depts: [MARKET, ECO, HEALTH, FIRE], cap: 10, teamSize: 2 }),
  },
  {
    name: 'generated_tight',
    description: '生成的 60 个对象、2 个部门各 14 名检查人员、每组 3 人、每人至多 8 个，部分人员个人上限 1–3 个',
    ...generated('tight', { objects: 60, perDept: 14, depts: [MARKET, ECO], cap: 8, teamSize: 3, tight: true }),
  },
  {
    name: 'infeasible_capacity',
    description: '无解：生态环境局 40 个对象，符合条件的只有 3 名（每人至多 10 个），第 4 名执法证过期；须指出部门与规则，不得少派',
    objects: Array.from({ length: 40 }, (_, k) => ({ id: `E${String(k).padStart(2, '0')}`, leadDept: ECO, participatingDepts: [], expertise: [] })),
    inspectors: [inspector('HB1', ECO), inspector('HB2', ECO), inspector('HB3', ECO), inspector('HB4', ECO, { certificateValidUntil: '2025-01-01' })],
    rules: RULES,
  },
  {
    name: 'quotas_appointed_experts',
    description: '各部门派员人数（曲阳第16条：生态环境局每组 2 人）、直接委派（威海第6条：外区域人员委派到一个对象，仍须回避）、每个对象从专家库随机抽取 1 名专家（暂停与利害关系的专家不抽）',
    objects: [
      { id: '91220104MA0000011X', leadDept: MARKET, participatingDepts: [ECO], expertise: [], region: '220104', quotas: [{ dept: ECO, members: 2 }], appointed: ['SJ09'] },
      { id: '91220104MA0000012X', leadDept: MARKET, participatingDepts: [ECO], expertise: [{ dept: MARKET, expertise: '特种设备' }], region: '220104', quotas: [{ dept: ECO, members: 2 }] },
      { id: '91220104MA0000013X', leadDept: MARKET, participatingDepts: [], expertise: [], region: '220104' },
    ],
    inspectors: [
      inspector('SJ01', MARKET, { expertise: ['特种设备'] }), inspector('SJ02', MARKET), inspector('SJ03', MARKET, { conflicts: ['91220104MA0000013X'] }), inspector('SJ04', MARKET),
      inspector('SJ09', MARKET, { region: '220102' }),
      inspector('HB01', ECO), inspector('HB02', ECO), inspector('HB03', ECO, { maxObjects: 1 }),
    ],
    experts: [
      { id: 'ZJ01', dept: MARKET, available: true, conflicts: [] }, { id: 'ZJ02', dept: ECO, available: true, conflicts: ['91220104MA0000011X'] },
      { id: 'ZJ03', dept: MARKET, available: false, conflicts: [] }, { id: 'ZJ04', dept: ECO, available: true, conflicts: [] },
    ],
    rules: { ...RULES, teamSize: 3, maxObjectsPerInspector: 2, sameRegion: true, expertsPerObject: 1 },
  },
  {
    name: 'experts_infeasible',
    description: '无解：每个对象 2 名专家，专家库只有 2 名可用（每人至多 2 个）、3 个对象；须指出专家库',
    objects: ['P1', 'P2', 'P3'].map((id) => ({ id, leadDept: MARKET, participatingDepts: [], expertise: [] })),
    inspectors: ['甲', '乙', '丙', '丁'].map((id) => inspector(id, MARKET)),
    experts: [{ id: '专家一', dept: MARKET, available: true, conflicts: [] }, { id: '专家二', dept: MARKET, available: true, conflicts: [] }, { id: '专家三', dept: MARKET, available: false, conflicts: [] }],
    rules: { ...RULES, maxObjectsPerInspector: 2, expertsPerObject: 2 },
  },
  {
    name: 'experts_recusal_history',
    description: '专家回避：申报了利害关系与回避年限内检查过同一主体的专家不抽；超出年限的检查记录不影响；无检查记录的专家不写 history（哈希与此前一致）',
    objects: ['Q1', 'Q2', 'Q3'].map((id) => ({ id, leadDept: MARKET, participatingDepts: [], expertise: [] })),
    inspectors: ['甲', '乙', '丙'].map((id) => inspector(id, MARKET)),
    experts: [
      { id: 'ZJ11', dept: MARKET, available: true, conflicts: ['Q1'], history: [{ entityId: 'Q2', date: '2024-05-01' }] },
      { id: 'ZJ12', dept: MARKET, available: true, conflicts: [], history: [{ entityId: 'Q3', date: '2021-05-31' }] },
      { id: 'ZJ13', dept: ECO, available: true, conflicts: ['Q3'] },
    ],
    rules: { ...RULES, maxObjectsPerInspector: 2, expertsPerObject: 1 },
  },
];

function build(c: Case): MatchVector {
  const drawSeed = seedOf(c.name);
  const seed = matchSeed(drawSeed);
  const experts = c.experts ?? [];
  const expect = outcomeOf(matchInspectors(c.objects, c.inspectors, c.rules, seed, experts));
  return {
    name: c.name, description: c.description, drawSeed: toHex(drawSeed), seedMatch: toHex(seed),
    objects: c.objects, inspectors: c.inspectors, ...(c.experts ? { experts: c.experts } : {}), rules: c.rules,
    inspectorPoolHash: hashInspectorPool(c.inspectors, c.rules, experts), expect,
  };
}

export function matchVectors(): MatchVector[] {
  return cases.map(build);
}

/**
 * `count` generated records, small and tight (capacities near the demand), for differential tests of the two
 * implementations: many of them need the repair step (§9.4), some are infeasible.
 */
export function generatedRecords(count: number): MatchVector[] {
  const depts = [MARKET, ECO, HEALTH];
  return Array.from({ length: count }, (_, k) => {
    const n = numbers(`differential:${k}`);
    const instance = generated(`differential:${k}`, {
      objects: 4 + n(30), perDept: 4 + n(10), depts: depts.slice(0, 1 + n(3)), cap: 2 + n(6), teamSize: 2 + n(2), tight: true, extended: k % 2 === 1,
    });
    return build({ name: `differential_${String(k).padStart(3, '0')}`, description: '生成的小规模、容量紧张的实例（差分测试）', ...instance });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(MATCH_VECTOR_DIR, { recursive: true });
  for (const f of readdirSync(MATCH_VECTOR_DIR)) if (f.endsWith('.json')) unlinkSync(join(MATCH_VECTOR_DIR, f));
  for (const v of matchVectors()) {
    writeFileSync(join(MATCH_VECTOR_DIR, `${v.name}.json`), `${JSON.stringify(v, null, 2)}\n`);
    console.log(`${v.name}: ${v.expect.result}`);
  }
}
