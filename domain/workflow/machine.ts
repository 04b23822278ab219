import { err, type Err } from '../basics/result';

/**
 * Shared shapes of the plan, task and draw state machines (issue #9 item 10). Each machine is a pure
 * transition function `(state, event, actor facts) → Result<newState, WorkflowError>` plus an exported
 * table of allowed (status, event) pairs for docs and the UI.
 *
 * Failures carry a `kind` the server maps to its HTTP status: `illegal_transition` → 409 (the record's
 * state forbids the event), `not_permitted` → 403 (this user may not act on this step), `invalid` → 400
 * (a required fact is missing, e.g. the comments of a return).
 */
export type WorkflowErrorKind = 'illegal_transition' | 'not_permitted' | 'invalid';

export interface WorkflowError {
  readonly kind: WorkflowErrorKind;
  readonly code: string;
  readonly message: string;
}

/** Who acts: the user, their department and region, and the keys of the roles they hold. */
export interface ActorFacts {
  readonly userId: string;
  readonly departmentId: string | null;
  readonly regionCode: string | null;
  readonly roleKeys: readonly string[];
}

/** A machine's table: for each status, the events it accepts and the status each leads to. */
export type TransitionTable<S extends string, E extends string> = Readonly<Record<S, Readonly<Partial<Record<E, S | readonly S[]>>>>>;

/** The events a status accepts, in table order (for the UI's buttons). */
export function allowedEvents<S extends string, E extends string>(table: TransitionTable<S, E>, status: S): E[] {
  return Object.keys(table[status]) as E[];
}

export function isAllowed<S extends string, E extends string>(table: TransitionTable<S, E>, status: S, event: E): boolean {
  return Object.hasOwn(table[status], event);
}

/** The 409 answer to an event the record's status does not accept, naming both in Chinese. */
export function illegalTransition(code: string, what: string, statusLabel: string, eventLabel: string): Err<WorkflowError> {
  return err({ kind: 'illegal_transition', code, message: `${what}当前为“${statusLabel}”，不能${eventLabel}` });
}

export function notPermitted(code: string, message: string): Err<WorkflowError> {
  return err({ kind: 'not_permitted', code, message });
}

export function invalid(code: string, message: string): Err<WorkflowError> {
  return err({ kind: 'invalid', code, message });
}

/** A required free-text fact (reason, comments): present after trimming. */
export function hasText(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
