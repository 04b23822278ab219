/** The inspection vocabulary (domain/inspection/categories.ts) as the list pages' tags and the forms' options. */
import {
  CHECK_METHODS, DISPOSALS, FINDINGS, RESULT_CATEGORIES, RESULT_STATUS_LABELS,
} from '../../../../domain/inspection/categories';
import type { ResultView, WithheldField } from '../../api/inspection';
import type { ValueEnum } from '../../components/value_tag';

type Status = ResultView['status'];

const STATUS_COLORS: Readonly<Record<Status, string>> = { draft: 'default', submitted: 'gold', returned: 'red', approved: 'blue', published: 'green' };

export const RESULT_STATUS_ENUM: ValueEnum = Object.fromEntries(
  (Object.keys(RESULT_STATUS_LABELS) as Status[]).map((key) => [key, { text: RESULT_STATUS_LABELS[key], color: STATUS_COLORS[key] }]),
);

function plainEnum(vocabulary: Readonly<Record<string, string>>): ValueEnum {
  return Object.fromEntries(Object.entries(vocabulary).map(([key, text]) => [key, { text }]));
}

export const CHECK_METHOD_ENUM = plainEnum(CHECK_METHODS);
export const RESULT_CATEGORY_ENUM = plainEnum(RESULT_CATEGORIES);
export const DISPOSAL_ENUM = plainEnum(DISPOSALS);

export const optionsOf = (vocabulary: Readonly<Record<string, string>>) => Object.entries(vocabulary).map(([value, label]) => ({ value, label }));

export const FINDING_OPTIONS = optionsOf(FINDINGS);

/** 不予公示的字段 (渝北 四（九）: 涉密、国家安全、公共安全), as the server names them (schema WITHHOLDABLE_FIELDS). */
export const WITHHELD_FIELD_LABELS: Readonly<Record<WithheldField, string>> = { note: '备注（情况说明）', itemFindings: '检查事项情况', disposal: '处置' };

export const CORRECTION_STATUS_ENUM: ValueEnum = {
  pending: { text: '待审批', color: 'gold' },
  approved: { text: '已批准并公示', color: 'green' },
  rejected: { text: '未批准', color: 'red' },
};
