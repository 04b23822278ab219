/**
 * 列设置: the list toolbar's column chooser. The choice is kept per user and per list in this
 * browser's localStorage (see column_choice.ts for how it merges with the list's columns).
 */
import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Divider, Popover, Tooltip } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useCurrentUser } from '../auth/current_user';
import {
  choiceOf, choiceStorageKey, choosableColumns, isRequired, parseChoice, visibleKeys, type ChoosableColumn, type ColumnChoice,
} from './column_choice';

function readStored(key: string): ColumnChoice {
  try {
    return parseChoice(window.localStorage.getItem(key));
  } catch {
    return {};
  }
}

function writeStored(key: string, choice: ColumnChoice): void {
  try {
    if (Object.keys(choice).length === 0) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(choice));
  } catch {
    // Storage full or disabled: the choice lasts until the page is left.
  }
}

/** The visible column keys of one list for the signed-in user, and how to change them. */
export function useColumnChoice(listKey: string, columns: readonly ChoosableColumn[]) {
  const me = useCurrentUser();
  const storageKey = choiceStorageKey(me.id, listKey);
  const [state, setState] = useState(() => ({ storageKey, choice: readStored(storageKey) }));
  // Another list (or user) in the same component: read its own stored choice.
  const choice = state.storageKey === storageKey ? state.choice : readStored(storageKey);
  const visible = useMemo(() => visibleKeys(columns, choice), [columns, choice]);
  const setVisible = useCallback((shown: readonly string[]) => {
    const next = choiceOf(columns, shown);
    writeStored(storageKey, next);
    setState({ storageKey, choice: next });
  }, [columns, storageKey]);
  const reset = useCallback(() => {
    writeStored(storageKey, {});
    setState({ storageKey, choice: {} });
  }, [storageKey]);
  return { visible, setVisible, reset };
}

export interface ColumnChooserProps {
  readonly columns: readonly ChoosableColumn[];
  readonly visible: readonly string[];
  readonly onChange: (shown: string[]) => void;
  readonly onReset: () => void;
}

export function ColumnChooser({ columns, visible, onChange, onReset }: ColumnChooserProps) {
  const [open, setOpen] = useState(false);
  const choosable = choosableColumns(columns);
  const content = (
    <div style={{ minWidth: 160 }} data-testid="column-chooser">
      <Checkbox.Group value={[...visible]} onChange={(keys) => onChange(keys.map(String))} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
        {choosable.map((column, index) => (
          <Checkbox key={column.key} value={column.key} disabled={isRequired(column, index)}>{column.title}</Checkbox>
        ))}
      </Checkbox.Group>
      <Divider style={{ margin: '10px 0 8px' }} />
      <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={onReset}>恢复默认</Button>
    </div>
  );
  return (
    <Popover title="列设置" trigger="click" placement="bottomRight" content={content} open={open} onOpenChange={setOpen}>
      <Tooltip title="列设置">
        <Button shape="circle" aria-label="列设置" icon={<SettingOutlined />} />
      </Tooltip>
    </Popover>
  );
}
