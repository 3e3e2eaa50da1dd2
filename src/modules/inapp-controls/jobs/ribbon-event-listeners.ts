import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../../kernel/clock';
import { DurableEvents } from '../../../kernel/events';
import { RibbonSync } from '../services/ribbon-sync.service';
import { FactChange, RibbonUserFactStore } from '../services/ribbon-user-fact-store.service';

/**
 * User events recompute that user's rule set (flows §2.3: signup, deposit, KYC …). Facts owned by other modules
 * (deposits, KYC, partner status) arrive only here, as durable event reactions (kernel DurableEvents: a job written
 * in the emitter's transaction, run after its commit or by any instance's worker after a crash), and are kept in
 * `ribbon_user_fact`.
 *
 * Idempotent, as every reaction must be (at-least-once delivery): the facts are recorded with the event's own time —
 * the first deposit is kept (COALESCE), activity only moves forward, a KYC or partner status only replaces one from
 * an older event — and the recompute derives the rule set from the facts, so running a reaction twice, or an older
 * one after a newer one, changes nothing.
 */
@Injectable()
export class RibbonEventListeners implements OnModuleInit {
  private readonly logger = new Logger('RibbonEvents');

  constructor(
    private readonly events: DurableEvents,
    private readonly facts: RibbonUserFactStore,
    private readonly sync: RibbonSync,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // No job for a broker without ribbons (changed() would return at once). Facts are kept for every ribbon broker,
    // campaign or not: a campaign created later segments on them.
    const onlyIf = { onlyIf: (_m: unknown, e: { brokerName: string }) => Promise.resolve(this.sync.isRibbonBroker(e.brokerName)) };
    this.events.react('user.signedUp', 'ribbons.userSignedUp', (e, c) => this.changed(e.brokerName, e.userId, {}, c.occurredAt), onlyIf);
    this.events.react('user.accountCreated', 'ribbons.accountCreated', (e, c) => this.changed(e.brokerName, e.userId, {}, c.occurredAt), onlyIf);
    this.events.react(
      'payment.completed',
      'ribbons.paymentCompleted',
      (e, c) => this.changed(e.brokerName, e.userId, e.kind === 'deposit' ? { depositAt: c.occurredAt } : {}, c.occurredAt),
      onlyIf,
    );
    this.events.react(
      'kyc.statusChanged',
      'ribbons.kycStatusChanged',
      (e, c) => this.changed(e.brokerName, e.userId, { kycStatus: e.status }, c.occurredAt),
      onlyIf,
    );
    this.events.react(
      'partner.statusChanged',
      'ribbons.partnerStatusChanged',
      (e, c) => this.changed(e.brokerName, e.userId, { isPartner: e.isPartner }, c.occurredAt),
      onlyIf,
    );
  }

  private async changed(brokerName: string, userId: number, change: FactChange, occurredAt: number): Promise<void> {
    if (!this.sync.isRibbonBroker(brokerName)) return;
    await this.facts.record(brokerName, userId, { ...change, activityAt: occurredAt, occurredAt }, this.clock.now());
    const summary = await this.sync.recomputeUsers(brokerName, [userId]);
    if (summary.changed) this.logger.debug({ brokerName, userId }, 'ribbon rule set recomputed after a user event');
  }
}
