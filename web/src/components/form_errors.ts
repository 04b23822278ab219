/**
 * Puts a server's 400 field errors (`details: [{field, message}]`) onto the matching form fields.
 * A detail's field is a dotted path (`roleIds.0`); its first segment names the form field.
 */
import type { FormInstance } from 'antd';
import { errorMessage, isApiError } from '../api/client';

/** Marks the fields and returns the message to show at the top (the server's Chinese message). */
export function applyServerErrors(form: FormInstance, error: unknown): string {
  if (!isApiError(error) || error.details.length === 0) return errorMessage(error);
  const registered = new Set(form.getFieldsError().map((entry) => String(entry.name[0])));
  const byField = new Map<string, string[]>();
  for (const detail of error.details) {
    const field = detail.field.split('.')[0] ?? '';
    if (!registered.has(field)) continue;
    byField.set(field, [...(byField.get(field) ?? []), detail.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0 ? `${error.message}（已在表单中标出）` : error.message;
}
