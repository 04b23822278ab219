/**
 * Transitions of a 年度抽查计划 through domain transitionPlan: 提交、撤回、审核通过、退回、调整、作废.
 * Illegal → 409, not permitted → 403, invalid → 400 (actions.ts); every change inside runChange with its
 * domain events, and a row in `approvals` for submit / approve / return / withdraw. Each carries the
 * rowVersion it read: of two approvals of the same step exactly one wins.
 */
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { PlanEvent, PlanEventType } from '../../../domain/workflow/plan_states';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { errorResponses } from '../../http/errors';
import { idParams } from '../../http/fields';
import { shanghaiDate } from '../../http/today';
import { approvals, planVersions } from '../../db/schema';
import { EVENT_PERMISSION, checkTransition } from './actions';
import { planOfRow, rowOfPlan } from './domain_map';
import { PLAN_BASE, PLAN_TAGS, requireAuth } from './routes';
import { PlanDetail, ReasonInput, ReturnInput, TransitionInput } from './schema';
import { loadContent } from './store';
import { detailOf, visiblePlan } from './view';
import { checkRowVersion, writePlan } from './write';

type Body = z.infer<typeof TransitionInput> & Partial<z.infer<typeof ReturnInput>> & Partial<z.infer<typeof ReasonInput>>;

const ROUTES: readonly { type: Exclude<PlanEventType, 'edit'>; path: string; summary: string; body: typeof TransitionInput | typeof ReturnInput | typeof ReasonInput }[] = [
  { type: 'submit', path: 'submit', summary: '提交年度抽查计划审核', body: TransitionInput },
  { type: 'withdraw', path: 'withdraw', summary: '撤回审核中的年度抽查计划', body: TransitionInput },
  { type: 'approve', path: 'approve', summary: '审核通过年度抽查计划（本环节）', body: TransitionInput },
  { type: 'return', path: 'return', summary: '退回年度抽查计划', body: ReturnInput },
  { type: 'adjust', path: 'adjust', summary: '调整年度抽查计划（新版本）', body: ReasonInput },
  { type: 'void', path: 'void', summary: '作废年度抽查计划', body: ReasonInput },
];

const DECISION: Partial<Record<PlanEventType, 'submitted' | 'approved' | 'returned' | 'withdrawn'>> = {
  submit: 'submitted', approve: 'approved', return: 'returned', withdraw: 'withdrawn',
};

function eventOf(type: Exclude<PlanEventType, 'edit'>, body: Body, on: DateOnly): PlanEvent {
  switch (type) {
    case 'submit': return { type, on };
    case 'withdraw': return { type };
    case 'approve': return { type, comment: body.comment ?? null };
    case 'return': return { type, comments: body.comments ?? '' };
    case 'adjust': return { type, reason: body.reason ?? '', on };
    case 'void': return { type, reason: body.reason ?? '' };
  }
}

export function registerPlanTransitionRoutes(app: TypedApp, services: AppServices): void {
  const db = services.db;
  for (const route of ROUTES) {
    app.post(`${PLAN_BASE}/:id/${route.path}`, {
      config: { access: EVENT_PERMISSION[route.type], summary: route.summary },
      schema: { tags: PLAN_TAGS, summary: route.summary, params: idParams, body: route.body, response: { 200: PlanDetail, ...errorResponses } },
    }, async (request) => {
      const auth = requireAuth(request.auth);
      const body = request.body as Body;
      const record = await visiblePlan(db, auth, request.params.id);
      const plan = planOfRow(record);
      const today = shanghaiDate(services.now());
      const content = route.type === 'submit' ? await loadContent(db, record.id, record.version) : null;
      // A caller acting on a version others already moved gets 409 with the newer version, before any other check.
      checkRowVersion(record, body.rowVersion);
      const transition = checkTransition(plan, eventOf(route.type, body, today), auth, content);
      const next = transition.plan;
      await runChange(request, services, async (tx, log) => {
        const now = services.now();
        await writePlan(tx, record.id, body.rowVersion, { ...rowOfPlan(next), ...(route.type === 'void' ? { voidReason: body.reason ?? null } : {}) }, now);
        if (route.type === 'adjust') {
          const published = await loadContent(tx, record.id, record.version);
          await tx.insert(planVersions).values({ planId: record.id, version: next.version, content: published ?? { summary: '', tasks: [] }, reason: next.adjustment?.reason ?? null, createdBy: auth.user.id, createdAt: now });
        }
        if (next.status === 'published' && plan.status !== 'published') {
          await tx.update(planVersions).set({ publishedAt: now, publishedBy: auth.user.id }).where(and(eq(planVersions.planId, record.id), eq(planVersions.version, next.version)));
        }
        const decision = DECISION[route.type];
        if (decision) {
          const stepIndex = route.type === 'submit' ? 0 : plan.stepIndex;
          const step = plan.chain.steps[stepIndex];
          await tx.insert(approvals).values({
            recordType: 'plan', recordId: record.id, version: plan.version, stepIndex: route.type === 'withdraw' ? null : stepIndex,
            stepKey: route.type === 'withdraw' ? null : step?.key ?? null, stepLabel: route.type === 'withdraw' ? null : step?.label ?? null,
            decision, comments: route.type === 'return' ? body.comments?.trim() ?? null : body.comment?.trim() || null, actorId: auth.user.id, createdAt: now,
          });
        }
        log.target('plan', record.id);
        log.detail({ from: plan.status, to: next.status, version: next.version, step: plan.chain.steps[plan.stepIndex]?.label ?? null });
        for (const event of transition.events) log.event(event);
      });
      return detailOf(db, await visiblePlan(db, auth, record.id), auth, services.now());
    });
  }
}
