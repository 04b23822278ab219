import { describe, expect, it } from 'vitest';
import { field, taggedHash, toHex } from '../draw/encoding';
import { hashInspectorPool, matchInspectors, matchSeed } from './match';
import type { Inspector, MatchObject, MatchRules } from './types';
import { parseMatchRecord, verifyMatchRecord } from './verify';

const drawSeed = taggedHash('test/verify-match', [field('seed')]);
const rules: MatchRules = { inspectionDate: '2025-06-01', teamSize: 2, maxObjectsPerInspector: 5, recusalYears: 0, sameRegion: false };
const objects: MatchObject[] = [{ id: 'A', leadDept: '市场监管局', participatingDepts: [], expertise: [] }];
const inspectors: Inspector[] = ['甲', '乙', '丙'].map((id) => ({ id, dept: '市场监管局', region: 'R', expertise: [], certificateValidUntil: '2026-01-01', onDuty: true, conflicts: [], history: [] }));

function record(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const r = matchInspectors(objects, inspectors, rules, matchSeed(drawSeed));
  if (!r.ok) throw new Error('fixture');
  return {
    drawSeed: toHex(drawSeed), seedMatch: toHex(matchSeed(drawSeed)), objects, inspectors, rules,
    inspectorPoolHash: hashInspectorPool(inspectors, rules), expect: { result: 'TEAMS', teams: r.value.teams, loads: r.value.loads }, ...extra,
  };
}

describe('parseMatchRecord', () => {
  it.each([
    ['not an object', [], undefined],
    ['drawSeed missing', record({ drawSeed: 1 }), 'drawSeed'],
    ['objects not a list', record({ objects: {} }), 'objects'],
    ['object without leadDept', record({ objects: [{ id: 'A' }] }), 'objects[0]'],
    ['object with participatingDepts of numbers', record({ objects: [{ id: 'A', leadDept: 'x', participatingDepts: [1], expertise: [] }] }), 'objects[0]'],
    ['object with bad expertise', record({ objects: [{ id: 'A', leadDept: 'x', participatingDepts: [], expertise: ['特种设备'] }] }), 'objects[0]'],
    ['object with a numeric region', record({ objects: [{ id: 'A', leadDept: 'x', participatingDepts: [], expertise: [], region: 220104 }] }), 'objects[0]'],
    ['inspectors not a list', record({ inspectors: 'x' }), 'inspectors'],
    ['inspector not an object', record({ inspectors: ['甲'] }), 'inspectors[0]'],
    ['inspector with onDuty as text', record({ inspectors: [{ ...inspectors[0], onDuty: 'true' }] }), 'inspectors[0]'],
    ['inspector with conflicts as text', record({ inspectors: [{ ...inspectors[0], conflicts: 'A' }] }), 'inspectors[0]'],
    ['inspector with bad history', record({ inspectors: [{ ...inspectors[0], history: [{ entityId: 'A' }] }] }), 'inspectors[0]'],
    ['inspector with maxObjects as text', record({ inspectors: [{ ...inspectors[0], maxObjects: '2' }] }), 'inspectors[0]'],
    ['object with quotas of text', record({ objects: [{ id: 'A', leadDept: 'x', participatingDepts: [], expertise: [], quotas: [{ dept: 'x', members: '2' }] }] }), 'objects[0]'],
    ['object with appointed numbers', record({ objects: [{ id: 'A', leadDept: 'x', participatingDepts: [], expertise: [], appointed: [1] }] }), 'objects[0]'],
    ['experts not a list', record({ experts: {} }), 'experts'],
    ['expert with available as text', record({ experts: [{ id: 'x', dept: 'd', available: 'true', conflicts: [] }] }), 'experts[0]'],
    ['expertsPerObject as text', record({ rules: { ...rules, expertsPerObject: '1' } }), 'rules'],
    ['rules incomplete', record({ rules: { inspectionDate: '2025-06-01' } }), 'rules'],
    ['unknown result', record({ expect: { result: 'OK' } }), 'expect.result'],
    ['infeasible without departments', record({ expect: { result: 'INFEASIBLE' } }), 'expect.depts'],
  ])('refuses a record with %s', (_label, value, path) => {
    const r = parseMatchRecord(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'RECORD_MALFORMED', ...(path ? { path } : {}) });
  });
});

describe('verifyMatchRecord', () => {
  const verify = (value: Record<string, unknown>) => {
    const parsed = parseMatchRecord(value);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return verifyMatchRecord(parsed.value);
  };

  it('says MATCH for a faithful record and lists what it checked', () => {
    const r = verify(record());
    expect(r.ok && r.value.checked).toHaveLength(3);
  });

  it('names the first differing path', () => {
    const faithful = record();
    const teams = structuredClone((faithful.expect as { teams: { members: { inspectorId: string }[] }[] }).teams);
    const member = teams[0]?.members[1];
    if (member) member.inspectorId = '丁';
    const r = verify({ ...faithful, expect: { ...(faithful.expect as object), teams } });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'OUTCOME_MISMATCH', path: 'expect.teams[0].members[1].inspectorId' });
  });

  it('checks an infeasible outcome and an invalid input by their kind', () => {
    const alone = [inspectors[0] as Inspector];
    const infeasible = { ...record(), inspectors: alone, inspectorPoolHash: hashInspectorPool(alone, rules), expect: { result: 'INFEASIBLE', depts: ['市场监管局'] } };
    expect(verify(infeasible).ok).toBe(true);
    const badRules = { ...rules, teamSize: 1 };
    const invalid = { ...record(), rules: badRules, inspectorPoolHash: hashInspectorPool(inspectors, badRules), expect: { result: 'INVALID_INPUT' } };
    expect(verify(invalid).ok).toBe(true);
    const r = verify({ ...invalid, expect: { result: 'INFEASIBLE', depts: [] } });
    expect(r.ok ? null : r.error.message).toContain('输入不合规则');
  });

  it('refuses a seed of the wrong length', () => {
    const r = verify(record({ drawSeed: 'abcd' }));
    expect(r.ok ? null : r.error).toMatchObject({ code: 'RECORD_MALFORMED', path: 'drawSeed' });
  });
});
