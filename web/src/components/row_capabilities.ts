/**
 * The server's answer to "what may the caller do with this row": list rows carry
 * `actions: { edit, delete }` (null = allowed, otherwise the reason the write route refuses with).
 * The list page greys out what is refused and shows the reason; it never recomputes a rule itself.
 */
export interface RowCapabilities {
  readonly edit: string | null;
  readonly delete: string | null;
}

export type RowActionKind = keyof RowCapabilities;

const ALLOWED: RowCapabilities = { edit: null, delete: null };

function reasonOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The row's `actions`, or everything allowed for rows that carry no per-row answer. */
export function capabilitiesOf(row: unknown): RowCapabilities {
  const actions = typeof row === 'object' && row !== null ? (row as { actions?: unknown }).actions : undefined;
  if (typeof actions !== 'object' || actions === null) return ALLOWED;
  const { edit, delete: remove } = actions as Record<string, unknown>;
  return { edit: reasonOf(edit), delete: reasonOf(remove) };
}

export interface Refusal<Row> {
  readonly row: Row;
  readonly reason: string;
}

/** The selected rows the action is refused for, with the reasons. */
export function refusals<Row>(rows: readonly Row[], kind: RowActionKind, capabilities: (row: Row) => RowCapabilities): Refusal<Row>[] {
  return rows.flatMap((row) => {
    const reason = capabilities(row)[kind];
    return reason === null ? [] : [{ row, reason }];
  });
}

/**
 * Whether the toolbar's 修改/删除 is enabled for this selection and, when a selected row refuses it,
 * why (shown on hover): 修改 needs exactly one row, 删除 at least one, and both need every selected
 * row to allow the action.
 */
export function toolbarState<Row>(
  rows: readonly Row[], kind: RowActionKind, capabilities: (row: Row) => RowCapabilities, label: (row: Row) => string,
): { disabled: boolean; reason: string | null } {
  if (rows.length === 0 || (kind === 'edit' && rows.length > 1)) return { disabled: true, reason: null };
  const [first, ...more] = refusals(rows, kind, capabilities);
  if (!first) return { disabled: false, reason: null };
  const reason = rows.length === 1 ? first.reason : `${label(first.row)}：${first.reason}`;
  return { disabled: true, reason: more.length > 0 ? `${reason}（另有 ${more.length} 条同样不能删除）` : reason };
}
