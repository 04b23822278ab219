import { describe, expect, it } from 'vitest';
import { actionLabel, errorCodeLabel, targetTypeLabel } from './codes';

describe('labels', () => {
  it('names permissions, HTTP fallbacks and unknown codes', () => {
    expect(actionLabel('directory:entity:update')).toBe('检查对象名录-修改（含登记状态变更）');
    expect(actionLabel('POST /api/auth/password')).toBe('登录用户均可执行（无需单独权限）');
    expect(errorCodeLabel('HTTP_413')).toBe('请求未成功（HTTP 413）');
    expect(errorCodeLabel('SOMETHING_NEW')).toBe('其他（SOMETHING_NEW）');
    expect(targetTypeLabel('market_entity')).toBe('检查对象');
    expect(targetTypeLabel('spaceship')).toBe('其他（spaceship）');
    expect(actionLabel('system:unknown')).toBe('其他（system:unknown）');
  });
});
