import { describe, expect, test } from 'vitest';
import { buildQuery } from './client';

describe('buildQuery', () => {
  test('leaves out empty values and encodes the rest', () => {
    expect(buildQuery({ name: '张 三', status: '', departmentId: undefined, page: 2, parentCode: null, locked: false })).toBe('?name=%E5%BC%A0+%E4%B8%89&page=2&locked=false');
  });
  test('nothing to send gives an empty string', () => {
    expect(buildQuery(undefined)).toBe('');
    expect(buildQuery({ keyword: '' })).toBe('');
  });
});
