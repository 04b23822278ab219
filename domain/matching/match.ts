/**
 * Inspector matching (检查人员随机匹配), docs/draw-protocol.md §9. Input checks, team composition and the
 * inspector pool hash are in rules.ts; the explanations of an infeasible department in explain.ts.
 *
 * Team rules:
 * - every member holds a 执法证 valid on the inspection date and is on duty; a team has at least
 *   `teamSize` ≥ 2 members (威海第6条 "每个检查对象不少于2名执法人员，选定1人为组长");
 * - the leader comes from the lead department (长春第14条 "由牵头部门的执法人员任组长");
 * - every participating department sends one member; the lead department sends the leader plus
 *   whatever the team still needs to reach `teamSize`;
 * - 回避: no inspector with a declared conflict with the entity, nor one who inspected it within
 *   `recusalYears` (威海第6条, 曲阳第16条);
 * - at most `maxObjectsPerInspector` objects per inspector (or a lower personal cap);
 * - where an item needs a specialist, the named department's members include one with it.
 *
 * Because every slot belongs to one department and every inspector to one department, the problem
 * splits into one bipartite b-matching per department: objects demand n_o inspectors, at most
 * n_o − 1 of them without the required expertise; inspectors supply their cap; edges are eligible
 * pairs. Per department:
 * 1. seeded costs: cost(o, i) = AES-256_Kc(D_o[0..8) ‖ D_i[0..8)), a fresh uniform 128-bit value per pair;
 * 2. greedy: objects in seeded order take their cheapest eligible inspectors with spare capacity
 *    (an expert first when one is required);
 * 3. repair: each missing member is found by a breadth-first augmenting path in the residual flow
 *    network (moving inspectors between objects). This is Ford–Fulkerson started from the greedy
 *    flow, so it staffs every object whenever any valid assignment exists; when a path is missing,
 *    the objects it reached form a Hall violator, which is what the error message reports.
 * All choices depend only on the seeded costs (ties, which need equal 128-bit costs, fall back to
 * inspector id bytes), so equally qualified inspectors have equal chances.
 */
import { err, ok, type Result } from '../basics/result';
import { aes256EcbEncryptor, compareBytes, compareUtf8, field, taggedHash, TAG } from '../draw/encoding';
import { capOf, type Context, type DeptObject } from './context';
import { describeExclusions, explain, LIST_LIMIT, listIds } from './explain';
import { EXPERT_POOL, teamComposition, validateMatchInput, yearsBefore } from './rules';
import type { Expert, Infeasibility, Inspector, MatchError, MatchObject, MatchOutcome, MatchRules, Team, TeamMember } from './types';

export { EXPERT_POOL, hashInspectorPool, teamComposition, yearsBefore } from './rules';

const TWO_POW_21 = 2 ** 21;

/** seed_match = SHA-256(field("suiji/match/v1/seed") ‖ field(drawSeed)): the matching seed of a draw. */
export function matchSeed(drawSeed: Uint8Array): Uint8Array {
  return taggedHash(TAG.matchSeed, [field(drawSeed)]);
}

interface DeptSolution {
  /** Per local object: global inspector indices, in ascending cost order. */
  readonly teams: number[][];
  readonly objects: readonly DeptObject[];
}

/**
 * Matches inspectors to objects. `seed` is the 32-byte matching seed (see `matchSeed`). Returns one
 * team per object, or INFEASIBLE with, per department, the rule and numbers that make it impossible.
 */
