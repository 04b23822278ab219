/** The inline search form above a list (搜索 / 重置), driven by the columns' search fields. */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, DatePicker, Form, Grid, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { ListColumn, SearchField } from './list_types';
import { enumOptions } from './value_tag';

type FormValues = Record<string, string | [Dayjs | null, Dayjs | null] | null | undefined>;

const FIELD_WIDTH = 200;
const COMPACT_FORM = { components: { Form: { itemMarginBottom: 12 } } };

export function searchFieldsOf<Row>(columns: readonly ListColumn<Row>[]): SearchField[] {
  const fields: SearchField[] = [];
  for (const column of columns) {
    const spec = column.search;
    if (!spec) continue;
    const defaultName = column.dataIndex ?? column.key;
    if (spec === true) {
      fields.push(column.valueEnum
        ? { kind: 'select', name: defaultName, label: column.title, options: enumOptions(column.valueEnum) }
        : { kind: 'text', name: defaultName, label: column.title, placeholder: `请输入${column.title}` });
      continue;
    }
    switch (spec.kind) {
      case 'text':
        fields.push({ kind: 'text', name: spec.name ?? defaultName, label: column.title, placeholder: spec.placeholder ?? `请输入${column.title}` });
        break;
      case 'select':
        fields.push({ kind: 'select', name: spec.name ?? defaultName, label: column.title, options: spec.options ?? (column.valueEnum ? enumOptions(column.valueEnum) : []) });
        break;
      case 'dateRange':
        fields.push({ kind: 'dateRange', from: spec.from, to: spec.to, label: column.title });
        break;
      case 'custom':
        fields.push({ kind: 'custom', name: spec.name, label: column.title, input: spec.input });
        break;
    }
  }
  return fields;
}

function rangeName(field: { from: string; to: string }): string {
  return `${field.from}__${field.to}`;
}

function toFormValues(fields: readonly SearchField[], filters: Readonly<Record<string, string>>): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    if (field.kind === 'dateRange') {
      const from = filters[field.from];
      const to = filters[field.to];
      values[rangeName(field)] = from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : undefined;
    } else {
      values[field.name] = filters[field.name];
    }
  }
  return values;
}

function toFilters(fields: readonly SearchField[], values: FormValues): Record<string, string | undefined> {
  const filters: Record<string, string | undefined> = {};
  for (const field of fields) {
    if (field.kind === 'dateRange') {
      const range = values[rangeName(field)];
      if (Array.isArray(range)) {
        filters[field.from] = range[0]?.format('YYYY-MM-DD');
        filters[field.to] = range[1]?.format('YYYY-MM-DD');
      }
    } else {
      const value = values[field.name];
      filters[field.name] = typeof value === 'string' ? value : undefined;
    }
  }
  return filters;
}

export interface SearchFormProps {
  readonly fields: readonly SearchField[];
  readonly filters: Readonly<Record<string, string>>;
  readonly onSearch: (filters: Record<string, string | undefined>) => void;
}

export function SearchForm({ fields, filters, onSearch }: SearchFormProps) {
  const [form] = Form.useForm<FormValues>();
  const filterKey = JSON.stringify(filters);
  // On a phone the fields stack, each the full width, labels in a narrow column beside them.
  const narrow = Grid.useBreakpoint().md === false;
  const inputWidth = narrow ? '100%' : FIELD_WIDTH;

  // Back/forward navigation changes the URL: show what the list is filtered by.
  useEffect(() => {
    form.setFieldsValue(toFormValues(fields, filters));
  }, [filterKey, form]); // filterKey stands for filters; fields only change with the page

  if (fields.length === 0) return null;

  return (
    // Stacked fields sit closer than the form default (24 px apart) so the list starts sooner.
    <ConfigProvider theme={narrow ? COMPACT_FORM : undefined}>
      <Form
        form={form}
        name="search"
        layout={narrow ? 'horizontal' : 'inline'}
        labelCol={narrow ? { flex: '84px' } : undefined}
        wrapperCol={narrow ? { flex: '1 1 0', style: { minWidth: 0 } } : undefined}
        labelWrap={narrow}
        initialValues={toFormValues(fields, filters)}
        onFinish={(values) => onSearch(toFilters(fields, values))}
        style={{ rowGap: 12, marginBottom: 16 }}
        aria-label="搜索条件"
      >
        {fields.map((field) => {
          switch (field.kind) {
            case 'text':
              return (
                <Form.Item key={field.name} name={field.name} label={field.label}>
                  <Input placeholder={field.placeholder} allowClear style={{ width: inputWidth }} onPressEnter={() => form.submit()} />
                </Form.Item>
              );
            case 'select':
              return (
                <Form.Item key={field.name} name={field.name} label={field.label}>
                  <Select placeholder={`请选择${field.label}`} allowClear options={[...field.options]} style={{ width: inputWidth }} />
                </Form.Item>
              );
            case 'dateRange':
              return (
                <Form.Item key={rangeName(field)} name={rangeName(field)} label={field.label}>
                  <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: narrow ? '100%' : 260 }} />
                </Form.Item>
              );
            case 'custom':
              return (
                <Form.Item key={field.name} name={field.name} label={field.label}>
                  {field.input}
                </Form.Item>
              );
          }
        })}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>搜索</Button>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                form.setFieldsValue(toFormValues(fields, {}));
                onSearch({});
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </ConfigProvider>
  );
}
