import { AdminRole } from './admin-api-key.entity';

/** Who is calling the admin API: one key, its role and the brokers it may administer ('*' = all). */
export interface AdminPrincipal {
  keyId: string;
  name: string;
  role: AdminRole;
  brokers: string[] | '*';
}

export function mayAdminister(principal: AdminPrincipal, brokerName: string): boolean {
  return principal.brokers === '*' || principal.brokers.includes(brokerName);
}