export function matchInspectors(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules, seed: Uint8Array, experts: readonly Expert[] = []): Result<MatchOutcome, MatchError> {
  const valid = validateMatchInput(objects, inspectors, rules, seed, experts);
  if (!valid.ok) return valid;
  const costKey = taggedHash(TAG.matchKey, [field(seed)]);
  const orderKey = taggedHash(TAG.matchOrderKey, [field(seed)]);
  const objectDigest = objects.map((o) => taggedHash(TAG.matchObject, [field(o.id)]));
  const inspectorDigest = inspectors.map((i) => taggedHash(TAG.matchInspector, [field(i.id)]));
  const since = rules.recusalYears > 0 ? yearsBefore(rules.inspectionDate, rules.recusalYears) : undefined;
  const recentInspections = inspectors.map((i) => {
    if (since === undefined) return undefined;
    const recent = i.history.filter((h) => h.date >= since).map((h) => h.entityId);
    return recent.length > 0 ? new Set(recent) : undefined;
  });
  const ctx: Context = {
    objects,
    inspectors,
    rules,
    costEncrypt: aes256EcbEncryptor(costKey),
    objectDigest,
    objectDigest32: new Uint32Array(concatDigests(objectDigest, 8).buffer),
    inspectorDigest,
    expertiseSets: inspectors.map((i) => new Set(i.expertise)),
    recusals: inspectors.map((i) => (i.conflicts.length > 0 ? new Set(i.conflicts) : undefined)),
    recentInspections,
    certificateOk: inspectors.map((i) => i.certificateValidUntil !== '' && i.certificateValidUntil >= rules.inspectionDate),
  };

  // Seeded object order: AES-256_Ko(D_o[0..16)), ties by id bytes.
  const orderTickets = aes256EcbEncryptor(orderKey)(concatDigests(objectDigest, 16));
  const orderView = new DataView(orderTickets.buffer, orderTickets.byteOffset, orderTickets.byteLength);
  const orderKey53 = objects.map((_, k) => orderView.getUint32(16 * k) * TWO_POW_21 + (orderView.getUint32(16 * k + 4) >>> 11));
  const order = objects
    .map((_, k) => k)
    .sort(
      (a, b) =>
        (orderKey53[a] as number) - (orderKey53[b] as number) ||
        compareBytes(orderTickets.subarray(16 * a, 16 * a + 16), orderTickets.subarray(16 * b, 16 * b + 16)) ||
        compareUtf8((objects[a] as MatchObject).id, (objects[b] as MatchObject).id),
    );

  // Rosters per department, in id byte order.
  const rosters = new Map<string, number[]>();
  inspectors.forEach((i, k) => {
    const list = rosters.get(i.dept) ?? [];
    list.push(k);
    rosters.set(i.dept, list);
  });
  for (const list of rosters.values()) list.sort((a, b) => compareUtf8((inspectors[a] as Inspector).id, (inspectors[b] as Inspector).id));

  // Objects per department, in seeded order; directly appointed members (直接委派) take their places first.
  const indexOf = new Map(inspectors.map((i, k) => [i.id, k]));
  const deptObjects = new Map<string, DeptObject[]>();
  for (const o of order) {
    const object = objects[o] as MatchObject;
    const appointedAll = (object.appointed ?? []).map((id) => indexOf.get(id) as number);
    for (const { dept, count } of teamComposition(object, rules.teamSize)) {
      const appointed = appointedAll.filter((i) => (inspectors[i] as Inspector).dept === dept);
      const required = object.expertise.find((x) => x.dept === dept)?.expertise;
      const covered = required !== undefined && appointed.some((i) => (ctx.expertiseSets[i] as ReadonlySet<string>).has(required));
      const list = deptObjects.get(dept) ?? [];
      list.push({ o, demand: count - appointed.length, expertise: covered ? undefined : required, appointed });
      deptObjects.set(dept, list);
    }
  }

  const reasons: Infeasibility[] = [];
  const solutions = new Map<string, DeptSolution>();
  for (const dept of [...deptObjects.keys()].sort(compareUtf8)) {
    const r = solveDepartment(ctx, dept, rosters.get(dept) ?? [], deptObjects.get(dept) ?? []);
    if (r.ok) solutions.set(dept, r.value);
    else reasons.push(r.error);
  }
  // 专家库 (威海第6条 "从专家库中随机抽取"): `expertsPerObject` experts per object, drawn like one more department.
  const perObject = rules.expertsPerObject ?? 0;
  let expertSolution: { ctx: Context; solution: DeptSolution } | undefined;
  if (perObject > 0) {
    const ectx = expertContext(ctx, experts);
    const roster = experts.map((_, k) => k).sort((a, b) => compareUtf8((experts[a] as Expert).id, (experts[b] as Expert).id));
    const r = solveDepartment(ectx, EXPERT_POOL, roster, order.map((o) => ({ o, demand: perObject, expertise: undefined, appointed: [] })));
    if (r.ok) expertSolution = { ctx: ectx, solution: r.value };
    else reasons.push({ ...r.error, message: expertWording(r.error.message) });
  }
  if (reasons.length > 0) {
    return err({ code: 'INFEASIBLE', message: `无法按规则为全部检查对象配齐检查人员：\n${reasons.map((r) => `- ${r.message}`).join('\n')}`, reasons });
  }
  return ok(assemble(ctx, solutions, expertSolution));
}

