/**
 * Field schemas with Chinese messages that name the field, shared by every module's schema.ts.
 * Text fields refuse control characters; HTML or SQL in a name is stored as plain text and the web
 * app renders it as text, never as markup.
 */
import { z } from 'zod';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function text(label: string, max: number, min = 1) {
  return z.string({ error: `${label}必须是文本` })
    .trim()
    .min(min, { error: min <= 1 ? `${label}不能为空` : `${label}至少 ${min} 个字符` })
    .max(max, { error: `${label}不能超过 ${max} 个字符` })
    .refine((v) => !CONTROL.test(v), { error: `${label}含有不可见的控制字符` });
}

export function optionalText(label: string, max: number) {
  return z.union([text(label, max, 0), z.null()]).optional().transform((v) => (v ? v : null));
}

export const accountField = z.string({ error: '账号必须是文本' })
  .trim()
  .min(3, { error: '账号至少 3 个字符' })
  .max(32, { error: '账号不能超过 32 个字符' })
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { error: '账号只能由字母开头，包含字母、数字、下划线、点或短横线' });

export const phoneField = z.union([
  z.string().trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { error: '联系电话应为 11 位手机号或带区号的固定电话' }),
  z.literal(''),
  z.null(),
]).optional().transform((v) => (v ? v : null));

export const uuidField = (label: string) => z.uuid({ error: `${label}格式不正确` });

export const regionCodeField = z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' });

export const statusField = z.enum(['active', 'disabled'], { error: '状态只能是 active（正常）或 disabled（停用）' });

export const idParams = z.object({ id: uuidField('编号') });
