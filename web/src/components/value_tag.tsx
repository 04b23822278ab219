/**
 * 字典标签: a code rendered as its label in a coloured tag (RuoYi's dict-tag). Closed enums the code
 * branches on (status, outcome) are declared here as literal-keyed value enums; open code lists come
 * from 字典管理 and are turned into the same shape.
 */
import { Tag } from 'antd';
import { memo } from 'react';

export interface ValueEnumEntry {
  readonly text: string;
  /** An antd preset colour (green, red, blue, orange, …) or 'default'. */
  readonly color?: string;
}
export type ValueEnum = Readonly<Record<string, ValueEnumEntry>>;

export const STATUS_ENUM = {
  active: { text: '正常', color: 'green' },
  disabled: { text: '停用', color: 'red' },
} as const satisfies ValueEnum;

/** Memoised: a list keyed by position (list_page.tsx) keeps a tag whose value did not change from one page to the next. */
export const ValueTag = memo(function ValueTag({ value, valueEnum }: { value: string | null | undefined; valueEnum: ValueEnum }) {
  if (value === null || value === undefined || value === '') return <span style={{ color: 'rgba(0,0,0,.25)' }}>—</span>;
  const entry = Object.hasOwn(valueEnum, value) ? valueEnum[value] : undefined;
  if (!entry) return <Tag>{value}</Tag>;
  return <Tag color={entry.color && entry.color !== 'default' ? entry.color : undefined}>{entry.text}</Tag>;
});

export function enumOptions(valueEnum: ValueEnum): { value: string; label: string }[] {
  return Object.entries(valueEnum).map(([value, entry]) => ({ value, label: entry.text }));
}
