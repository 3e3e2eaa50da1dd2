import type { FastifyRequest } from 'fastify';
import type { AdminPrincipal } from '../admin-access/admin-principal';
import type { AdminPermission } from '../admin-access/admin-roles';
import type { StaffSessionView } from '../admin-access/staff/staff.service';
import type { BrokerContext } from '../broker-identification/broker-context';

/** What a back-office page knows about who is looking (set by BackOfficeGuard; `@BackOffice()` in a handler). */
export interface BackOfficeSession {
  view: StaffSessionView;
  /** The person as the admin services see them (actor `staff:<id>`); `brokers` narrowed to the page's permission. */
  principal: AdminPrincipal;
  permission: AdminPermission;
  /** The broker of a `/back-office/brokers/:brokerName/…` page, checked (exists, permitted, module on). */
  broker?: BrokerContext;
  /** Every broker the person may see (`read`), in configuration order: the dashboard rows, the broker selector. */
  visibleBrokers: BrokerContext[];
}

export type BackOfficeRequest = FastifyRequest & {
  backOffice?: BackOfficeSession;
  /** A public page (login, 2FA…) with a staff cookie: its session in any stage. */
  backOfficeView?: StaffSessionView | null;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  id: string;
};

/** Thrown by the guard (or a handler) to answer 303 See Other to an app-relative back-office URL. */
export class BackOfficeRedirect extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`);
  }
}
