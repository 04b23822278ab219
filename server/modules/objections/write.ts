/**
 * Filing an objection (威海第11条), shared by the entity's online filing and the staff's entry of one received at the
 * counter or by mail: against a published result only, received between the check and today, one under review per
 * result at a time; deadlines on the working-day calendar of the result's region.
 */
import type { DateOnly } from '../../../domain/calendar/civil_date';
import { objectionDue, receiptProblem, type ObjectionChannel } from '../../../domain/inspection/objection_states';
import { calendarForRegion } from '../../../domain/calendar/regional_calendar';
import type { FastifyRequest } from 'fastify';
import { objections } from '../../db/schema';
import type { AppServices } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, uniqueViolation } from '../../http/errors';
import type { Actor } from '../../audit/chain';
import type { CalendarCache } from '../calendar/cache';
import type { ResultView } from '../results/schema';

export interface Filing {
  readonly channel: ObjectionChannel;
  readonly receivedOn: DateOnly;
  readonly reason: string;
  readonly contactName: string | null;
  readonly enteredBy: string | null;
}

/** `actor` is given (null) only for the entity's own filing: no staff member acts, and the action is named for it. */
export async function fileObjection(
  request: FastifyRequest, services: AppServices, cache: CalendarCache, result: ResultView, filing: Filing, today: DateOnly, actor?: Actor | null,
): Promise<string> {
  const problem = receiptProblem(result.status, result.checkDate as DateOnly | null, filing.receivedOn, today);
  if (problem && result.status !== 'published') throw conflict('OBJECTION_RECEIPT_INVALID', `检查结果当前为“${result.statusLabel}”，${problem}`);
  if (problem) throw badRequest('OBJECTION_RECEIPT_INVALID', problem, [{ field: 'receivedOn', message: problem }]);
  const calendar = calendarForRegion((await cache.current()).set, result.regionCode);
  const due = objectionDue(filing.receivedOn, calendar);
  return runChange(request, services, async (tx, record) => {
    const [row] = await tx.insert(objections).values({
      resultId: result.id, entityId: Number(result.entityId), departmentId: result.departmentId, regionCode: result.regionCode,
      channel: filing.channel, receivedOn: filing.receivedOn, reason: filing.reason, contactName: filing.contactName,
      reviewDue: due.reviewDue, feedbackDue: due.feedbackDue, dueProvisional: due.provisional, enteredBy: filing.enteredBy, createdAt: services.now(),
    }).returning({ id: objections.id });
    if (!row) throw new Error('insert returned no row');
    record.target('objection', row.id);
    record.detail({ resultId: result.id, channel: filing.channel, receivedOn: filing.receivedOn, reviewDue: due.reviewDue });
    record.event({ type: 'ObjectionFiled', objectionId: row.id, resultId: result.id, channel: filing.channel, receivedOn: filing.receivedOn });
    return row.id;
  }, actor === undefined ? {} : { actor, action: 'entity:objection:file' }).catch((error: unknown) => {
    if (uniqueViolation(error) === 'objections_one_open_uq') throw conflict('OBJECTION_OPEN', '该检查结果已有正在复核的异议，请待复核结论作出后再提出');
    throw error;
  });
}
