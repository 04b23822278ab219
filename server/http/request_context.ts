import type { DataScope } from '../../domain/access/data_scope';
import type { Permission, RouteAccess } from '../../domain/access/permissions';
import type { Actor } from '../audit/chain';

export interface AuthContext {
  readonly user: Actor & { readonly account: string; readonly departmentName: string | null; readonly regionName: string | null };
  readonly permissions: ReadonlySet<Permission>;
  readonly roles: readonly { readonly key: string; readonly name: string }[];
  readonly scope: DataScope;
  readonly sessionTokenHash: string;
  readonly csrfToken: string;
  readonly mustChangePassword: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /api route: the permission it needs, or 'public' / 'authenticated'. */
    access?: RouteAccess;
    /** Chinese summary of a state-changing route, written to the operation log (e.g. 新增用户). */
    summary?: string;
    /** Allowed while the user must still change the password (login, logout, me, change password). */
    allowDuringPasswordChange?: boolean;
    /**
     * The operation log keeps the route's pattern instead of the URL, and no IP address: for a route whose URL or caller
     * would name what must stay anonymous (the satisfaction evaluation, issue #11 item 3).
     */
    anonymousLog?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    /** Set once the handler wrote its operation-log row inside its transaction. */
    operationRecorded: boolean;
  }
}
