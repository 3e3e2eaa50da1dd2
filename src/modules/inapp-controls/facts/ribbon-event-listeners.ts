import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../../kernel/clock/clock';
import { DomainEvents } from '../../../kernel/events/domain-events';
import { RibbonSync } from '../sync/ribbon-sync.service';
import { FactChange, RibbonUserFactStore } from './ribbon-user-fact-store.service';

/**
 * User events recompute that user's rule set (flows §2.3: signup, deposit, KYC …). Facts owned by other modules
 * (deposits, KYC, partner status) arrive only here, through DomainEvents, and are kept in `ribbon_user_fact`.
 * Listeners run after the emitter committed; a failure here is logged by DomainEvents and never fails the emitter.
 */
@Injectable()
export class RibbonEventListeners implements OnModuleInit {
  private readonly logger = new Logger('RibbonEvents');

  constructor(
    private readonly events: DomainEvents,
    private readonly facts: RibbonUserFactStore,
    private readonly sync: RibbonSync,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.on('user.signedUp', (e) => this.changed(e.brokerName, e.userId, {}));
    this.events.on('user.accountCreated', (e) => this.changed(e.brokerName, e.userId, {}));
    this.events.on('payment.completed', (e) => this.changed(e.brokerName, e.userId, e.kind === 'deposit' ? { depositAt: this.clock.now() } : {}));
    this.events.on('kyc.statusChanged', (e) => this.changed(e.brokerName, e.userId, { kycStatus: e.status }));
    this.events.on('partner.statusChanged', (e) => this.changed(e.brokerName, e.userId, { isPartner: e.isPartner }));
  }

  private async changed(brokerName: string, userId: number, change: FactChange): Promise<void> {
    if (!this.sync.isRibbonBroker(brokerName)) return;
    const now = this.clock.now();
    await this.facts.record(brokerName, userId, { ...change, activityAt: now }, now);
    const summary = await this.sync.recomputeUsers(brokerName, [userId]);
    if (summary.changed) this.logger.debug({ brokerName, userId }, 'ribbon rule set recomputed after a user event');
  }
}
