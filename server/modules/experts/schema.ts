import { z } from 'zod';
import { EXPERT_STATUS_KEYS } from '../../../domain/directory/expert';
import { optionalText, text, uuidField } from '../../http/fields';
import { RecusalRow } from '../inspectors/schema';
import { pageOf, pageQuery } from '../../http/paging';

export const expertStatusField = z.enum(EXPERT_STATUS_KEYS, { error: '状态只能是 available（可用）或 unavailable（暂停）' });

export const ExpertRow = z.object({
  id: z.string(),
  name: z.string(),
  organisation: z.string(),
  specialty: z.string(),
  contact: z.string().nullable(),
  status: expertStatusField,
  departmentId: z.string(),
  departmentName: z.string(),
  /** Active 回避 declarations (expert_conflicts). */
  activeConflictCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExpertRow = z.infer<typeof ExpertRow>;
export const ExpertPage = pageOf(ExpertRow);

export const ExpertFilters = z.object({
  name: z.string().trim().max(32).optional(),
  organisation: z.string().trim().max(100).optional(),
  specialty: z.string().trim().max(100).optional(),
  status: expertStatusField.optional(),
  departmentId: uuidField('部门').optional(),
});
export const ExpertQuery = ExpertFilters.extend(pageQuery);
export type ExpertQuery = z.infer<typeof ExpertQuery>;

export const ExpertInput = z.object({
  name: text('姓名', 32),
  organisation: text('工作单位', 100),
  specialty: text('专业领域', 100),
  /** Telephone, e-mail or other contact; internal only. */
  contact: optionalText('联系方式', 40),
  status: expertStatusField.default('available'),
  departmentId: uuidField('维护部门'),
});
export type ExpertInput = z.infer<typeof ExpertInput>;

/** A 回避 declaration of an expert: an entity of the directory or a named person (the inspectors' row, owned by an expert). */
export const ExpertConflictRow = RecusalRow.omit({ inspectorId: true }).extend({ expertId: z.string() });
export type ExpertConflictRow = z.infer<typeof ExpertConflictRow>;
