import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionLabel, errorCodeLabel, targetTypeLabel } from '../../domain/labels/codes';

/** Scans server/ (not its tests) so that no code can be added without a Chinese name in domain/labels/codes.ts. */
const SERVER = join(import.meta.dirname, '..');

function serverSources(dir = SERVER): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : serverSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function found(pattern: RegExp): string[] {
  const all = serverSources().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => m[1] ?? ''));
  return [...new Set(all)].sort();
}

describe('every code the server can show has a Chinese name', () => {
  it('error codes: AppError, badRequest, conflict, {code} bodies, framework refusals, recorded error codes', () => {
    const codes = found(/(?:new AppError\(\s*\d+,\s*|(?:badRequest|conflict)\(\s*|\bcode: |\[\d{3}, |errorCode\b[^\n,;]*?)'([A-Z][A-Z0-9_]+)'/g);
    expect(codes).toContain('ENTITY_CODE_TAKEN');
    expect(codes).toContain('RATE_LIMITED');
    expect(codes).toContain('NOT_RECORDED_IN_TRANSACTION');
    expect(codes.filter((code) => errorCodeLabel(code).startsWith('其他')), 'give each a Chinese name in ERROR_CODE_LABELS (domain/labels/codes.ts)').toEqual([]);
  });

  it('operation-log object types', () => {
    const types = found(/(?:record\.target\(\s*|targetType: )'([a-z_]+)'/g);
    expect(types).toEqual(expect.arrayContaining(['checklist', 'entity_tag', 'directory_confirmation', 'import_job']));
    expect(types.filter((type) => targetTypeLabel(type).startsWith('其他')), 'give each a Chinese name in TARGET_TYPE_LABELS (domain/labels/codes.ts)').toEqual([]);
  });

  it('actions recorded outside a route permission', () => {
    const actions = found(/\baction: '([a-z-]+(?::[a-z-]+)+)'/g);
    expect(actions).toEqual(expect.arrayContaining(['auth:login', 'auth:logout', 'system:import-recovery']));
    expect(actions.filter((action) => actionLabel(action).startsWith('其他')), 'give each a Chinese name in OTHER_ACTION_LABELS (domain/labels/codes.ts)').toEqual([]);
  });
});
