/** Inputs and outputs of inspector matching (检查人员随机匹配). Dates are 'YYYY-MM-DD' strings. */

/** An item of the object's checklist that needs a specialist, and which department supplies one. */
export interface ExpertiseRequirement {
  /** The department whose team members must include one with this expertise (the lead or a participating department). */
  readonly dept: string;
  readonly expertise: string;
}

/** A department's number of members on every team (曲阳第16条 各部门按比例派员), from the task's team settings. */
export interface DepartmentShare {
  readonly dept: string;
  readonly members: number;
}

/** An inspection object (检查对象): one drawn entity of a (possibly joint) task. */
export interface MatchObject {
  /** The entity identifier (统一社会信用代码 or other id). */
  readonly id: string;
  /** 牵头部门: provides the team leader (长春第14条). */
  readonly leadDept: string;
  /** 参与部门: each provides at least one member (部门联合抽查). The lead department may be listed; it is ignored here. */
  readonly participatingDepts: readonly string[];
  /** At most one requirement per department. */
  readonly expertise: readonly ExpertiseRequirement[];
  /** Region of the object; used only when `MatchRules.sameRegion` is set. */
  readonly region?: string;
  /** Members per department where the task sets a quota (see `teamComposition`); absent = the default shares. */
  readonly quotas?: readonly DepartmentShare[];
  /**
   * 直接委派 (威海第6条 "可以采取直接委派方式"): inspector ids appointed to this object by the approved task instead of
   * drawn. Each fills one place of its department's share and counts against its workload; the 回避, 在岗 and 执法证
   * rules still apply, the region rule does not. The engine draws the rest of the team.
   */
  readonly appointed?: readonly string[];
}

/** An entry of the expert directory (专家库; 威海第6条 "从专家库中随机抽取"): not an 执法人员, joins a team as `expert`. */
export interface Expert {
  readonly id: string;
  /** The department maintaining the entry. */
  readonly dept: string;
  /** Status 可用 (false for 暂停). */
  readonly available: boolean;
  /** Entities the expert must not inspect (declared 利害关系, with the entity or with a person running it). */
  readonly conflicts: readonly string[];
  /**
   * Past inspections (as a team's expert) of the objects: 回避 within `recusalYears`, as for inspectors. Optional and
   * left out when empty, so records made before it keep their hash.
   */
  readonly history?: readonly InspectionRecord[];
}

/** A past inspection, for 回避 of inspectors who recently inspected the same entity. */
export interface InspectionRecord {
  readonly entityId: string;
  readonly date: string;
}

/** An entry of the inspector directory (执法检查人员名录库). */
export interface Inspector {
  readonly id: string;
  readonly dept: string;
  readonly region: string;
  readonly expertise: readonly string[];
  /** Last day the 执法证 is valid ('' = no certificate). */
  readonly certificateValidUntil: string;
  /** 在岗: false for leave, secondment, illness… */
  readonly onDuty: boolean;
  /** Entities with a declared 利害关系 (conflict of interest): 回避 (威海第6条, 曲阳第16条). */
  readonly conflicts: readonly string[];
  readonly history: readonly InspectionRecord[];
  /** Personal workload cap for this task, if lower than the rule's (e.g. part-time). */
  readonly maxObjects?: number;
}

export interface MatchRules {
  readonly inspectionDate: string;
  /** Inspectors per object, at least 2 (威海第6条 "每个检查对象不少于2名执法人员"). */
  readonly teamSize: number;
  /** Per-inspector workload cap for this task. */
  readonly maxObjectsPerInspector: number;
  /** 回避 of inspectors who inspected the same entity within this many years (0 = off). */
  readonly recusalYears: number;
  /** Only inspectors of the object's region (otherwise cross-area matching is allowed, 威海第6条). */
  readonly sameRegion: boolean;
  /** Experts drawn per object from the expert directory (absent or 0 = none); each expert at most `maxObjectsPerInspector` objects. */
  readonly expertsPerObject?: number;
}

export interface TeamMember {
  readonly inspectorId: string;
  readonly dept: string;
  readonly role: 'leader' | 'member' | 'expert';
  /** Expertise requirements of the object this member covers. */
  readonly covers: readonly string[];
  /** Present (true) only for a member appointed directly (直接委派), not drawn. */
  readonly appointed?: true;
}

export interface Team {
  readonly objectId: string;
  readonly members: readonly TeamMember[];
}

export interface MatchOutcome {
  /** One team per object, in the input order of objects. */
  readonly teams: readonly Team[];
  /** Objects per inspector (inspectors with 0 included), in input order. */
  readonly loads: readonly { readonly inspectorId: string; readonly objects: number }[];
}

/** Why no valid assignment exists, for one department: the rule, the numbers, and the objects involved. */
export interface Infeasibility {
  readonly dept: string;
  /** 'team-size' | 'certificate' | 'capacity' | 'expertise' | … */
  readonly rule: string;
  /** Chinese, names the department, the rule and the numbers. */
  readonly message: string;
  /** Objects that cannot all be staffed (a Hall violator; at most 20 listed). */
  readonly objectIds: readonly string[];
  readonly demand: number;
  readonly supply: number;
}

export type MatchErrorCode = 'INVALID_INPUT' | 'INFEASIBLE';

export interface MatchError {
  readonly code: MatchErrorCode;
  readonly message: string;
  readonly reasons?: readonly Infeasibility[];
}
