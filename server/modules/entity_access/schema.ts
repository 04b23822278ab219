/**
 * The API shapes of the entity's side (issue #10 item 6): its registered contact (staff only), the sign-in by a code
 * sent to that contact, and the entity's session. A phone number appears only in the staff contact answer, never in
 * a public one (the entity sees it masked: 138****0000).
 */
import { z } from 'zod';

export const mobileField = z.string({ error: '联系电话必须是文本' }).trim().regex(/^1[3-9]\d{9}$/, { error: '联系电话应为 11 位手机号（用于接收验证码）' });

/** A 统一社会信用代码 (18) or an older 注册号 (15): letters and digits, upper-cased. */
export const creditCodeField = z.string({ error: '统一社会信用代码必须是文本' }).trim().toUpperCase()
  .regex(/^[0-9A-Z]{15,18}$/, { error: '统一社会信用代码应为 18 位数字或大写字母（旧注册号 15 位）' });

export const ContactInput = z.object({
  phone: mobileField,
  /** The version last read; null when no contact is registered yet. */
  rowVersion: z.number({ error: '版本号（rowVersion）必须是数字或 null' }).int({ error: '版本号（rowVersion）必须是整数' }).min(1, { error: '版本号（rowVersion）从 1 开始' }).nullable(),
});

export const ContactView = z.object({
  entityId: z.string(),
  phone: z.string().nullable(),
  maskedPhone: z.string().nullable(),
  source: z.string().nullable(),
  updatedAt: z.string().nullable(),
  rowVersion: z.number().int().nullable(),
});
export type ContactView = z.infer<typeof ContactView>;

export const CodeRequestInput = z.object({ creditCode: creditCodeField });

export const CodeRequestAnswer = z.object({
  /** Where the code went, masked (138****0000). */
  maskedPhone: z.string(),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});

export const VerifyInput = z.object({
  creditCode: creditCodeField,
  code: z.string({ error: '验证码必须是文本' }).trim().regex(/^\d{6}$/, { error: '验证码应为 6 位数字' }),
});

export const EntitySessionView = z.object({
  entity: z.object({ name: z.string(), creditCode: z.string() }),
  expiresAt: z.string(),
});
export type EntitySessionView = z.infer<typeof EntitySessionView>;
