import { describe, expect, it } from 'vitest';
import { toHex } from '../draw/encoding';
import { chooseReplacement, disqualification, replacementTicket, replaceRecusedMembers, type ReplacementInput } from './replace';
import type { Inspector } from './types';

const person = (id: string, over: Partial<Inspector> = {}): Inspector => ({
  id, dept: '市场监管局', region: '220100', expertise: [], certificateValidUntil: '2027-12-31', onDuty: true, conflicts: [], history: [], ...over,
});

const base: ReplacementInput = {
  seedMatch: new Uint8Array(32).fill(7), seq: 1, objectId: '42', dept: '市场监管局', inspectionDate: '2026-12-10', recusalYears: 2,
  maxObjectsPerInspector: 2, excluded: new Set(['甲', '乙']), loads: new Map([['丙', 2]]),
  candidates: [
    person('甲'), person('乙'), person('丙'), person('丁'), person('戊'), person('己', { onDuty: false }), person('庚', { certificateValidUntil: '2026-12-01' }),
    person('辛', { conflicts: ['42'] }), person('壬', { history: [{ entityId: '42', date: '2025-06-01' }] }), person('癸', { dept: '生态环境局' }),
  ],
};

describe('engine replacement of an inspector', () => {
  it('names why each candidate is not qualified', () => {
    const reasons = Object.fromEntries(base.candidates.map((i) => [i.id, disqualification(base, i) ?? '合格']));
    expect(reasons).toEqual({
      甲: '已在检查组中或为被替换人员', 乙: '已在检查组中或为被替换人员', 丙: '已达任务上限', 丁: '合格', 戊: '合格', 己: '不在岗',
      庚: '执法证在检查日无效', 辛: '申报了利害关系须回避', 壬: '2 年内检查过该主体须回避', 癸: '不属于该部门',
    });
  });

  it('chooses among the qualified only, reproducibly, and the choice depends on the sequence number', () => {
    const first = chooseReplacement(base);
    expect(first.ok && first.value.qualified).toBe(2);
    expect(chooseReplacement(base)).toEqual(first);
    expect(chooseReplacement({ ...base, candidates: [...base.candidates].reverse() })).toEqual(first);
    const chosen = new Set<string>();
    for (let seq = 1; seq <= 12; seq++) {
      const r = chooseReplacement({ ...base, seq });
      if (r.ok) chosen.add(r.value.inspectorId);
    }
    expect([...chosen].sort()).toEqual(['丁', '戊']);
  });

  it('says why when nobody qualifies', () => {
    const r = chooseReplacement({ ...base, candidates: base.candidates.filter((i) => i.id !== '丁' && i.id !== '戊') });
    expect(r).toEqual({ ok: false, error: { message: '本部门名录共 7 名检查人员，没有符合条件（在岗、执法证有效、无回避、未达任务上限、不在本检查组）的人员可以替换' } });
    expect(chooseReplacement({ ...base, seq: 0 }).ok).toBe(false);
  });
});

describe('a team moving to a reserve entity (检查对象替补后的回避)', () => {
  const moved = {
    seedMatch: base.seedMatch, seq: 3, objectId: '42', inspectionDate: '2026-12-10', recusalYears: 2, maxObjectsPerInspector: 2,
    members: [{ memberId: 'm1', inspectorId: '辛', dept: '市场监管局' }, { memberId: 'm2', inspectorId: '丁', dept: '市场监管局' }, { memberId: 'm3', inspectorId: '壬', dept: '市场监管局' }],
    loads: new Map([['丙', 2]]),
    candidates: base.candidates,
  };

  it('keeps a team without recusal as it is', () => {
    expect(replaceRecusedMembers({ ...moved, members: [{ memberId: 'm2', inspectorId: '丁', dept: '市场监管局' }] })).toEqual({ ok: true, value: [] });
  });

  it('replaces each recused member by the engine, never by another team member or twice by the same person', () => {
    const r = replaceRecusedMembers(moved);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((x) => [x.memberId, x.ground])).toEqual([['m1', '申报了利害关系须回避'], ['m3', '2 年内检查过该主体须回避']]);
    const chosen = r.value.map((x) => x.choice.inspectorId);
    expect(new Set(chosen).size).toBe(2);
    for (const id of chosen) expect(['甲', '乙', '戊']).toContain(id);
    expect(r.value[0]?.choice.ticket).toBe(toHex(replacementTicket(base.seedMatch, 3, '42', chosen[0] ?? '')));
    expect(replaceRecusedMembers(moved)).toEqual(r);
  });

  it('changes nothing and names the member when no qualified replacement is left', () => {
    const r = replaceRecusedMembers({ ...moved, candidates: base.candidates.filter((i) => !['甲', '乙', '戊'].includes(i.id)) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^检查组成员（辛）对替补对象申报了利害关系须回避，且无法替换：本部门名录共 \d+ 名检查人员/);
  });
});
