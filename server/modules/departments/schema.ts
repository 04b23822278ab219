import { z } from 'zod';
import { RowActions } from '../../http/row_actions';
import { optionalText, phoneField, regionCodeField, statusField, text } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

export const DepartmentRow = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.string(),
  typeLabel: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  sortOrder: z.number().int(),
  status: z.enum(['active', 'disabled']),
  phone: z.string().nullable(),
  userCount: z.number().int(),
  /** What may be done with the department (null) or why not. */
  actions: RowActions,
  createdAt: z.string(),
});
export type DepartmentRow = z.infer<typeof DepartmentRow>;
export const DepartmentPage = pageOf(DepartmentRow);

export const DepartmentFilters = z.object({
  name: z.string().trim().max(100).optional(),
  type: z.string().max(40).optional(),
  regionCode: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }).optional(),
  status: statusField.optional(),
});
export const DepartmentQuery = DepartmentFilters.extend(pageQuery);
export type DepartmentQuery = z.infer<typeof DepartmentQuery>;

export const DepartmentInput = z.object({
  name: text('部门名称', 100, 2),
  shortName: optionalText('简称', 40),
  type: z.string({ error: '请选择部门类型' }).min(1, { error: '请选择部门类型' }).max(40),
  regionCode: regionCodeField,
  sortOrder: z.number({ error: '排序必须是数字' }).int().min(0).max(9999).default(0),
  status: statusField.default('active'),
  phone: phoneField,
});
export type DepartmentInput = z.infer<typeof DepartmentInput>;

export const DepartmentOption = z.object({ id: z.string(), name: z.string(), regionCode: z.string(), type: z.string() });
export type DepartmentOption = z.infer<typeof DepartmentOption>;

export const DepartmentTypeOption = z.object({ key: z.string(), label: z.string() });
export type DepartmentTypeOption = z.infer<typeof DepartmentTypeOption>;
