/**
 * 检查实施与结果的词汇 (issue #10 item 3): 检查方式, the national result categories (国家企业信用信息公示系统的抽查结果
 * 类别, domain.md §4.7), the disposals, the per-item findings and the attachment kinds, each with its Chinese label in
 * the order the forms list them. Also which categories complete an object without a substantive check (威海第8条,
 * 长春第18条) and what such a result must still carry.
 */

/**
 * 检查方式 (长春第16条; 威海第8条; 渝北 四（七）): the one vocabulary of the checklists' items (the ways an item may be
 * checked) and of the results (the way it was) — server and web import it from here. Migration 0039 converted the
 * checklists' former keys (document → documents, third_party → agency).
 */
export const CHECK_METHODS = {
  on_site: '实地核查',
  documents: '书面检查',
  online: '网络监测',
  sampling: '抽样检测',
  agency: '委托专业机构',
  other_department: '采用其他部门结论',
} as const;
export type CheckMethod = keyof typeof CHECK_METHODS;

/** 检查结果: the national categories, in the order of the result form. */
export const RESULT_CATEGORIES = {
  no_problem: '未发现问题',
  undisclosed: '未按规定公示应当公示的信息',
  false_disclosure: '公示信息隐瞒真实情况、弄虚作假',
  unreachable: '通过登记的住所（经营场所）无法联系',
  corrected: '发现问题已责令改正',
  pending_followup: '发现问题待后续处理',
  no_activity: '未发现开展本次抽查涉及的经营活动',
  closed: '已关闭停业或正在组织清算',
  uncooperative: '不配合检查情节严重',
  deregistered: '已注销',
  revoked: '已被吊销营业执照',
  cancelled: '已撤销',
  moved_out: '已迁出',
} as const;
export type ResultCategory = keyof typeof RESULT_CATEGORIES;

/** 后续处置. */
export const DISPOSALS = {
  none: '无需后续处置',
  order_correction: '责令改正',
  guidance: '行政指导',
  penalty: '行政处罚',
  enforcement: '行政强制',
  transfer: '移送',
} as const;
export type Disposal = keyof typeof DISPOSALS;

/** The finding of one checklist item. */
export const FINDINGS = { compliant: '符合', noncompliant: '不符合', not_applicable: '不涉及' } as const;
export type Finding = keyof typeof FINDINGS;

/** 附件类别. */
export const ATTACHMENT_KINDS = { photo: '现场照片', form_scan: '签字检查表扫描件', recording: '录音录像', document: '其他材料' } as const;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

/** 结果状态 (domain/inspection/result_states.ts). */
export const RESULT_STATUS_LABELS = { draft: '草稿', submitted: '待审核', returned: '已退回', approved: '已通过', published: '已公示' } as const;

/**
 * 威海第8条 (无法联系、关闭停业、注销、迁出的，不再实施检查，视为完成), 长春第18条 (通过登记的住所无法联系、不配合检查
 * 情节严重、已注销、被吊销、迁出的，按实际情况录入结果): the object is complete without a substantive check — no item
 * findings and no signature are required (nobody is there to sign), but the result must state the facts it rests on
 * (`note`, 情况说明), since the result is published as evidence.
 */
export const WITHOUT_CHECK_CATEGORIES: ReadonlySet<ResultCategory> = new Set<ResultCategory>([
  'unreachable', 'closed', 'uncooperative', 'deregistered', 'revoked', 'cancelled', 'moved_out',
]);

export function completesWithoutCheck(category: ResultCategory): boolean {
  return WITHOUT_CHECK_CATEGORIES.has(category);
}

/** What a without-check result requires, for the form's hint. */
export const WITHOUT_CHECK_REQUIREMENT = '无需实质检查的结果（威海第8条、长春第18条）须在备注中写明情况说明（如核查经过、注销或迁出的登记信息）；检查事项与签字可不填';

/** The keys of a vocabulary as a non-empty tuple, for zod enums. */
export function keysOf<T extends Record<string, string>>(vocabulary: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(vocabulary) as [keyof T & string, ...(keyof T & string)[]];
}

/** 检查方式's keys as a non-empty tuple (zod enums), and whether a string is one. */
export const CHECK_METHOD_KEYS = keysOf(CHECK_METHODS);
export function isCheckMethod(value: string): value is CheckMethod {
  return Object.hasOwn(CHECK_METHODS, value);
}
/** 「实地核查、书面检查、…」 for messages. */
export const CHECK_METHOD_WORDS = Object.values(CHECK_METHODS).join('、');

/** The label of a stored value, or the value itself when unknown (an old row). */
export function labelOf(vocabulary: Readonly<Record<string, string>>, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return vocabulary[value] ?? value;
}
