import type { FastifyRequest } from 'fastify';
import type { AdminPrincipal } from './admin-principal';

/**
 * How AdminAuthGuard turns a staff session cookie into a principal, without admin-access depending on the staff
 * module (which needs mail and rate limits that a minimal app may not have): StaffModule provides it under this
 * token; an app without StaffModule simply has no staff sessions.
 */
export const STAFF_SESSION_RESOLVER = 'STAFF_SESSION_RESOLVER';

export interface StaffSessionResolver {
  /** null: no such live session. complete=false: the 2FA step (or enrolment) is not done. */
  resolve(cookie: string): Promise<{ principal: AdminPrincipal; complete: boolean } | null>;
  /** Throws 403 CSRF_INVALID unless the request carries the session's CSRF token and comes from our origin. */
  verifyCsrf(request: FastifyRequest): Promise<void>;
}
