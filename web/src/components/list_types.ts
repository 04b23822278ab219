/**
 * The column definition that drives a list page, in the spirit of ProTable: one array gives the
 * search form (columns with `search`), the table (columns without `hideInTable`) and the tags
 * (`valueEnum`).
 */
import type { ReactNode } from 'react';
import type { ValueEnum } from './value_tag';

export type SearchSpec =
  /** A text box; `name` defaults to the column's dataIndex (or key). */
  | { readonly kind: 'text'; readonly name?: string; readonly placeholder?: string }
  /** A select; options default to the column's valueEnum. */
  | { readonly kind: 'select'; readonly name?: string; readonly options?: readonly { value: string; label: string }[] }
  /** A date range sent as two YYYY-MM-DD parameters. */
  | { readonly kind: 'dateRange'; readonly from: string; readonly to: string }
  /** Any input taking value/onChange with a string value (department select, region tree…). */
  | { readonly kind: 'custom'; readonly name: string; readonly input: ReactNode };

export interface ListColumn<Row> {
  readonly key: string;
  readonly title: string;
  /** The row field shown in the cell (and the default filter name). */
  readonly dataIndex?: keyof Row & string;
  /** Custom cell content; React renders strings as text. */
  readonly render?: (row: Row) => ReactNode;
  readonly valueEnum?: ValueEnum;
  readonly valueType?: 'text' | 'dateTime' | 'date';
  readonly width?: number;
  readonly ellipsis?: boolean;
  /** Only in the search form, never a table column. */
  readonly hideInTable?: boolean;
  /** Cannot be hidden in 列设置 (default: the first column, the row's name). */
  readonly required?: boolean;
  /** A table column hidden until the user shows it in 列设置. */
  readonly defaultHidden?: boolean;
  /** true: a text box, or a select when the column has a valueEnum. */
  readonly search?: true | SearchSpec;
}

/** The normalised search field of a column. */
export type SearchField =
  | { readonly kind: 'text'; readonly name: string; readonly label: string; readonly placeholder: string }
  | { readonly kind: 'select'; readonly name: string; readonly label: string; readonly options: readonly { value: string; label: string }[] }
  | { readonly kind: 'dateRange'; readonly from: string; readonly to: string; readonly label: string }
  | { readonly kind: 'custom'; readonly name: string; readonly label: string; readonly input: ReactNode };

/** The URL parameter names a search field reads and writes. */
export function paramNamesOf(field: SearchField): string[] {
  return field.kind === 'dateRange' ? [field.from, field.to] : [field.name];
}
