import { describe, expect, test } from 'vitest';
import type { Permission } from '../../../domain/access/permissions';
import { describeRoute } from './route_actions';

const actions = [
  { permission: 'directory:entity:import', label: '导入' },
  { permission: 'directory:entity:export', label: '导出' },
] as const;

describe('describeRoute', () => {
  test('names only the actions the user holds the permission for', () => {
    const holds = (held: readonly Permission[]) => (p: Permission) => held.includes(p);
    expect(describeRoute('检查对象名录', actions, holds([]))).toBe('检查对象名录');
    expect(describeRoute('检查对象名录', actions, holds(['directory:entity:export']))).toBe('检查对象名录；导出');
    expect(describeRoute('检查对象名录', actions, holds(['directory:entity:import', 'directory:entity:export']))).toBe('检查对象名录；导入、导出');
  });
});
