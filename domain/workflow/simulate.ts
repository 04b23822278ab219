/**
 * 计划模拟测算 (issue #9 item 3): before approving a plan the coordinator sees what it would cost — for each planned
 * task, stratum and region the pool and the expected number drawn, each department's inspector workload against
 * the staff it has, the entities the rounds would push past the yearly cap, and a warning wherever matching would
 * be infeasible. Pure: the server counts the pool (grouped COUNTs) and the staff, this module does the arithmetic
 * with the draw's own quota rules (domain/draw/quota.ts) and the matching's team composition (domain/matching/rules.ts).
 */
import type { DateOnly } from '../calendar/civil_date';
import { compareUtf8 } from '../draw/encoding';
import { computeQuotas, ROUNDING_LABELS, type StratumParams } from '../draw/quota';
import { isCertificateValid } from '../directory/inspector';
import { teamComposition } from '../matching/rules';
import type { StratifyBy, StratumSpec, TeamSettings } from './task_spec';

/** A planned task as the simulator needs it (PlannedTask plus the team settings its tasks will use). */
export interface SimulatedTask {
  readonly key: string;
  readonly name: string;
  /** The lead department first, then the participating departments (PlannedTask.departmentIds). */
  readonly departmentIds: readonly string[];
  readonly stratifyBy: StratifyBy;
  readonly strata: readonly StratumSpec[];
  readonly frequency: number;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly team: TeamSettings;
  /** 业务专长 a department's team member must have (e.g. 特种设备); one per department at most, as in matching. */
  readonly requiredExpertise: readonly { readonly departmentId: string; readonly expertise: string }[];
}

/** One group of the task's pool: entities of a region and stratum selected `priorDraws` times this year already. */
export interface PoolGroup {
  readonly regionCode: string;
  readonly stratum: string;
  readonly priorDraws: number;
  readonly entities: number;
}

/** An on-duty inspector of a department: the certificate's last valid day and the expertise. */
export interface StaffMember {
  readonly certificateValidUntil: DateOnly | null;
  readonly expertise: readonly string[];
}

export interface DepartmentStaff {
  readonly departmentId: string;
  readonly name: string;
  /** Every inspector of the department in the directory (any status). */
  readonly total: number;
  readonly onDuty: readonly StaffMember[];
}

export interface SimulationInput {
  /** The day the simulation is for (the staff summary counts certificates valid on it). */
  readonly asOf: DateOnly;
  /** 威海第5条、曲阳第17条: random inspections per entity per year (DEFAULT_ANNUAL_CAP). */
  readonly annualCap: number;
  readonly tasks: readonly { readonly task: SimulatedTask; readonly pool: readonly PoolGroup[] }[];
  readonly departments: readonly DepartmentStaff[];
}

export type SimulationWarningKind =
  | 'stratum_without_ratio' | 'quota_refused' | 'empty_pool' | 'cap_pressure'
  | 'no_qualified_staff' | 'team_larger_than_staff' | 'supply_below_demand' | 'no_expertise' | 'unknown_department';

export interface SimulationWarning {
  readonly kind: SimulationWarningKind;
  readonly taskKey: string | null;
  readonly departmentId: string | null;
  readonly message: string;
}

export interface RegionExpectation {
  readonly regionCode: string;
  readonly poolSize: number;
  readonly eligible: number;
  /** Expected objects of this region per round (the stratum's quota shared by eligible size). */
  readonly expectedPerRound: number;
}

export interface StratumSimulation {
  readonly key: string;
  readonly mode: 'ratio' | 'count';
  readonly value: string;
  readonly roundingLabel: string;
  /** Matching entities that are 存续 (the task's pool). */
  readonly poolSize: number;
  /** Already drawn `annualCap` times this year: the draw leaves them out (威海第5条). */
  readonly atCap: number;
  readonly eligible: number;
  /** The draw's quota for this stratum (same rounding as the draw), per round. */
  readonly quotaPerRound: number;
  readonly reservePerRound: number;
  /** quotaPerRound × frequency. */
  readonly expectedPerYear: number;
  /** Expected entities that this task's rounds would select beyond the yearly cap (prior draws counted). */
  readonly expectedOverCap: number;
  readonly regions: readonly RegionExpectation[];
}

