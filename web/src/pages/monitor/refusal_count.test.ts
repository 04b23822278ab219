import { describe, expect, test } from 'vitest';
import { refusalCountText } from './refusal_count';

describe('refusalCountText', () => {
  test('an anonymous flood is one row with its count', () => {
    expect(refusalCountText({ actorId: null, refusalCount: 2651 })).toBe('匿名请求被拒绝 2651 次');
  });
  test('a signed-in caller rate-limited many times', () => {
    expect(refusalCountText({ actorId: 'a3f1c2d4-0000-4000-8000-000000000001', refusalCount: 40 })).toBe('请求被拒绝 40 次');
  });
  test('a single refusal, or a row that is not counted, shows nothing extra', () => {
    expect(refusalCountText({ actorId: null, refusalCount: 1 })).toBeNull();
    expect(refusalCountText({ actorId: null, refusalCount: null })).toBeNull();
  });
});
