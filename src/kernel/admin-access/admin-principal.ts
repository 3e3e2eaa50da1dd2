import { AdminGrant, AdminPermission, roleAllows } from './admin-roles';

/**
 * Who is calling the admin API: an API key (a machine, or a person's key when it names its owner) or a staff member
 * logged in with a session cookie. The audit log names them by `actor` (`admin:<keyId>` or `staff:<id>`) and
 * `name`.
 */
export interface AdminPrincipal {
  actorType: 'key' | 'staff';
  /** The key's id or the staff member's id. */
  actorId: string;
  /** What the audit log stores as the actor: `admin:<keyId>` (keys, as before #19) or `staff:<staffId>`. */
  actor: string;
  /** Shown in the audit log next to the actor: the key's name or the person's email. */
  name: string;
  /**
   * The person behind the call, for four-eyes: a staff id (a session, or a key issued to that person). Null for a
   * machine key: it cannot give a four-eyes approval.
   */
  personId: string | null;
  /** That person's email (lower-cased), so that no one approves their own request as a trader; null for a machine. */
  personEmail: string | null;
  grants: AdminGrant[];
  /** The brokers where the route's permission holds ('*' = every broker); narrowed by the guard per route. */
  brokers: string[] | '*';
}

/** The brokers (or '*') where the grants give `permission`. */
export function brokersWith(grants: readonly AdminGrant[], permission: AdminPermission): string[] | '*' {
  const allowed = grants.filter((g) => roleAllows(g.role, permission));
  if (allowed.some((g) => g.broker === '*')) return '*';
  return [...new Set(allowed.map((g) => g.broker))];
}

export function mayAdminister(principal: AdminPrincipal, brokerName: string): boolean {
  return principal.brokers === '*' || principal.brokers.includes(brokerName);
}