export interface TaskDepartmentLoad {
  readonly departmentId: string;
  readonly name: string;
  /** Members this department sends to each object (matching's team composition). */
  readonly share: number;
  /** Person-visits per round: objects × share. */
  readonly demandPerRound: number;
  /** On duty with a 执法证 valid on the window's first day. */
  readonly qualified: number;
  /** qualified × the task's workload cap. */
  readonly capacityPerRound: number;
  /** Objects per qualified inspector per round (null without qualified staff). */
  readonly perInspector: number | null;
  readonly feasible: boolean;
}

export interface TaskSimulation {
  readonly key: string;
  readonly name: string;
  readonly frequency: number;
  readonly teamSize: number;
  readonly maxObjectsPerInspector: number;
  readonly strata: readonly StratumSimulation[];
  readonly poolSize: number;
  readonly objectsPerRound: number;
  readonly objectsPerYear: number;
  readonly expectedOverCap: number;
  readonly departments: readonly TaskDepartmentLoad[];
}

export interface DepartmentSimulation {
  readonly departmentId: string;
  readonly name: string;
  readonly total: number;
  readonly onDuty: number;
  /** On duty with a certificate valid on `asOf`. */
  readonly qualified: number;
  /** Person-visits over the year across the plan's tasks. */
  readonly demandPerYear: number;
  readonly perInspectorPerYear: number | null;
  readonly feasible: boolean;
}

export interface SimulationResult {
  readonly annualCap: number;
  readonly tasks: readonly TaskSimulation[];
  readonly departments: readonly DepartmentSimulation[];
  readonly warnings: readonly SimulationWarning[];
  readonly totals: { readonly poolSize: number; readonly objectsPerYear: number; readonly expectedOverCap: number };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** P(X > k) for X ~ Binomial(n, p). */
export function binomialTail(n: number, p: number, k: number): number {
  if (k < 0) return 1;
  if (k >= n || p <= 0) return 0;
  if (p >= 1) return 1;
  let term = (1 - p) ** n;
  let atMost = term;
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * (p / (1 - p));
    atMost += term;
  }
  return Math.min(1, Math.max(0, 1 - atMost));
}

function stratumKeyOf(stratifyBy: StratifyBy, stratum: string): string {
  return stratifyBy === 'none' ? 'all' : stratum;
}

function simulateStrata(task: SimulatedTask, pool: readonly PoolGroup[], annualCap: number, warn: (w: Omit<SimulationWarning, 'taskKey'>) => void): StratumSimulation[] {
  const strata = [...task.strata].sort((a, b) => compareUtf8(a.key, b.key));
  const defined = new Set(strata.map((s) => s.key));
  const size = new Map<string, number>();
  const eligible = new Map<string, number>();
  const undefinedStrata = new Map<string, number>();
  for (const g of pool) {
    const key = stratumKeyOf(task.stratifyBy, g.stratum);
    if (!defined.has(key)) {
      undefinedStrata.set(key, (undefinedStrata.get(key) ?? 0) + g.entities);
      continue;
    }
    size.set(key, (size.get(key) ?? 0) + g.entities);
    if (g.priorDraws < annualCap) eligible.set(key, (eligible.get(key) ?? 0) + g.entities);
  }
  for (const [key, n] of undefinedStrata) {
    warn({ kind: 'stratum_without_ratio', departmentId: null, message: `分层“${key}”有 ${n} 户符合条件的检查对象，但计划未设置该分层的抽查比例，这些对象不会被抽取` });
  }
  const params: StratumParams[] = strata.map((s) => ({ key: s.key, mode: s.mode, value: s.value, rounding: s.rounding, minPercent: s.minPercent, reserve: s.reserve }));
  const quotas = computeQuotas({ strata: params, minTotalPercent: '' }, new Map(strata.map((s) => [s.key, eligible.get(s.key) ?? 0])));
  if (!quotas.ok) warn({ kind: 'quota_refused', departmentId: null, message: `抽查参数无法计算抽取数量：${quotas.error.message}` });
  return strata.map((s) => {
    const quota = quotas.ok ? quotas.value.find((q) => q.key === s.key) : undefined;
    const quotaPerRound = quota?.quota ?? 0;
    const stratumEligible = eligible.get(s.key) ?? 0;
    const p = stratumEligible > 0 ? quotaPerRound / stratumEligible : 0;
    const groups = pool.filter((g) => stratumKeyOf(task.stratifyBy, g.stratum) === s.key);
    let overCap = 0;
    let atCap = 0;
    const regions = new Map<string, { poolSize: number; eligible: number }>();
    for (const g of groups) {
      const r = regions.get(g.regionCode) ?? { poolSize: 0, eligible: 0 };
      r.poolSize += g.entities;
      if (g.priorDraws >= annualCap) atCap += g.entities;
      else {
        r.eligible += g.entities;
        overCap += g.entities * binomialTail(task.frequency, p, annualCap - g.priorDraws);
      }
      regions.set(g.regionCode, r);
    }
    return {
      key: s.key, mode: s.mode, value: s.value, roundingLabel: ROUNDING_LABELS[s.rounding],
      poolSize: size.get(s.key) ?? 0, atCap, eligible: stratumEligible, quotaPerRound, reservePerRound: quota?.reserve ?? 0,
      expectedPerYear: quotaPerRound * task.frequency, expectedOverCap: round2(overCap),
      regions: [...regions].sort(([a], [b]) => compareUtf8(a, b)).map(([regionCode, r]) => ({
        regionCode, poolSize: r.poolSize, eligible: r.eligible, expectedPerRound: round2(p * r.eligible),
      })),
    };
  });
}