/** The department explanations reworded for the expert directory (专家, 暂停 rather than 检查人员, 不在岗). */
function expertWording(message: string): string {
  return message.replaceAll('名录中没有检查人员', '没有专家').replaceAll('需要该部门派员', '需要专家').replaceAll('本部门名录', '专家库')
    .replaceAll('该部门', '专家库').replaceAll('检查人员', '专家').replaceAll('不在岗', '暂停');
}

/** The expert directory seen as inspectors of one pool: no 执法证 or region rule; conflicts and recent inspections as for inspectors. */
function expertContext(ctx: Context, experts: readonly Expert[]): Context {
  const as: Inspector[] = experts.map((x) => ({ id: x.id, dept: x.dept, region: '', expertise: [], certificateValidUntil: '', onDuty: x.available, conflicts: x.conflicts, history: x.history ?? [] }));
  const since = ctx.rules.recusalYears > 0 ? yearsBefore(ctx.rules.inspectionDate, ctx.rules.recusalYears) : undefined;
  return {
    ...ctx,
    inspectors: as,
    rules: { ...ctx.rules, sameRegion: false },
    inspectorDigest: experts.map((x) => taggedHash(TAG.matchInspector, [field(x.id)])),
    expertiseSets: experts.map(() => new Set<string>()),
    recusals: experts.map((x) => (x.conflicts.length > 0 ? new Set(x.conflicts) : undefined)),
    recentInspections: experts.map((x) => {
      const recent = since === undefined ? [] : (x.history ?? []).filter((h) => h.date >= since).map((h) => h.entityId);
      return recent.length > 0 ? new Set(recent) : undefined;
    }),
    certificateOk: experts.map(() => true),
  };
}

function concatDigests(digests: readonly Uint8Array[], bytes: number): Uint8Array {
  const out = new Uint8Array(digests.length * bytes);
  digests.forEach((d, k) => out.set(d.subarray(0, bytes), k * bytes));
  return out;
}

function assemble(ctx: Context, solutions: ReadonlyMap<string, DeptSolution>, experts?: { ctx: Context; solution: DeptSolution }): MatchOutcome {
  const perObject = new Map<number, Map<string, number[]>>();
  for (const [dept, sol] of solutions) {
    sol.objects.forEach((d, k) => {
      const m = perObject.get(d.o) ?? new Map<string, number[]>();
      m.set(dept, sol.teams[k] as number[]);
      perObject.set(d.o, m);
    });
  }
  const loads = new Array<number>(ctx.inspectors.length).fill(0);
  const teams: Team[] = ctx.objects.map((object, o) => {
    const byDept = perObject.get(o) ?? new Map<string, number[]>();
    const members: TeamMember[] = [];
    for (const { dept } of teamComposition(object, ctx.rules.teamSize)) {
      const required = object.expertise.find((x) => x.dept === dept)?.expertise;
      let coveredOnce = false;
      for (const i of byDept.get(dept) ?? []) {
        const inspector = ctx.inspectors[i] as Inspector;
        loads[i] = (loads[i] as number) + 1;
        const covers = required !== undefined && !coveredOnce && (ctx.expertiseSets[i] as ReadonlySet<string>).has(required) ? [required] : [];
        if (covers.length > 0) coveredOnce = true;
        const appointed = object.appointed?.includes(inspector.id) === true ? { appointed: true as const } : {};
        members.push({ inspectorId: inspector.id, dept, role: members.length === 0 ? 'leader' : 'member', covers, ...appointed });
      }
    }
    return { objectId: object.id, members };
  });
  if (experts) {
    experts.solution.objects.forEach((d, k) => {
      const team = teams[d.o] as Team;
      const added = (experts.solution.teams[k] as number[]).map((i): TeamMember => {
        const x = experts.ctx.inspectors[i] as Inspector;
        return { inspectorId: x.id, dept: x.dept, role: 'expert', covers: [] };
      });
      teams[d.o] = { objectId: team.objectId, members: [...team.members, ...added] };
    });
  }
  return { teams, loads: ctx.inspectors.map((i, k) => ({ inspectorId: i.id, objects: loads[k] as number })) };
}

