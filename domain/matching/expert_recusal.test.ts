/** Experts' 回避 in the engine (decision 0011 addendum): history like inspectors', the pool hash stable without it, replacement. */
import { describe, expect, it } from 'vitest';
import { matchInspectors, matchSeed } from './match';
import { chooseExpertReplacement, type ExpertReplacementInput } from './replace';
import { hashInspectorPool } from './rules';
import type { Expert, Inspector, MatchObject, MatchRules } from './types';
import { parseMatchRecord, outcomeOf, verifyMatchRecord } from './verify';
import { toHex } from '../draw/encoding';

const DEPT = '市场监管局';
const inspector = (id: string): Inspector => ({ id, dept: DEPT, region: 'R', expertise: [], certificateValidUntil: '2030-01-01', onDuty: true, conflicts: [], history: [] });
const objects: MatchObject[] = ['O1', 'O2'].map((id) => ({ id, leadDept: DEPT, participatingDepts: [], expertise: [] }));
const rules: MatchRules = { inspectionDate: '2026-06-01', teamSize: 2, maxObjectsPerInspector: 5, recusalYears: 2, sameRegion: false, expertsPerObject: 1 };
const inspectors = ['甲', '乙'].map(inspector);

describe('experts’ recent inspections', () => {
  it('keep an expert off the entity within recusalYears only, for every seed', () => {
    const experts: Expert[] = [
      { id: 'X1', dept: DEPT, available: true, conflicts: [], history: [{ entityId: 'O1', date: '2025-01-01' }] },
      { id: 'X2', dept: DEPT, available: true, conflicts: [], history: [{ entityId: 'O2', date: '2020-01-01' }] },
    ];
    for (let k = 0; k < 20; k++) {
      const r = matchInspectors(objects, inspectors, rules, matchSeed(new Uint8Array(32).fill(k)), experts);
      if (!r.ok) throw new Error(r.error.message);
      const on = Object.fromEntries(r.value.teams.map((t) => [t.objectId, t.members.filter((m) => m.role === 'expert').map((m) => m.inspectorId)]));
      expect(on['O1']).toEqual(['X2']);
    }
    const none = matchInspectors(objects, inspectors, rules, matchSeed(new Uint8Array(32)), [experts[0]!]);
    expect(none.ok).toBe(false);
    expect(!none.ok && none.error.code).toBe('INFEASIBLE');
    const open = matchInspectors(objects, inspectors, { ...rules, recusalYears: 0 }, matchSeed(new Uint8Array(32)), [experts[0]!]);
    expect(open.ok).toBe(true);
  });

  it('enter the pool hash only when present and non-empty, so earlier records keep their hash; a record with them verifies', () => {
    const plain: Expert = { id: 'X1', dept: DEPT, available: true, conflicts: ['O2'] };
    const base = hashInspectorPool(inspectors, rules, [plain]);
    expect(hashInspectorPool(inspectors, rules, [{ ...plain, history: [] }])).toBe(base);
    const withHistory = { ...plain, history: [{ entityId: 'O1', date: '2019-01-01' }] };
    expect(hashInspectorPool(inspectors, rules, [withHistory])).not.toBe(base);
    const drawSeed = new Uint8Array(32).fill(3);
    const experts = [withHistory, { id: 'X2', dept: DEPT, available: true, conflicts: [] }];
    const seed = matchSeed(drawSeed);
    const record = {
      drawSeed: toHex(drawSeed), seedMatch: toHex(seed), objects, inspectors, experts, rules,
      inspectorPoolHash: hashInspectorPool(inspectors, rules, experts), expect: outcomeOf(matchInspectors(objects, inspectors, rules, seed, experts)),
    };
    const parsed = parseMatchRecord(JSON.parse(JSON.stringify(record)));
    expect(parsed.ok && verifyMatchRecord(parsed.value).ok).toBe(true);
    const tampered = parseMatchRecord(JSON.parse(JSON.stringify({ ...record, experts: [plain, experts[1]] })));
    expect(tampered.ok && verifyMatchRecord(tampered.value)).toMatchObject({ ok: false, error: { code: 'POOL_HASH_MISMATCH' } });
    expect(parseMatchRecord({ ...record, experts: [{ ...plain, history: 'x' }] })).toMatchObject({ ok: false, error: { code: 'RECORD_MALFORMED' } });
  });
});

describe('engine replacement of an expert', () => {
  const input: ExpertReplacementInput = {
    seedMatch: new Uint8Array(32).fill(9), seq: 3, objectId: 'O1', inspectionDate: '2026-06-01', recusalYears: 2, maxObjectsPerInspector: 2,
    excluded: new Set(['X1']), loads: new Map([['X5', 2]]),
    candidates: [
      { id: 'X1', dept: DEPT, available: true, conflicts: [] },
      { id: 'X2', dept: DEPT, available: false, conflicts: [] },
      { id: 'X3', dept: DEPT, available: true, conflicts: ['O1'] },
      { id: 'X4', dept: '生态环境局', available: true, conflicts: [], history: [{ entityId: 'O1', date: '2025-06-01' }] },
      { id: 'X5', dept: DEPT, available: true, conflicts: [] },
      { id: 'X6', dept: '生态环境局', available: true, conflicts: [], history: [{ entityId: 'O1', date: '2023-06-01' }] },
    ],
  };

  it('chooses among the whole 专家库, only the qualified, reproducibly', () => {
    const r = chooseExpertReplacement(input);
    expect(r).toMatchObject({ ok: true, value: { inspectorId: 'X6', qualified: 1 } });
    expect(chooseExpertReplacement(input)).toEqual(r);
  });

  it('says why when none qualifies', () => {
    const r = chooseExpertReplacement({ ...input, excluded: new Set(['X1', 'X6']) });
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('专家库共 6 名专家') as unknown } });
    expect(chooseExpertReplacement({ ...input, seq: 0 }).ok).toBe(false);
  });
});
