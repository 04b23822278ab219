/**
 * Login throttling in the database, so that parallel requests and several app instances share it.
 * An attempt is reserved with one atomic upsert BEFORE the password is checked: the n-th reservation
 * in a window learns that it is the n-th, so at most `limit` password checks happen per window
 * however many requests arrive at once. A successful login gives its reservation back.
 */
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { loginThrottle } from '../../db/schema';

export interface ThrottleRule {
  /** Attempts allowed per window; the attempt that reaches it starts the lock. */
  readonly limit: number;
  readonly windowMinutes: number;
  readonly lockMinutes: number;
}

/** 5 wrong passwords lock the account for 15 minutes, from any address; this also bounds every account+address pair. */
export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMinutes: 15, lockMinutes: 15 };

/**
 * The soft limit per address: an office behind one NAT address with a few typos per person stays
 * far below it, a sprayer trying many accounts reaches it and waits 5 minutes.
 */
export const ADDRESS_RULE: ThrottleRule = { limit: 60, windowMinutes: 5, lockMinutes: 5 };

/** Keys are per account name whether or not the account exists, so answers never tell which exist. */
export const ACCOUNT_KEY_PREFIX = 'account:';
export const accountKey = (account: string) => `${ACCOUNT_KEY_PREFIX}${account}`;
export const addressKey = (ip: string) => `ip:${ip.slice(0, 64)}`;

export interface Reservation {
  /** This attempt's number in the current window; above the rule's limit the attempt is refused unchecked. */
  readonly attempt: number;
  readonly lockedUntil: Date | null;
}

export function refused(reservation: Reservation, rule: ThrottleRule): boolean {
  return reservation.attempt > rule.limit;
}

const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);

/** Reserves one attempt under `key` (atomic: INSERT … ON CONFLICT DO UPDATE … RETURNING). */
export async function reserveAttempt(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<Reservation> {
  const at = now.toISOString();
  const windowCutoff = minutes(now, -rule.windowMinutes).toISOString();
  const lockEnd = minutes(now, rule.lockMinutes).toISOString();
  const t = loginThrottle;
  // A row whose lock ended, or whose window passed without a lock, starts over at 1.
  const stale = sql`((${t.lockedUntil} is not null and ${t.lockedUntil} <= ${at}::timestamptz) or (${t.lockedUntil} is null and ${t.windowStart} <= ${windowCutoff}::timestamptz))`;
  const firstLock = rule.limit <= 1 ? sql`${lockEnd}::timestamptz` : sql`null::timestamptz`;
  const [row] = await db.insert(t).values({ key, failures: 1, windowStart: now, lockedUntil: rule.limit <= 1 ? minutes(now, rule.lockMinutes) : null })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${stale} then 1 else ${t.failures} + 1 end`,
        windowStart: sql`case when ${stale} then ${at}::timestamptz else ${t.windowStart} end`,
        lockedUntil: sql`case
          when ${stale} then ${firstLock}
          when ${t.lockedUntil} is null and ${t.failures} + 1 >= ${rule.limit} then ${lockEnd}::timestamptz
          else ${t.lockedUntil} end`,
      },
    })
    .returning({ attempt: t.failures, lockedUntil: t.lockedUntil });
  if (!row) throw new Error('login throttle upsert returned no row');
  return row;
}

/** A correct password from this address: its reservation no longer counts (a lock already set stays). */
export async function releaseAttempt(db: Db, key: string): Promise<void> {
  await db.update(loginThrottle).set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)` }).where(eq(loginThrottle.key, key));
}

/** The account's password was proved (or reset by an administrator): its count and lock end. */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** Drops rows whose window and lock have both passed (every rule's window is at most this long). */
export async function purgeStaleAttempts(db: Db, now: Date): Promise<void> {
  const cutoff = minutes(now, -Math.max(ACCOUNT_RULE.windowMinutes, ADDRESS_RULE.windowMinutes));
  await db.delete(loginThrottle).where(and(
    or(isNull(loginThrottle.lockedUntil), lte(loginThrottle.lockedUntil, now)),
    lte(loginThrottle.windowStart, cutoff),
  ));
}
