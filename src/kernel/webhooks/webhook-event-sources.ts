import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { DomainEventMap, DomainEventName, PaymentFact } from '../events/domain-events';
import { DurableEvents } from '../events/durable-events';
import { TraderUser } from '../users/trader-user.entity';
import { TradingAccount } from '../users/trading-account.entity';
import { WebhookEventType, WebhookTrader } from './webhook-event-types';
import { WebhookOutbox } from './webhook-outbox.service';

/** What one domain event becomes on the wire: a type and the event's own fields (null: not a webhook). */
type WebhookOf<K extends DomainEventName> = (payload: DomainEventMap[K]) => { type: WebhookEventType; fields: Record<string, unknown> } | null;

const payment = (p: PaymentFact | DomainEventMap['payment.rejected'] | DomainEventMap['payment.completed']) => ({
  payment: {
    id: p.paymentId ?? null,
    kind: p.kind,
    login: p.login,
    ...('amountMinor' in p ? { amountMinor: p.amountMinor, currency: p.currency } : {}),
    ...('reason' in p ? { reason: p.reason ?? null } : {}),
  },
});

/**
 * Where webhooks come from: the modules' durable events (kernel/events), each mapped to the issue's event type.
 * The modules know nothing of webhooks; each emits its fact in its own transaction, and this area's reaction (a job
 * of the same outbox) fans it out to the broker's subscribed endpoints. The reaction's event id becomes the
 * `webhook-id` (`msg_<eventId>`), so a reaction that runs twice writes the same deliveries.
 */
@Injectable()
export class WebhookEventSources implements OnModuleInit {
  constructor(
    private readonly events: DurableEvents,
    private readonly outbox: WebhookOutbox,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.source('user.signedUp', () => ({ type: 'user.signed_up', fields: {} }));
    this.source('user.emailVerified', () => ({ type: 'user.email_verified', fields: {} }));
    this.source('user.locked', () => ({ type: 'user.locked', fields: {} }));
    this.source('user.unlocked', () => ({ type: 'user.unlocked', fields: {} }));
    this.source('user.loggedOut', (e) => ({ type: 'user.logged_out', fields: { everywhere: e.everywhere } }));
    this.source('user.accountCreated', (e) => ({ type: 'account.opened', fields: { account: { login: e.login } } }));
    this.source('payment.requested', (e) => ({ type: 'payment.requested', fields: payment(e) }));
    this.source('payment.approved', (e) => ({ type: 'payment.approved', fields: payment(e) }));
    this.source('payment.completed', (e) => ({ type: 'payment.completed', fields: payment(e) }));
    this.source('payment.rejected', (e) => ({ type: 'payment.rejected', fields: payment(e) }));
    this.source('payment.failed', (e) => ({ type: 'payment.failed', fields: payment(e) }));
    this.source('kyc.statusChanged', (e) => {
      const type = ({ pending: 'kyc.submitted', approved: 'kyc.approved', rejected: 'kyc.rejected' } as const)[e.status as 'pending'];
      return type ? { type, fields: {} } : null;
    });
    this.source('partner.statusChanged', (e) => (e.isPartner ? { type: 'partner.created', fields: {} } : null));
    this.source('partner.attributed', (e) => ({ type: 'partner.attributed', fields: { partner: { partnerId: e.partnerId }, source: e.source } }));
  }

  private source<K extends DomainEventName>(event: K, toWebhook: WebhookOf<K>): void {
    this.events.react(
      event,
      `webhooks.${event}`,
      async (payload, context) => {
        const webhook = toWebhook(payload);
        if (!webhook) return;
        await this.unitOfWork.run(async (m) => {
          const trader = await traderOf(m, payload.brokerName, payload.userId);
          await this.outbox.publishInTransaction(m, {
            brokerName: payload.brokerName,
            type: webhook.type,
            messageId: `msg_${context.eventId}`,
            occurredAt: context.occurredAt,
            data: { brokerName: payload.brokerName, ...(trader && { trader }), ...webhook.fields },
          });
        });
      },
      {
        // No job at all when no enabled endpoint of the broker subscribes to the type (most brokers have none):
        // a webhook is for facts that happen after its endpoint is subscribed.
        onlyIf: async (m, payload) => {
          const webhook = toWebhook(payload);
          return webhook !== null && (await this.outbox.hasSubscriber(m, payload.brokerName, webhook.type));
        },
      },
    );
  }
}

/** The trader by local id, cTID and trading logins (as they are when the webhook is written). */
async function traderOf(m: EntityManager, brokerName: string, userId: number): Promise<WebhookTrader | null> {
  const user = await m.getRepository(TraderUser).findOneBy({ brokerName, id: userId });
  if (!user) return null;
  const accounts = await m.getRepository(TradingAccount).find({ where: { brokerName, userId }, order: { id: 'ASC' } });
  return {
    userId,
    ctidUserId: user.ctidUserId,
    logins: accounts.map((a) => a.login).filter((l): l is number => l !== null),
  };
}