function qualifiedOn(staff: DepartmentStaff | undefined, day: DateOnly, expertise?: string): number {
  if (!staff) return 0;
  return staff.onDuty.filter((m) => isCertificateValid(m.certificateValidUntil, day) && (expertise === undefined || m.expertise.includes(expertise))).length;
}

function departmentLoads(
  task: SimulatedTask, objectsPerRound: number, staffById: ReadonlyMap<string, DepartmentStaff>, warn: (w: Omit<SimulationWarning, 'taskKey'>) => void,
): TaskDepartmentLoad[] {
  const [lead, ...participants] = task.departmentIds;
  if (lead === undefined) return [];
  const day = task.windowStart as DateOnly;
  const cap = task.team.maxObjectsPerInspector;
  const composition = teamComposition({ id: task.key, leadDept: lead, participatingDepts: participants, expertise: [] }, task.team.teamSize);
  const available = composition.reduce((sum, c) => sum + qualifiedOn(staffById.get(c.dept), day), 0);
  const teamMembers = composition.reduce((sum, c) => sum + c.count, 0);
  if (objectsPerRound > 0 && available < teamMembers) {
    warn({ kind: 'team_larger_than_staff', departmentId: null, message: `每个检查对象需 ${teamMembers} 名检查人员，参与部门在 ${day} 符合条件的人员合计只有 ${available} 名` });
  }
  return composition.map(({ dept, count }) => {
    const staff = staffById.get(dept);
    const name = staff?.name ?? dept;
    if (!staff) warn({ kind: 'unknown_department', departmentId: dept, message: `部门“${dept}”不存在或不在您的数据权限范围内，无法测算其检查人员` });
    const qualified = qualifiedOn(staff, day);
    const demand = objectsPerRound * count;
    const capacity = qualified * cap;
    let feasible = true;
    if (demand > 0 && qualified === 0) {
      feasible = false;
      warn({ kind: 'no_qualified_staff', departmentId: dept, message: `${name}：在岗且执法证在 ${day} 有效的检查人员为 0 名，无法派员` });
    } else if (demand > 0 && qualified < count) {
      feasible = false;
      warn({ kind: 'team_larger_than_staff', departmentId: dept, message: `${name}：每个检查对象需本部门 ${count} 名检查人员，符合条件的只有 ${qualified} 名` });
    } else if (demand > capacity) {
      feasible = false;
      warn({
        kind: 'supply_below_demand', departmentId: dept,
        message: `${name}：${objectsPerRound} 个检查对象共需该部门 ${demand} 人次，符合条件的检查人员只有 ${qualified} 名（每人至多 ${cap} 个），最多只能承担 ${capacity} 人次`,
      });
    }
    for (const need of task.requiredExpertise.filter((x) => x.departmentId === dept)) {
      const experts = qualifiedOn(staff, day, need.expertise);
      if (demand > 0 && experts === 0) {
        feasible = false;
        warn({ kind: 'no_expertise', departmentId: dept, message: `${name}：没有具备“${need.expertise}”专长且符合条件的检查人员` });
      } else if (objectsPerRound > experts * cap) {
        feasible = false;
        warn({
          kind: 'supply_below_demand', departmentId: dept,
          message: `${name}：${objectsPerRound} 个检查对象各需一名具备“${need.expertise}”专长的人员，该专长人员 ${experts} 名（每人至多 ${cap} 个）最多只能承担 ${experts * cap} 个`,
        });
      }
    }
    return {
      departmentId: dept, name, share: count, demandPerRound: demand, qualified, capacityPerRound: capacity,
      perInspector: qualified > 0 ? round2(demand / qualified) : null, feasible,
    };
  });
}