/** Solves one department: eligible edges with seeded costs, greedy start, augmenting-path repair. */
function solveDepartment(ctx: Context, dept: string, roster: readonly number[], dos: readonly DeptObject[]): Result<DeptSolution, Infeasibility> {
  const nObj = dos.length;
  const nIns = roster.length;
  const localOf = new Map(roster.map((i, li) => [i, li]));
  const cap = Int32Array.from(roster, (i) => capOf(ctx, i));
  // Appointed members (直接委派) hold their places: they use up capacity and are not drawn again for that object.
  for (const d of dos) {
    for (const i of d.appointed) {
      const li = localOf.get(i) as number;
      cap[li] = (cap[li] as number) - 1;
    }
  }
  const localObjects = dos.map((d) => ctx.objects[d.o] as MatchObject);
  const rosterDigest32 = new Uint32Array(2 * nIns); // D_i[0..8) of each roster member
  const objectDigest32 = ctx.objectDigest32; // D_o[0..8) of each object
  roster.forEach((i, li) => rosterDigest32.set(new Uint32Array((ctx.inspectorDigest[i] as Uint8Array).slice(0, 8).buffer), 2 * li));

  // ---- eligible edges (CSR), pre-checked per object ----
  // Inspector-level conditions (on duty, certificate, cap) once per roster member; pair-level
  // 回避 only for the few objects that appear in someone's conflicts or recent history.
  const base: number[] = [];
  for (let li = 0; li < nIns; li++) {
    const i = roster[li] as number;
    if ((ctx.inspectors[i] as Inspector).onDuty && ctx.certificateOk[i] && (cap[li] as number) > 0) base.push(li);
  }
  const baseByRegion = new Map<string, number[]>();
  if (ctx.rules.sameRegion) {
    for (const li of base) {
      const region = (ctx.inspectors[roster[li] as number] as Inspector).region;
      const list = baseByRegion.get(region) ?? [];
      list.push(li);
      baseByRegion.set(region, list);
    }
  }
  const blockedFor = new Map<string, Set<number>>();
  const block = (id: string, li: number): void => {
    const set = blockedFor.get(id) ?? new Set<number>();
    set.add(li);
    blockedFor.set(id, set);
  };
  roster.forEach((i, li) => {
    for (const source of [ctx.recusals[i], ctx.recentInspections[i]]) for (const id of source ?? []) block(id, li);
  });
  for (const d of dos) for (const i of d.appointed) block((ctx.objects[d.o] as MatchObject).id, localOf.get(i) as number);
  const candidatesOf = (object: MatchObject): readonly number[] => (ctx.rules.sameRegion ? (baseByRegion.get(object.region ?? '') ?? []) : base);
  const edgeStart = new Int32Array(nObj + 1);
  const failures: { object: MatchObject; demand: number; eligible: number; expertise?: string }[] = [];
  for (let k = 0; k < nObj; k++) {
    const object = localObjects[k] as MatchObject;
    const d = dos[k] as DeptObject;
    const candidates = candidatesOf(object);
    const blocked = blockedFor.get(object.id);
    let count = candidates.length;
    let experts = 0;
    if (blocked) for (const li of candidates) if (blocked.has(li)) count--;
    if (d.expertise !== undefined) {
      for (const li of candidates) if (!blocked?.has(li) && (ctx.expertiseSets[roster[li] as number] as ReadonlySet<string>).has(d.expertise)) experts++;
    }
    if (count < d.demand) failures.push({ object, demand: d.demand, eligible: count });
    else if (d.expertise !== undefined && experts === 0) failures.push({ object, demand: 1, eligible: 0, expertise: d.expertise });
    edgeStart[k + 1] = (edgeStart[k] as number) + count;
  }
  if (failures.length > 0) {
    const f = failures[0] as (typeof failures)[number];
    const more = failures.length > 1 ? `；另有 ${failures.length - 1} 个检查对象同样无法配齐（${listIds(failures.slice(1, LIST_LIMIT).map((x) => x.object.id))}）` : '';
    const message =
      nIns === 0
        ? `${dept}：名录中没有检查人员，但 ${failures.length} 个检查对象（${listIds(failures.map((x) => x.object.id))}）需要该部门派员`
        : f.expertise !== undefined
          ? `${dept}：检查对象“${f.object.id}”的检查事项要求具备“${f.expertise}”专长的人员，该部门没有符合条件且具备该专长的检查人员${more}`
          : `${dept}：检查对象“${f.object.id}”需要该部门派出 ${f.demand} 名检查人员，符合条件的只有 ${f.eligible} 名（${describeExclusions(ctx, roster, [f.object])}）${more}`;
    return err({
      dept,
      rule: nIns === 0 ? 'no-inspectors' : f.expertise !== undefined ? 'expertise' : 'eligibility',
      message,
      objectIds: failures.slice(0, LIST_LIMIT).map((x) => x.object.id),
      demand: failures.reduce((n, x) => n + x.demand, 0),
      supply: failures.reduce((n, x) => n + Math.min(x.demand, x.eligible), 0),
    });
  }

  // ---- seeded costs: cost(o, i) = AES-256_Kc(D_o[0..8) ‖ D_i[0..8)) ----
  const hasX = Uint8Array.from(dos, (d) => (d.expertise === undefined ? 0 : 1));
  // expert[x][li] = 1 when roster member li has expertise kind x; xOf[k] = kind required by object k.
  const kinds = [...new Set(dos.flatMap((d) => (d.expertise === undefined ? [] : [d.expertise])))];
  const expert = kinds.map((x) => Uint8Array.from(roster, (i) => ((ctx.expertiseSets[i] as ReadonlySet<string>).has(x) ? 1 : 0)));
  const xOf = Int32Array.from(dos, (d) => (d.expertise === undefined ? -1 : kinds.indexOf(d.expertise)));
  const isExpertFor = (k: number, li: number): boolean => hasX[k] === 1 && (expert[xOf[k] as number] as Uint8Array)[li] === 1;
  const eligibleInto = (k: number, out: Int32Array, at: number): number => {
    const object = localObjects[k] as MatchObject;
    const blocked = blockedFor.get(object.id);
    let e = at;
    for (const li of candidatesOf(object)) if (!blocked?.has(li)) out[e++] = li;
    return e;
  };
  const eligibleList = (k: number): Int32Array => {
    const out = new Int32Array((edgeStart[k + 1] as number) - (edgeStart[k] as number));
    eligibleInto(k, out, 0);
    return out;
  };
  interface Costs {
    key: Float64Array;
    bytes: Uint8Array;
  }
  let input = new Uint8Array(16 * 4096);
  let input32 = new Uint32Array(input.buffer);
  /** Costs of the pairs (object objOf[j], inspector list[j]) for j < n, in one AES call. */
  const costsOfPairs = (objOf: Int32Array, list: Int32Array, n: number, key: Float64Array): Uint8Array => {
    if (input.length < 16 * n) {
      input = new Uint8Array(32 * n);
      input32 = new Uint32Array(input.buffer);
    }
    // Digest prefixes are copied as 32-bit words: a raw byte copy, independent of endianness.
    for (let j = 0; j < n; j++) {
      const k = objOf[j] as number;
      const li = list[j] as number;
      input32[4 * j] = objectDigest32[2 * k] as number;
      input32[4 * j + 1] = objectDigest32[2 * k + 1] as number;
      input32[4 * j + 2] = rosterDigest32[2 * li] as number;
      input32[4 * j + 3] = rosterDigest32[2 * li + 1] as number;
    }
    const bytes = ctx.costEncrypt(input.subarray(0, 16 * n));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let j = 0; j < n; j++) key[j] = view.getUint32(16 * j) * TWO_POW_21 + (view.getUint32(16 * j + 4) >>> 11);
    return bytes;
  };
  const costsFor = (k: number, list: Int32Array): Costs => {
    const key = new Float64Array(list.length);
    const bytes = costsOfPairs(new Int32Array(list.length).fill((dos[k] as DeptObject).o), list, list.length, key).slice();
    return { key, bytes };
  };
  const idOf = (li: number): string => (ctx.inspectors[roster[li] as number] as Inspector).id;
  /** Orders two candidates: cost (top 53 bits, then all 128 bits), then inspector id. */
  const compareAt = (key: Float64Array, bytes: Uint8Array, list: Int32Array, a: number, b: number): number =>
    (key[a] as number) - (key[b] as number) || compareBytes(bytes.subarray(16 * a, 16 * a + 16), bytes.subarray(16 * b, 16 * b + 16)) || compareUtf8(idOf(list[a] as number), idOf(list[b] as number));

  // Sorted adjacency, computed only for objects the repair search expands.
  const adjacency = new Map<number, Int32Array>();
  const sortedAdjacency = (k: number): Int32Array => {
    const cached = adjacency.get(k);
    if (cached) return cached;
    const list = eligibleList(k);
    const c = costsFor(k, list);
    const order = Array.from(list, (_, j) => j).sort((a, b) => compareAt(c.key, c.bytes, list, a, b));
    const sorted = Int32Array.from(order, (j) => list[j] as number);
    adjacency.set(k, sorted);
    return sorted;
  };

  // ---- greedy start: objects in seeded order take their cheapest available inspectors ----
  const load = new Int32Array(nIns);
  const teams: number[][] = Array.from({ length: nObj }, () => []);
  /** Top-53-bit cost of each member, parallel to `teams` (for ordering members at the end). */
  const teamKeys: number[][] = Array.from({ length: nObj }, () => []);
  const servedBy: number[][] = Array.from({ length: nIns }, () => []);
  const demand = Int32Array.from(dos, (d) => d.demand);
  const nonExperts = (k: number): number => (hasX[k] === 1 ? (teams[k] as number[]).filter((li) => !isExpertFor(k, li)).length : 0);
  const assign = (k: number, li: number, key: number): void => {
    (teams[k] as number[]).push(li);
    (teamKeys[k] as number[]).push(key);
    (servedBy[li] as number[]).push(k);
    load[li] = (load[li] as number) + 1;
  };
  // Costs are computed for blocks of consecutive objects in one AES call each.
  const BLOCK = 128;
  const blockStart = new Int32Array(BLOCK + 1);
  let blockList = new Int32Array(0);
  let blockObj = new Int32Array(0);
  let blockKey = new Float64Array(0);
  let blockBytes: Uint8Array = new Uint8Array(0);
  for (let k0 = 0; k0 < nObj; k0 += BLOCK) {
    const k1 = Math.min(nObj, k0 + BLOCK);
    const total = (edgeStart[k1] as number) - (edgeStart[k0] as number);
    if (blockList.length < total) {
      blockList = new Int32Array(2 * total);
      blockObj = new Int32Array(2 * total);
      blockKey = new Float64Array(2 * total);
    }
    let e = 0;
    for (let k = k0; k < k1; k++) {
      blockStart[k - k0] = e;
      const end = eligibleInto(k, blockList, e);
      blockObj.fill((dos[k] as DeptObject).o, e, end);
      e = end;
    }
    blockStart[k1 - k0] = e;
    blockBytes = costsOfPairs(blockObj, blockList, e, blockKey);
    for (let k = k0; k < k1; k++) {
      const s = blockStart[k - k0] as number;
      const t = blockStart[k - k0 + 1] as number;
      const n = demand[k] as number;
      const team = teams[k] as number[];
      const x = hasX[k] === 1 ? (expert[xOf[k] as number] as Uint8Array) : undefined;
      // mode 0: experts only; mode 1: anyone not yet in the team (non-experts while `free` > 0)
      const cheapest = (mode: 0 | 1, free: number): number => {
        let best = -1;
        for (let j = s; j < t; j++) {
          const li = blockList[j] as number;
          if ((load[li] as number) >= (cap[li] as number)) continue;
          if (mode === 0) {
            if (x?.[li] !== 1) continue;
          } else {
            if (free === 0 && x?.[li] !== 1) continue;
            if (team.includes(li)) continue;
          }
          if (best < 0 || (blockKey[j] as number) < (blockKey[best] as number) || ((blockKey[j] as number) === (blockKey[best] as number) && compareAt(blockKey, blockBytes, blockList, j, best) < 0)) best = j;
        }
        return best;
      };
      let free = n; // members allowed without the required expertise
      if (x) {
        const j = cheapest(0, 0);
        if (j >= 0) assign(k, blockList[j] as number, blockKey[j] as number);
        free = n - 1;
      }
      while (team.length < n) {
        const j = cheapest(1, free);
        if (j < 0) break;
        const li = blockList[j] as number;
        if (x?.[li] !== 1) free--;
        assign(k, li, blockKey[j] as number);
      }
    }
  }

  // ---- repair by augmenting paths (BFS in the residual network) ----
  // Nodes: object k → k, gate of k → nObj + k, inspector li → 2·nObj + li. The gate carries the
  // members without the required expertise (at most demand − 1), so an expert is always among them.
  const total = 2 * nObj + nIns;
  const mark = new Int32Array(total);
  const parent = new Int32Array(total);
  const queue = new Int32Array(total);
  let stamp = 0;
  const inTeam = (k: number, li: number): boolean => (teams[k] as number[]).includes(li);

  const augment = (k0: number): boolean => {
    stamp++;
    let head = 0;
    let tail = 0;
    mark[k0] = stamp;
    queue[tail++] = k0;
    let found = -1;
    const reach = (from: number, li: number): boolean => {
      const v = 2 * nObj + li;
      if (mark[v] === stamp) return false;
      mark[v] = stamp;
      parent[v] = from;
      if ((load[li] as number) < (cap[li] as number)) {
        found = li;
        return true;
      }
      queue[tail++] = v;
      return false;
    };
    const visit = (from: number, v: number): void => {
      if (mark[v] === stamp) return;
      mark[v] = stamp;
      parent[v] = from;
      queue[tail++] = v;
    };
    while (head < tail && found < 0) {
      const u = queue[head++] as number;
      if (u < 2 * nObj) {
        // Object (u < nObj: experts, or anyone when nothing is required) or its gate (non-experts).
        const k = u < nObj ? u : u - nObj;
        const viaGate = u >= nObj;
        for (const li of sortedAdjacency(k)) {
          if (hasX[k] === 1 && isExpertFor(k, li) === viaGate) continue;
          if (inTeam(k, li)) continue;
          if (reach(u, li)) break;
        }
        if (found >= 0) break;
        if (!viaGate && hasX[k] === 1 && nonExperts(k) < (demand[k] as number) - 1) visit(u, nObj + k);
        if (viaGate && nonExperts(k) > 0) visit(u, k);
      } else {
        // Inspector at capacity: it may leave one of its objects, which then needs a replacement.
        const li = u - 2 * nObj;
        for (const k of servedBy[li] as number[]) visit(u, hasX[k] === 1 && !isExpertFor(k, li) ? nObj + k : k);
      }
    }
    if (found < 0) return false;
    // Apply the path backwards from the inspector with spare capacity.
    let v = 2 * nObj + found;
    load[found] = (load[found] as number) + 1;
    while (v !== k0) {
      const u = parent[v] as number;
      if (v >= 2 * nObj) {
        const li = v - 2 * nObj;
        const k = u < nObj ? u : u - nObj; // li joins object k
        (teams[k] as number[]).push(li);
        (teamKeys[k] as number[]).push(costsFor(k, Int32Array.of(li)).key[0] as number);
        (servedBy[li] as number[]).push(k);
      } else if (u >= 2 * nObj) {
        const li = u - 2 * nObj;
        const k = v < nObj ? v : v - nObj; // li leaves object k
        const team = teams[k] as number[];
        (teamKeys[k] as number[]).splice(team.indexOf(li), 1);
        team.splice(team.indexOf(li), 1);
        const served = servedBy[li] as number[];
        served.splice(served.indexOf(k), 1);
      }
      v = u;
    }
    return true;
  };

  // A failed search leaves a closed part of the residual network that later augmentations cannot
  // enter, so the union of all failed searches is still a Hall violator; it is reported whole.
  const stuck = new Uint8Array(nObj);
  let failed = false;
  for (let k = 0; k < nObj; k++) {
    while ((teams[k] as number[]).length < (demand[k] as number)) {
      if (augment(k)) continue;
      failed = true;
      for (let j = 0; j < nObj; j++) if (mark[j] === stamp || mark[nObj + j] === stamp) stuck[j] = 1;
      break;
    }
  }
  if (failed) return err(explain(ctx, dept, roster, dos, { stuck, cap, eligibleList, teams, isExpertFor }));
  dos.forEach((d, k) => {
    for (const i of d.appointed) {
      const li = localOf.get(i) as number;
      (teams[k] as number[]).push(li);
      (teamKeys[k] as number[]).push(costsFor(k, Int32Array.of(li)).key[0] as number);
    }
  });

  // Members in ascending cost order (the first lead-department member becomes the leader); exact
  // ties of the 53-bit keys fall back to the full comparison.
  const sortedTeams = teams.map((team, k) => {
    const keys = teamKeys[k] as number[];
    const positions = team.map((_, j) => j);
    if (new Set(keys).size === keys.length) return positions.sort((a, b) => (keys[a] as number) - (keys[b] as number)).map((j) => roster[team[j] as number] as number);
    const list = Int32Array.from(team);
    const c = costsFor(k, list);
    return positions.sort((a, b) => compareAt(c.key, c.bytes, list, a, b)).map((j) => roster[list[j] as number] as number);
  });
  return ok({ teams: sortedTeams, objects: dos });
}

