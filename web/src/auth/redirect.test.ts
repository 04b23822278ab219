import { describe, expect, test } from 'vitest';
import { loginPathFor, safeRedirect } from './redirect';

describe('loginPathFor', () => {
  test('keeps the intended page and its query', () => {
    expect(loginPathFor({ pathname: '/system/users', search: '?name=张&page=2' })).toBe(`/login?redirect=${encodeURIComponent('/system/users?name=张&page=2')}`);
  });
  test('the home page and the login page need no redirect', () => {
    expect(loginPathFor({ pathname: '/', search: '' })).toBe('/login');
    expect(loginPathFor({ pathname: '/login', search: '?redirect=%2Fx' })).toBe('/login');
  });
});

describe('safeRedirect', () => {
  test.each([
    ['/system/users?page=2', '/system/users?page=2'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?redirect=/x', '/'],
  ])('%s → %s', (raw, expected) => {
    expect(safeRedirect(raw)).toBe(expected);
  });
});
