import type { StratumParams } from '../draw/quota';

/**
 * The content of a 抽查任务 / 实施方案 (issue #9 item 4; 威海第6条; 渝北 四（三）–（五）) as stored in `tasks.spec`
 * and read by the draw (pool freezing and strata) and matching (team settings). One definition for the tasks
 * module (which validates it), the draw ceremony and the web app. Percentages are decimal strings as the draw
 * protocol commits them (docs/draw-protocol.md §4.1: "3", "2.5", "100"), never floats.
 */

/** A checklist item the task checks, pinned to the published checklist version it was taken from. */
export interface TaskItemRef {
  /** The department whose list the item belongs to (a participating department or the lead). */
  readonly departmentId: string;
  readonly checklistId: string;
  readonly checklistVersionId: string;
  readonly itemId: string;
  /** Copied for display, so a later revision of the list does not change what the task shows. */
  readonly code: string;
  readonly name: string;
}

/**
 * 定向 / 不定向 (渝北 四（四）): an untargeted task draws from every active entity of its regions; a targeted one
 * narrows the pool by the listed criteria (all given criteria must hold; an empty list is no restriction).
 */
export interface Targeting {
  readonly mode: 'untargeted' | 'targeted';
  /** market_entities.entity_type values (e.g. enterprise, individual). */
  readonly entityTypes: readonly string[];
  /** GB/T 4754 codes, matched as prefixes (a 门类 letter is not stored; use 2- to 4-digit codes). */
  readonly industryCodes: readonly string[];
  /** 专项库 (entity tag) whose confirmed version the pool is taken from. */
  readonly entityTagId: string | null;
  /** 经营范围 keywords: an entity matches when its business scope contains any of them. */
  readonly scopeKeywords: readonly string[];
}

/**
 * How the pool is split into strata: by credit-risk class (渝北 四（四）: 差异化抽查比例 by 信用风险分类) or one
 * stratum for all. Entities without a class fall into the stratum keyed 'unrated' when stratified.
 */
export type StratifyBy = 'credit_class' | 'none';

/**
 * One stratum's ratio or count exactly as the draw commits it (domain/draw/quota.ts StratumParams): key 'A'…'E',
 * 'unrated', or 'all' when not stratified; value a percentage "0".."100" (ratio) or a whole number (count);
 * minPercent "" or a floor; reserve "" for the default length (⌈quota/10⌉) or a whole number.
 */
export type StratumSpec = StratumParams;

/** A department's share of the team members per object (曲阳第16条: 各部门按比例派员). */
export interface DepartmentQuota {
  readonly departmentId: string;
  readonly members: number;
}

/** 检查组 settings (威海第6条: 每个检查对象不少于2名执法人员; 长春第14条: 组长由牵头部门人员担任). */
export interface TeamSettings {
  /** Inspectors per object, at least 2. */
  readonly teamSize: number;
  /** The team leader comes from the lead department. */
  readonly leaderFromLead: boolean;
  readonly departmentQuotas: readonly DepartmentQuota[];
  /** Experts drawn per object from the expert directory (0 = none). */
  readonly expertsPerObject: number;
  /** Per-inspector workload cap for this task. */
  readonly maxObjectsPerInspector: number;
  /** 回避 of inspectors who inspected the same entity within this many years (0 = off). */
  readonly recusalYears: number;
  /** 相邻区域 matching declared in the task (威海第6条); only used once the task is approved. */
  readonly crossArea: boolean;
  /** 直接委派 declared in the task (威海第6条), for objects the draw cannot staff. */
  readonly directAppointment: boolean;
}

export interface TaskSpec {
  readonly items: readonly TaskItemRef[];
  readonly targeting: Targeting;
  /** The regions (GB/T 2260 codes, prefixes of entity regions) the pool is taken from; the task's region by default. */
  readonly regionCodes: readonly string[];
  readonly stratifyBy: StratifyBy;
  readonly strata: readonly StratumSpec[];
  /** "" or a floor on the whole sample (曲阳第17条: 不低于3%). */
  readonly minTotalPercent: string;
  /** At most this many random inspections per entity per calendar year across all departments (威海第5条、曲阳第17条). */
  readonly annualCap: number;
  /** 检查方式 (实地核查、书面检查、网络监测、抽样检测…). */
  readonly methods: readonly string[];
  readonly team: TeamSettings;
  /** 抽取监督员 who must confirm their presence before the random values are entered (at least 1). */
  readonly supervisorsRequired: number;
}

/** A planned task line of an annual plan (年度抽查计划的任务), from which a task may be created. */
export interface PlannedTask {
  /** Stable within the plan across versions, e.g. 'T1'. */
  readonly key: string;
  readonly name: string;
  readonly departmentIds: readonly string[];
  readonly items: readonly TaskItemRef[];
  readonly targeting: Targeting;
  readonly stratifyBy: StratifyBy;
  readonly strata: readonly StratumSpec[];
  /** 抽查频次: how many rounds in the year. */
  readonly frequency: number;
  readonly methods: readonly string[];
  /** The time window, YYYY-MM-DD. */
  readonly windowStart: string;
  readonly windowEnd: string;
}

/** The content of one version of an annual plan (plan_versions.content). */
export interface PlanContent {
  readonly summary: string;
  readonly tasks: readonly PlannedTask[];
}

/** The platform's defaults for a new task's team (威海第6条; 长春第14条). */
export const DEFAULT_TEAM_SETTINGS: TeamSettings = {
  teamSize: 2, leaderFromLead: true, departmentQuotas: [], expertsPerObject: 0, maxObjectsPerInspector: 30, recusalYears: 0,
  crossArea: false, directAppointment: false,
};

/** 威海第5条、曲阳第17条: 同一市场主体每年被随机抽查不超过2次. */
export const DEFAULT_ANNUAL_CAP = 2;
