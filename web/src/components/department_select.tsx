/** Department pickers fed by /api/system/departments/options (already limited to the caller's data scope). */
import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useDepartmentOptions, type DepartmentOption } from '../api/system';

function optionsOf(departments: readonly DepartmentOption[] | undefined, fallback?: { id: string; name: string } | null) {
  const options = [...(departments ?? [])]
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.name.localeCompare(b.name, 'zh-CN'))
    .map((d) => ({ value: d.id, label: d.name }));
  if (fallback && !options.some((o) => o.value === fallback.id)) options.unshift({ value: fallback.id, label: fallback.name });
  return options;
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
  const options = useDepartmentOptions();
  return (
    <Select
      id={id}
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      placeholder={placeholder}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={options.isPending}
      options={optionsOf(options.data, fallback)}
      notFoundContent={options.isError ? '部门加载失败' : '暂无部门'}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}

export function DepartmentMultiSelect({ value, onChange, id }: { value?: string[]; onChange?: (value: string[]) => void; id?: string }) {
  const options = useDepartmentOptions();
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={(next: string[]) => onChange?.(next)}
      placeholder="请选择可查看其数据的部门"
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={options.isPending}
      options={optionsOf(options.data)}
      maxTagCount="responsive"
      notFoundContent={options.isError ? '部门加载失败' : '暂无部门'}
    />
  );
}