/** Runs the simulation. Warnings are in task order, then the department summary's. */
export function simulatePlan(input: SimulationInput): SimulationResult {
  const warnings: SimulationWarning[] = [];
  const staffById = new Map(input.departments.map((d) => [d.departmentId, d]));
  const tasks = input.tasks.map(({ task, pool }) => {
    const warn = (w: Omit<SimulationWarning, 'taskKey'>) => warnings.push({ ...w, taskKey: task.key, message: `${task.name}：${w.message}` });
    const strata = simulateStrata(task, pool, input.annualCap, warn);
    const poolSize = strata.reduce((s, x) => s + x.poolSize, 0);
    const objectsPerRound = strata.reduce((s, x) => s + x.quotaPerRound, 0);
    const expectedOverCap = round2(strata.reduce((s, x) => s + x.expectedOverCap, 0));
    if (poolSize === 0) warn({ kind: 'empty_pool', departmentId: null, message: '没有符合对象范围的存续检查对象，抽取将无对象可抽' });
    if (expectedOverCap >= 1) {
      warn({ kind: 'cap_pressure', departmentId: null, message: `预计约 ${Math.round(expectedOverCap)} 户会超过每年 ${input.annualCap} 次的抽查上限，这些主体在后续轮次中将被排除，实际可抽范围缩小` });
    }
    const departments = departmentLoads(task, objectsPerRound, staffById, warn);
    return {
      key: task.key, name: task.name, frequency: task.frequency, teamSize: task.team.teamSize, maxObjectsPerInspector: task.team.maxObjectsPerInspector,
      strata, poolSize, objectsPerRound, objectsPerYear: objectsPerRound * task.frequency, expectedOverCap, departments,
    };
  });
  const involved = [...new Set(tasks.flatMap((t) => t.departments.map((d) => d.departmentId)))];
  const departments = involved.map((id): DepartmentSimulation => {
    const staff = staffById.get(id);
    const qualified = qualifiedOn(staff, input.asOf);
    const demandPerYear = tasks.reduce((sum, t) => sum + t.frequency * (t.departments.find((d) => d.departmentId === id)?.demandPerRound ?? 0), 0);
    return {
      departmentId: id, name: staff?.name ?? id, total: staff?.total ?? 0, onDuty: staff?.onDuty.length ?? 0, qualified, demandPerYear,
      perInspectorPerYear: qualified > 0 ? round2(demandPerYear / qualified) : null,
      feasible: tasks.every((t) => t.departments.every((d) => d.departmentId !== id || d.feasible)),
    };
  });
  return {
    annualCap: input.annualCap, tasks, departments, warnings,
    totals: {
      poolSize: tasks.reduce((s, t) => s + t.poolSize, 0),
      objectsPerYear: tasks.reduce((s, t) => s + t.objectsPerYear, 0),
      expectedOverCap: round2(tasks.reduce((s, t) => s + t.expectedOverCap, 0)),
    },
  };
}
