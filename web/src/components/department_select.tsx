/** Department pickers fed by /api/system/departments/options (already limited to the caller's data scope). */
import { Select } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useDepartmentOptions, type DepartmentOption } from '../api/system';

/**
 * One collator for every comparison: `localeCompare(…, 'zh-CN')` builds one per call, and sorting a city's 200-odd
 * departments that way on every render cost ~60 ms of each list page change (a search form re-renders with the page).
 */
const byName = new Intl.Collator('zh-CN');

function optionsOf(departments: readonly DepartmentOption[] | undefined, fallback?: { id: string; name: string } | null) {
  const options = [...(departments ?? [])]
    .sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : byName.compare(a.name, b.name)))
    .map((d) => ({ value: d.id, label: d.name }));
  if (fallback && !options.some((o) => o.value === fallback.id)) options.unshift({ value: fallback.id, label: fallback.name });
  return options;
}

function useSortedOptions(fallback?: { id: string; name: string } | null) {
  const query = useDepartmentOptions();
  const fallbackId = fallback?.id;
  const fallbackName = fallback?.name;
  const options = useMemo(
    () => optionsOf(query.data, fallbackId && fallbackName !== undefined ? { id: fallbackId, name: fallbackName } : null),
    [query.data, fallbackId, fallbackName],
  );
  return { query, options };
}

export interface DepartmentSelectProps {
  readonly value?: string;
  readonly onChange?: (value: string | undefined) => void;
  readonly placeholder?: string;
  readonly style?: CSSProperties;
  /** The current department when it may lie outside the options (editing an existing record). */
  readonly fallback?: { id: string; name: string } | null;
  readonly id?: string;
}

export function DepartmentSelect({ value, onChange, placeholder = '请选择部门', style, fallback, id }: DepartmentSelectProps) {
  const { query, options } = useSortedOptions(fallback);
  return (
    <Select
      id={id}
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      placeholder={placeholder}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={query.isPending}
      options={options}
      notFoundContent={query.isError ? '部门加载失败' : '暂无部门'}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}

export function DepartmentMultiSelect({ value, onChange, id }: { value?: string[]; onChange?: (value: string[]) => void; id?: string }) {
  const { query, options } = useSortedOptions();
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={(next: string[]) => onChange?.(next)}
      placeholder="请选择可查看其数据的部门"
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={query.isPending}
      options={options}
      maxTagCount="responsive"
      notFoundContent={query.isError ? '部门加载失败' : '暂无部门'}
    />
  );
}
