import { z } from 'zod';
import { RowActions } from '../../http/row_actions';
import { optionalText, statusField, text } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

const keyField = (label: string) => z.string({ error: `请输入${label}` }).trim()
  .regex(/^[a-z][a-z0-9_]{1,59}$/, { error: `${label}为 2–60 位小写字母、数字或下划线，以字母开头` });

export const DictionaryTypeRow = z.object({
  id: z.string(), key: z.string(), name: z.string(), remark: z.string().nullable(), builtin: z.boolean(), itemCount: z.number().int(), createdAt: z.string(),
  /** What may be done with the dictionary (null) or why not. */
  actions: RowActions,
});
export type DictionaryTypeRow = z.infer<typeof DictionaryTypeRow>;
export const DictionaryTypePage = pageOf(DictionaryTypeRow);
export const DictionaryTypeFilters = z.object({ keyword: z.string().trim().max(60).optional() });
export const DictionaryTypeQuery = DictionaryTypeFilters.extend(pageQuery);
export const DictionaryTypeInput = z.object({ key: keyField('字典标识'), name: text('字典名称', 60), remark: optionalText('备注', 200) });
export type DictionaryTypeInput = z.infer<typeof DictionaryTypeInput>;

export const DictionaryItemRow = z.object({
  id: z.string(), typeKey: z.string(), value: z.string(), label: z.string(), sortOrder: z.number().int(),
  tagColor: z.string().nullable(), status: z.enum(['active', 'disabled']), createdAt: z.string(),
});
export type DictionaryItemRow = z.infer<typeof DictionaryItemRow>;
export const DictionaryItemPage = pageOf(DictionaryItemRow);
export const DictionaryItemQuery = z.object({ label: z.string().trim().max(100).optional(), status: statusField.optional() }).extend(pageQuery);
export const DictionaryItemInput = z.object({
  value: z.string({ error: '请输入字典值' }).trim().min(1, { error: '字典值不能为空' }).max(60, { error: '字典值不能超过 60 个字符' }),
  label: text('字典标签', 100),
  sortOrder: z.number({ error: '排序必须是数字' }).int().min(0).max(9999).default(0),
  tagColor: z.enum(['default', 'blue', 'green', 'orange', 'red', 'purple', 'cyan', 'gold'], { error: '标签颜色不在可选范围内' }).nullable().default(null),
  status: statusField.default('active'),
});
export type DictionaryItemInput = z.infer<typeof DictionaryItemInput>;
export const DictionaryTypeKeyParams = z.object({ typeKey: keyField('字典标识') });
export const DictionaryItemParams = DictionaryTypeKeyParams.extend({ id: z.uuid({ error: '编号格式不正确' }) });

/** An active item of a dictionary, for the select boxes of other forms. */
export const DictionaryOption = z.object({ value: z.string(), label: z.string(), tagColor: z.string().nullable() });
export type DictionaryOption = z.infer<typeof DictionaryOption>;
