/** Tags and options for the checklist pages, from the domain's closed enums (domain/checklist/types.ts). */
import {
  CHANGE_REASONS, CHANGE_REASON_LABELS, CHECKLIST_LEVEL_LABELS, ITEM_CATEGORIES, ITEM_CATEGORY_LABELS,
  type ChecklistLevel,
} from '../../../../domain/checklist/types';
import { CHECK_METHOD_KEYS, CHECK_METHODS } from '../../../../domain/inspection/categories';
import type { ValueEnum } from '../../components/value_tag';

export const VERSION_STATUS_ENUM = {
  draft: { text: '草稿', color: 'orange' },
  published: { text: '现行', color: 'green' },
  superseded: { text: '历史版本', color: 'default' },
} as const satisfies ValueEnum;

export const CATEGORY_ENUM = {
  general: { text: '一般', color: 'blue' },
  key: { text: '重点', color: 'red' },
} as const satisfies ValueEnum;

export const LEVEL_COLORS: Readonly<Record<ChecklistLevel, string>> = { item: 'geekblue', subitem: 'cyan', content: 'default' };

export const DIFF_STATUS_ENUM = {
  added: { text: '新增', color: 'green' },
  removed: { text: '删除', color: 'red' },
  changed: { text: '修改', color: 'orange' },
  unchanged: { text: '未变', color: 'default' },
} as const satisfies ValueEnum;

export const DIFF_ROW_BACKGROUND: Readonly<Record<keyof typeof DIFF_STATUS_ENUM, string | undefined>> = {
  added: '#f6ffed', removed: '#fff1f0', changed: '#fff7e6', unchanged: undefined,
};

export const CATEGORY_OPTIONS = ITEM_CATEGORIES.map((value) => ({ value, label: ITEM_CATEGORY_LABELS[value] }));
export const METHOD_OPTIONS = CHECK_METHOD_KEYS.map((value) => ({ value, label: CHECK_METHODS[value] }));
export const REASON_OPTIONS = CHANGE_REASONS.map((value) => ({ value, label: CHANGE_REASON_LABELS[value] }));
export { CHECK_METHODS, CHECKLIST_LEVEL_LABELS };
