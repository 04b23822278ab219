import { describe, expect, it } from 'vitest';
import { allowedEvents } from '../workflow/machine';
import { CHECK_METHOD_KEYS, CHECK_METHOD_WORDS, CHECK_METHODS, completesWithoutCheck, DISPOSALS, isCheckMethod, keysOf, labelOf, RESULT_CATEGORIES } from './categories';
import { RESULT_TRANSITIONS, transitionResult, type InspectionResultState, type ResultEvent, type ResultStatus } from './result_states';

const result = (status: ResultStatus): InspectionResultState => ({ id: 'r1', taskId: 't1', taskObjectId: 'o1', status });
const leader = { isLeader: true };
const member = { isLeader: false };

describe('vocabularies', () => {
  it('lists the national result categories, methods and disposals in form order with Chinese labels', () => {
    expect(Object.values(RESULT_CATEGORIES)).toHaveLength(13);
    expect(keysOf(RESULT_CATEGORIES)[0]).toBe('no_problem');
    expect(RESULT_CATEGORIES.unreachable).toBe('通过登记的住所（经营场所）无法联系');
    expect(Object.values(CHECK_METHODS)).toEqual(['实地核查', '书面检查', '网络监测', '抽样检测', '委托专业机构', '采用其他部门结论']);
    expect(Object.values(DISPOSALS)).toEqual(['无需后续处置', '责令改正', '行政指导', '行政处罚', '行政强制', '移送']);
    expect(labelOf(DISPOSALS, 'penalty')).toBe('行政处罚');
    expect(labelOf(DISPOSALS, 'old_value')).toBe('old_value');
    expect(labelOf(DISPOSALS, null)).toBeNull();
  });

  it('has one 检查方式 vocabulary for checklists and results, without the checklists\' former keys', () => {
    expect(CHECK_METHOD_KEYS).toEqual(['on_site', 'documents', 'online', 'sampling', 'agency', 'other_department']);
    expect(CHECK_METHOD_WORDS).toBe('实地核查、书面检查、网络监测、抽样检测、委托专业机构、采用其他部门结论');
    expect(['documents', 'agency', 'other_department'].every(isCheckMethod)).toBe(true);
    expect(['document', 'third_party', 'phone', 'toString', 'constructor'].some(isCheckMethod)).toBe(false);
  });

  it('completes unreachable, closed, non-cooperating, 注销, 吊销, 撤销 and 迁出 objects without a substantive check (威海第8条, 长春第18条)', () => {
    const without = keysOf(RESULT_CATEGORIES).filter(completesWithoutCheck);
    expect(without).toEqual(['unreachable', 'closed', 'uncooperative', 'deregistered', 'revoked', 'cancelled', 'moved_out']);
  });
});

describe('transitionResult', () => {
  it('moves 草稿 → 待审核 → 已通过 → 已公示, recording each change', () => {
    const submitted = transitionResult(result('draft'), { type: 'submit' }, leader);
    expect(submitted).toMatchObject({ ok: true, value: { status: 'submitted', events: [{ type: 'InspectionResultStatusChanged', from: 'draft', to: 'submitted', event: 'submit' }] } });
    expect(transitionResult(result('submitted'), { type: 'approve' }, member)).toMatchObject({ ok: true, value: { status: 'approved' } });
    expect(transitionResult(result('approved'), { type: 'publish' }, member)).toMatchObject({ ok: true, value: { status: 'published' } });
  });

  it('returns with comments, and the leader saves and submits the returned result again', () => {
    const returned = transitionResult(result('submitted'), { type: 'return', comments: '  照片不清晰 ' }, member);
    expect(returned).toMatchObject({ ok: true, value: { status: 'returned', events: [{ reason: '照片不清晰', to: 'returned' }] } });
    expect(transitionResult(result('returned'), { type: 'save' }, leader)).toEqual({ ok: true, value: { status: 'returned', events: [] } });
    expect(transitionResult(result('returned'), { type: 'submit' }, leader)).toMatchObject({ ok: true, value: { status: 'submitted' } });
  });

  it('refuses a return without comments (400)', () => {
    for (const comments of ['', '   ']) {
      expect(transitionResult(result('submitted'), { type: 'return', comments }, member)).toEqual({
        ok: false, error: { kind: 'invalid', code: 'RETURN_COMMENTS_REQUIRED', message: '退回时须填写退回意见（comments）' },
      });
    }
  });

  it('lets only the team leader save or submit (谁检查、谁录入)', () => {
    for (const type of ['save', 'submit'] as const) {
      expect(transitionResult(result('draft'), { type }, member)).toMatchObject({ ok: false, error: { kind: 'not_permitted', code: 'RESULT_LEADER_ONLY' } });
    }
  });

  it('answers every event a status does not accept as an illegal transition (409), and nothing leaves 已公示', () => {
    const events: ResultEvent[] = [{ type: 'save' }, { type: 'submit' }, { type: 'return', comments: '意见' }, { type: 'approve' }, { type: 'publish' }];
    expect(allowedEvents(RESULT_TRANSITIONS, 'published')).toEqual([]);
    for (const status of Object.keys(RESULT_TRANSITIONS) as ResultStatus[]) {
      for (const event of events) {
        const outcome = transitionResult(result(status), event, leader);
        const allowed = allowedEvents(RESULT_TRANSITIONS, status).includes(event.type);
        expect(outcome.ok, `${status} + ${event.type}`).toBe(allowed);
        if (!outcome.ok) expect(outcome.error.kind).toBe('illegal_transition');
      }
    }
    expect(transitionResult(result('published'), { type: 'submit' }, leader)).toMatchObject({
      ok: false, error: { code: 'RESULT_ILLEGAL_TRANSITION', message: '检查结果当前为“已公示”，不能提交审核' },
    });
  });
});
