/**
 * One operation-log row said as a sentence: who did what to which record, and how it ended —
 * e.g.「张三（长春市市场监督管理局）修改检查对象「长春鑫源商贸有限公司」失败：统一社会信用代码已在名录中
 * （ENTITY_CODE_TAKEN）。系统提示：…」. Built only from what the row stores.
 */
import { errorCodeLabel, targetTypeLabel } from './codes';

export interface LoggedOperation {
  readonly actorName: string | null;
  readonly actorDepartmentName: string | null;
  readonly action: string;
  readonly summary: string;
  readonly targetType: string | null;
  readonly outcome: 'success' | 'failure';
  readonly errorCode: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

function text(detail: Readonly<Record<string, unknown>>, field: string): string {
  const value = detail[field];
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * A readable name for the record a row is about, from its detail: 'name（account）' for a user,
 * else the first name-like field. Ids are not names: they stay in the raw record.
 */
export function targetName(detail: Readonly<Record<string, unknown>>): string {
  if (text(detail, 'name') && text(detail, 'account')) return `${text(detail, 'name')}（${text(detail, 'account')}）`;
  for (const field of ['name', 'account', 'label', 'key', 'code', 'title']) {
    if (text(detail, field)) return text(detail, field);
  }
  return '';
}

/** The failure's reason: the code's name, the code, and the message the caller was shown when it says more. */
export function failureReason(errorCode: string | null, message: string): string {
  if (!errorCode) return message || '原因未记录';
  const label = errorCodeLabel(errorCode);
  // 「其他（CODE）」 and 「请求未成功（HTTP 502）」 already show the code.
  const named = label.includes(errorCode) || /^HTTP_\d{3}$/.test(errorCode) ? label : `${label}（${errorCode}）`;
  return message && message !== label ? `${named}。系统提示：${message}` : named;
}

function actorText(op: LoggedOperation): string {
  if (op.actorName) return op.actorDepartmentName ? `${op.actorName}（${op.actorDepartmentName}）` : op.actorName;
  if (op.action.startsWith('system:')) return '系统';
  const account = text(op.detail, 'account');
  return account ? `未登录用户（账号「${account}」）` : '未登录用户';
}

function targetText(op: LoggedOperation): string {
  if (!op.targetType || (!op.actorName && op.action === 'auth:login')) return '';
  const name = targetName(op.detail);
  if (!name) return '';
  const type = targetTypeLabel(op.targetType);
  return op.summary.includes(type) ? `「${name}」` : `（${type}「${name}」）`;
}

export function operationSentence(op: LoggedOperation): string {
  const did = `${actorText(op)}${op.summary}${targetText(op)}`;
  if (op.outcome === 'success') return `${did}成功`;
  return `${did}失败：${failureReason(op.errorCode, text(op.detail, 'message'))}`;
}
