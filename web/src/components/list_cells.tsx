/** The cells of the list page's table: a column's value, the row actions, the empty state. */
import { Button, Space, Tooltip } from 'antd';
import { memo, useCallback, useRef, type ReactNode } from 'react';
import { formatDate, formatDateTime } from './format';
import type { RowAction } from './list_page';
import type { ListColumn } from './list_types';
import { EmptyState } from './page_states';
import { ValueTag } from './value_tag';

function cellText(value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return <span style={{ color: 'rgba(0,0,0,.25)' }}>—</span>;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return <span style={{ color: 'rgba(0,0,0,.25)' }}>—</span>;
}

export function renderCell<Row>(column: ListColumn<Row>, row: Row): ReactNode {
  if (column.render) return column.render(row);
  const value: unknown = column.dataIndex ? row[column.dataIndex] : undefined;
  if (column.valueEnum) return <ValueTag value={typeof value === 'string' ? value : null} valueEnum={column.valueEnum} />;
  if (column.valueType === 'dateTime') return cellText(typeof value === 'string' ? formatDateTime(value) : value);
  if (column.valueType === 'date') return cellText(typeof value === 'string' ? formatDate(value) : value);
  return cellText(value);
}

export function EmptyText({ state }: { state: 'pending' | 'error' | 'filtered' | 'empty' }) {
  if (state === 'pending') return <div style={{ height: 80 }} />;
  const description = state === 'error' ? '数据加载失败' : state === 'filtered' ? '没有符合条件的数据，可调整搜索条件后重试' : '暂无数据';
  return <EmptyState description={description} />;
}

/**
 * A row's action links. Rows are keyed by their position on the page (list_page.tsx), so after a page change the same
 * links usually stand in the same place with the same labels and states: the buttons are then not rendered again (antd's
 * Button is among the costlier components, three a row). A click runs the current row's action, read through a ref.
 */
export function RowActions({ actions }: { actions: readonly RowAction[] }) {
  const latest = useRef(actions);
  latest.current = actions;
  const run = useCallback((key: string) => latest.current.find((action) => action.key === key)?.onClick(), []);
  return <ActionLinks actions={actions} run={run} />;
}

const sameLook = (a: RowAction, b: RowAction | undefined) =>
  b !== undefined && a.key === b.key && a.label === b.label && a.danger === b.danger && a.disabled === b.disabled && a.reason === b.reason;

const ActionLinks = memo(function ActionLinks({ actions, run }: { actions: readonly RowAction[]; run: (key: string) => void }) {
  return (
    <Space size={4} wrap={false}>
      {actions.map((action) => {
        const button = (
          <Button key={action.key} type="link" size="small" danger={action.danger} disabled={action.disabled} onClick={() => run(action.key)} style={{ paddingInline: 4 }}>
            {action.label}
          </Button>
        );
        return action.reason ? <Tooltip key={action.key} title={action.reason}><span>{button}</span></Tooltip> : button;
      })}
    </Space>
  );
}, (before, after) => before.run === after.run && before.actions.length === after.actions.length && before.actions.every((a, i) => sameLook(a, after.actions[i])));
