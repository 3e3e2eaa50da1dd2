/**
 * Who may do what in the back office (issue #19). A person or an API key holds roles per broker (or `*` for every
 * broker of the deployment); every admin route names ONE permission; a role is the set of permissions below.
 * Every role includes `read` (viewing is never the thing a role withholds).
 */
export const ADMIN_ROLES = ['viewer', 'support', 'payments', 'compliance', 'marketing', 'partners', 'admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const ADMIN_PERMISSIONS = [
  /** Any GET of the admin API. */
  'read',
  /** Traders: lock, unlock, revoke tokens, resend emails. */
  'traders.support',
  /** Approve, reject and reconcile payments. */
  'payments.decide',
  /** KYC review. */
  'kyc.review',
  /** Ribbons: create, edit, recompute. */
  'ribbons.manage',
  /** Partners: create, move, remove, links. */
  'partners.manage',
  /** Staff, API keys, job retry/cancel, configuration. */
  'admin.manage',
] as const;
export type AdminPermission = (typeof ADMIN_PERMISSIONS)[number];

/** The matrix of the issue. `admin` may do everything (it also configures the brokers whose queues it owns). */
export const ROLE_PERMISSIONS: Readonly<Record<AdminRole, readonly AdminPermission[]>> = {
  viewer: ['read'],
  support: ['read', 'traders.support'],
  payments: ['read', 'payments.decide'],
  compliance: ['read', 'kyc.review'],
  marketing: ['read', 'ribbons.manage'],
  partners: ['read', 'partners.manage'],
  admin: ADMIN_PERMISSIONS,
};

export function roleAllows(role: AdminRole, permission: AdminPermission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** One role on one broker (`*` = every broker). */
export interface AdminGrant {
  broker: string;
  role: AdminRole;
}

/** The API keys of before #19 had read/write: write keys become admin, read keys viewer (migration 1795301300000). */
export function roleOfLegacyKey(role: AdminRole | 'read' | 'write'): AdminRole;
export function roleOfLegacyKey(role: string): AdminRole;
export function roleOfLegacyKey(role: string): AdminRole {
  if (role === 'write') return 'admin';
  if (role === 'read') return 'viewer';
  return role as AdminRole;
}
