/**
 * Which columns of a list a user sees (列设置): the pure part. A user's choice is kept as the
 * differences from the list's defaults, so a column added later shows by its own default, a column
 * removed later is forgotten, and a changed default reaches everyone who never touched that column.
 */

export interface ChoosableColumn {
  readonly key: string;
  readonly title: string;
  /** Cannot be hidden (the row's name). */
  readonly required?: boolean;
  /** Hidden until the user shows it. */
  readonly defaultHidden?: boolean;
  readonly hideInTable?: boolean;
}

/** key → shown, only for columns the user set differently from their default. */
export type ColumnChoice = Readonly<Record<string, boolean>>;

/** The columns the chooser offers: the table's columns (a search-only column is not one). */
export function choosableColumns<C extends ChoosableColumn>(columns: readonly C[]): C[] {
  return columns.filter((column) => !column.hideInTable);
}

/** The first column names the row: it is required unless it says otherwise. */
export function isRequired(column: ChoosableColumn, index: number): boolean {
  return column.required ?? index === 0;
}

/** The keys shown: required columns always, then the stored choice, then the default; unknown stored keys are ignored. */
export function visibleKeys(columns: readonly ChoosableColumn[], choice: ColumnChoice): string[] {
  return choosableColumns(columns)
    .filter((column, index) => {
      if (isRequired(column, index)) return true;
      const stored = Object.hasOwn(choice, column.key) ? choice[column.key] : undefined;
      return typeof stored === 'boolean' ? stored : !column.defaultHidden;
    })
    .map((column) => column.key);
}

/** The choice that shows exactly `shown` (required columns stay shown whatever `shown` says). */
export function choiceOf(columns: readonly ChoosableColumn[], shown: readonly string[]): ColumnChoice {
  const wanted = new Set(shown);
  const choice: Record<string, boolean> = {};
  choosableColumns(columns).forEach((column, index) => {
    if (isRequired(column, index)) return;
    const visible = wanted.has(column.key);
    if (visible === Boolean(column.defaultHidden)) choice[column.key] = visible;
  });
  return choice;
}

/** A stored choice read back; anything that is not a key → boolean map reads as no choice. */
export function parseChoice(raw: string | null): ColumnChoice {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const choice: Record<string, boolean> = {};
    for (const [key, shown] of Object.entries(value)) if (typeof shown === 'boolean') choice[key] = shown;
    return choice;
  } catch {
    return {};
  }
}

/** The localStorage key of one user's choice for one list. */
export function choiceStorageKey(userId: string, listKey: string): string {
  return `suiji.columns.${userId}.${listKey}`;
}

/** The width a table needs for its visible columns (columns without a width count as `flexible`). */
export function tableWidthOf(columns: readonly { readonly width?: number }[], flexible = 120): number {
  return columns.reduce((sum, column) => sum + (column.width ?? flexible), 0);
}

/**
 * The one column that takes the room a wide screen leaves (the others keep their widths, so the 操作 column stays
 * narrow): a long-text column without a width, else the widest long-text column; none when no column is long text.
 */
export function flexibleColumnKey(columns: readonly { readonly key: string; readonly width?: number; readonly ellipsis?: boolean }[]): string | null {
  const long = columns.filter((column) => column.ellipsis);
  const unsized = long.find((column) => column.width === undefined);
  if (unsized) return unsized.key;
  const widest = long.reduce<(typeof long)[number] | null>((best, column) => (best && (best.width ?? 0) >= (column.width ?? 0) ? best : column), null);
  return widest?.key ?? null;
}
