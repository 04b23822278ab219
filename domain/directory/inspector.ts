import { toDayNumber, type DateOnly } from '../calendar/civil_date';

/**
 * 执法检查人员名录库: the closed lists the code branches on and the certificate rule. 东胜 四(二)2: the directory
 * is built from the 行政执法证 issued by the justice department and holds 姓名、单位、性别、执法证号、执法岗位,
 * classified by 执法资质 and 业务专长; it changes with transfers and post changes (曲阳第12条).
 */

/** 在岗状态. Only 在岗 inspectors can be drawn; 休假 is temporary, 调离/退休 leave the pool. */
export const INSPECTOR_STATUSES = {
  on_duty: '在岗',
  on_leave: '休假',
  transferred: '调离',
  retired: '退休',
} as const;
export type InspectorStatus = keyof typeof INSPECTOR_STATUSES;
export const INSPECTOR_STATUS_KEYS = Object.keys(INSPECTOR_STATUSES) as [InspectorStatus, ...InspectorStatus[]];

export function isInspectorStatus(value: string): value is InspectorStatus {
  return Object.hasOwn(INSPECTOR_STATUSES, value);
}

/** The status key for a Chinese label (import files), or null. */
export function inspectorStatusOfLabel(label: string): InspectorStatus | null {
  const found = INSPECTOR_STATUS_KEYS.find((key) => INSPECTOR_STATUSES[key] === label);
  return found ?? null;
}

/** Whether an inspector with this status appears in the public directory (在岗 and 休假; 调离/退休 no longer). */
export function isPublishedStatus(status: InspectorStatus): boolean {
  switch (status) {
    case 'on_duty':
    case 'on_leave':
      return true;
    case 'transferred':
    case 'retired':
      return false;
  }
}

export const GENDERS = { male: '男', female: '女' } as const;
export type Gender = keyof typeof GENDERS;
export const GENDER_KEYS = Object.keys(GENDERS) as [Gender, ...Gender[]];

export function genderOfLabel(label: string): Gender | null {
  return GENDER_KEYS.find((key) => GENDERS[key] === label) ?? null;
}

/**
 * Whether a 行政执法证 valid until `validUntil` (inclusive) still qualifies its holder on `onDate`.
 * 威海第6条: a drawn inspector who must be replaced is replaced only 「在具备执法资格的其它人员中」, and
 * 长春第13条 the same: only holders of a valid certificate have 执法资格. A certificate without a recorded
 * validity date cannot be shown to be valid, so it does not qualify.
 */
export function isCertificateValid(validUntil: DateOnly | null, onDate: DateOnly): boolean {
  return validUntil !== null && validUntil >= onDate;
}

export const CERTIFICATE_STATES = {
  valid: '有效',
  expiring: '即将到期',
  expired: '已过期',
  missing: '未填有效期',
} as const;
export type CertificateState = keyof typeof CERTIFICATE_STATES;

/** Days from `onDate` to `validUntil` (0 on the last valid day, negative once expired). */
export function certificateDaysLeft(validUntil: DateOnly, onDate: DateOnly): number {
  return toDayNumber(validUntil) - toDayNumber(onDate);
}

/**
 * The state shown as a coloured tag: 已过期 after the last valid day, 即将到期 when it ends within
 * `warnDays` days (inclusive), otherwise 有效; 未填有效期 without a date.
 */
export function certificateState(validUntil: DateOnly | null, onDate: DateOnly, warnDays: number): CertificateState {
  if (validUntil === null) return 'missing';
  if (!isCertificateValid(validUntil, onDate)) return 'expired';
  return certificateDaysLeft(validUntil, onDate) <= warnDays ? 'expiring' : 'valid';
}
