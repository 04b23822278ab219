/**
 * The permission picker of 角色管理, from /api/system/permissions: one block per module (系统管理,
 * 系统监控, …), one line per menu with its buttons (查询, 新增, 修改, …) as checkboxes. The module and
 * menu checkboxes select or clear everything under them.
 */
import { Alert, Checkbox, Spin, Typography } from 'antd';
import type { Permission } from '../../../domain/access/permissions';
import { errorMessage } from '../api/client';
import { usePermissionCatalog, type PermissionEntry } from '../api/system';

interface MenuGroup {
  readonly label: string;
  readonly actions: readonly { key: Permission; label: string }[];
}

interface ModuleGroup {
  readonly key: string;
  readonly label: string;
  readonly menus: readonly MenuGroup[];
}

function groupsOf(entries: readonly PermissionEntry[]): ModuleGroup[] {
  const modules = new Map<string, { label: string; menus: Map<string, { key: Permission; label: string }[]> }>();
  for (const entry of entries) {
    const dash = entry.label.indexOf('-');
    const menu = dash > 0 ? entry.label.slice(0, dash) : entry.label;
    const action = dash > 0 ? entry.label.slice(dash + 1) : entry.label;
    const mod = modules.get(entry.module) ?? { label: entry.moduleLabel, menus: new Map<string, { key: Permission; label: string }[]>() };
    modules.set(entry.module, mod);
    const actions = mod.menus.get(menu) ?? [];
    mod.menus.set(menu, actions);
    actions.push({ key: entry.key, label: action });
  }
  return [...modules].map(([key, mod]) => ({ key, label: mod.label, menus: [...mod.menus].map(([label, actions]) => ({ label, actions })) }));
}

function GroupCheckbox({ keys, value, onToggle, children }: { keys: readonly Permission[]; value: readonly Permission[]; onToggle: (keys: readonly Permission[], on: boolean) => void; children: string }) {
  const held = keys.filter((k) => value.includes(k)).length;
  return (
    <Checkbox checked={held === keys.length} indeterminate={held > 0 && held < keys.length} onChange={(e) => onToggle(keys, e.target.checked)}>
      {children}
    </Checkbox>
  );
}

export function PermissionTree({ value = [], onChange, id }: { value?: Permission[]; onChange?: (value: Permission[]) => void; id?: string }) {
  const catalog = usePermissionCatalog();
  if (catalog.isPending) return <Spin size="small" description="正在加载权限…" />;
  if (catalog.isError) return <Alert type="error" showIcon title="权限列表加载失败" description={errorMessage(catalog.error)} />;
  const groups = groupsOf(catalog.data);
  const order = catalog.data.map((e) => e.key);

  function toggle(keys: readonly Permission[], on: boolean) {
    const next = new Set(value);
    for (const key of keys) {
      if (on) next.add(key);
      else next.delete(key);
    }
    onChange?.(order.filter((key) => next.has(key)));
  }

  return (
    <div id={id} style={{ border: '1px solid #d9d9d9', borderRadius: 4, padding: '8px 12px', maxHeight: 360, overflow: 'auto' }}>
      {groups.map((group) => (
        <div key={group.key} style={{ marginBottom: 8 }}>
          <div style={{ padding: '4px 0', borderBottom: '1px solid #f0f0f0', marginBottom: 4 }}>
            <GroupCheckbox keys={group.menus.flatMap((m) => m.actions.map((a) => a.key))} value={value} onToggle={toggle}>{group.label}</GroupCheckbox>
          </div>
          {group.menus.map((menu) => (
            <div key={menu.label} style={{ display: 'flex', alignItems: 'flex-start', padding: '4px 0 4px 20px' }}>
              <div style={{ width: 130, flex: 'none' }}>
                <GroupCheckbox keys={menu.actions.map((a) => a.key)} value={value} onToggle={toggle}>{menu.label}</GroupCheckbox>
              </div>
              <div style={{ display: 'flex', flexWrap: 'wrap', rowGap: 4 }}>
                {menu.actions.map((action) => (
                  <Checkbox key={action.key} checked={value.includes(action.key)} onChange={(e) => toggle([action.key], e.target.checked)}>
                    <Typography.Text title={action.key}>{action.label}</Typography.Text>
                  </Checkbox>
                ))}
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
