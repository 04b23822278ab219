/**
 * 回避申请 (issue #8 item 8): who decides an inspector's application to be recused. 威海第6条 「执法检查人员与检查对象有利害
 * 关系的，应当申请回避」; 长春第13条: a change of the inspectors of a task is approved by the department's head. The head of
 * the inspector's department decides, or the 双随机办 that organises the region's work; nobody decides their own.
 */
import { regionPrefix } from '../access/data_scope';

export interface RecusalApplicationFacts {
  readonly status: string;
  readonly departmentId: string;
  readonly regionCode: string;
  readonly appliedBy: string;
  /** The user account linked to the inspector (inspectors.user_id), if any. */
  readonly inspectorUserId: string | null;
}

export interface RecusalDecider {
  readonly userId: string;
  readonly departmentId: string | null;
  readonly regionCode: string | null;
  readonly roleKeys: readonly string[];
}

/** Why this decider may not decide the application now (null = may). A decided application is refused first. */
export function recusalDecideRefusal(application: RecusalApplicationFacts, decider: RecusalDecider): string | null {
  if (application.status !== 'pending') return '该回避申请已审批';
  if (decider.userId === application.appliedBy || decider.userId === application.inspectorUserId) return '不能审批本人的回避申请，须由部门负责人审批';
  if (decider.roleKeys.includes('system_admin')) return null;
  if (decider.roleKeys.includes('dept_head') && decider.departmentId === application.departmentId) return null;
  if (decider.roleKeys.includes('joint_office') && decider.regionCode !== null && application.regionCode.startsWith(regionPrefix(decider.regionCode))) return null;
  return '只有被申请回避人员所在部门的负责人或本级双随机办可以审批';
}
