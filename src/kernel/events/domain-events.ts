import { Injectable, Logger } from '@nestjs/common';

/**
 * The events modules react to without importing each other (ARCHITECTURE.md §1): a signup records an
 * attribution, a deposit recomputes ribbons, a cTrader logout ends client-area sessions.
 *
 * Two ways to deliver them. A reaction of one module to another goes through DurableEvents (durable-events.ts):
 * a job written in the emitter's transaction, which survives a crash. This in-process bus remains for what is not a
 * module-to-module reaction: `user.emailChanged` (no listener), and the kernel's session revocation on
 * `user.loggedOut` / `user.tokensRevoked`. Its listeners run after the emitting transaction committed, in this
 * process only; a failing listener is logged and does not fail the emitter. kernel/webhooks reacts durably to the
 * facts the broker's systems hear of (issue #21), so `user.loggedOut` is emitted on both buses.
 */
export interface DomainEventMap {
  'user.signedUp': { brokerName: string; userId: number; ctidUserId: number; partnerId?: string; attribution?: Record<string, string> };
  'user.accountCreated': { brokerName: string; userId: number; login: number };
  'user.loggedOut': { brokerName: string; userId: number; everywhere: boolean };
  'user.tokensRevoked': { brokerName: string; userId: number; reason: string };
  'user.emailChanged': { brokerName: string; userId: number };
  /** Durable (webhooks): an admin locked or unlocked the trader. (`user.loggedOut` is emitted on both buses.) */
  'user.locked': { brokerName: string; userId: number };
  'user.unlocked': { brokerName: string; userId: number };
  /** Durable (webhooks): the trader proved owning their email address (signup code, reset link, email change). */
  'user.emailVerified': { brokerName: string; userId: number };
  /** Durable (webhooks): a deposit or withdrawal request moved (requested, approved by staff or provider, failed at cTrader). */
  'payment.requested': PaymentFact;
  'payment.approved': PaymentFact;
  'payment.failed': PaymentFact & { reason: string | null };
  /** Durable (webhooks): a trader was attributed to a partner (signup link or cTrader Invite). */
  'partner.attributed': { brokerName: string; userId: number; partnerId: string; source: string };
  /** In-app actions: a deposit or withdrawal reached a final state (the balance change is committed as a job). */
  'payment.completed': {
    brokerName: string;
    userId: number;
    login: number;
    kind: 'deposit' | 'withdrawal';
    amountMinor: number;
    currency: string;
    paymentId?: string;
  };
  'payment.rejected': { brokerName: string; userId: number; login: number; kind: 'deposit' | 'withdrawal'; paymentId?: string; reason?: string | null };
  /** In-app actions: the user's KYC status changed (ribbons drop "verify", partner stats count verified traders). */
  'kyc.statusChanged': { brokerName: string; userId: number; status: 'none' | 'pending' | 'approved' | 'rejected' };
  /** Partner attribution: the user became or stopped being a partner. */
  'partner.statusChanged': { brokerName: string; userId: number; isPartner: boolean };
}

export type DomainEventName = keyof DomainEventMap;

/** What the payment events say about the request (ids and amounts only). */
export interface PaymentFact {
  brokerName: string;
  userId: number;
  login: number;
  kind: 'deposit' | 'withdrawal';
  paymentId: string;
  amountMinor: number;
  currency: string;
}
type Listener<K extends DomainEventName> = (payload: DomainEventMap[K]) => unknown;

@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');
  private readonly listeners = new Map<DomainEventName, Listener<DomainEventName>[]>();

  on<K extends DomainEventName>(name: K, listener: Listener<K>): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener as Listener<DomainEventName>]);
  }

  /** Awaits every listener (so tests and flows see the effects), isolating their failures. */
  async emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    for (const l of this.listeners.get(name) ?? []) {
      try {
        await l(payload);
      } catch (e) {
        this.logger.error({ event: name, err: (e as Error).message }, 'domain event listener failed');
      }
    }
  }
}
