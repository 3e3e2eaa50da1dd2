import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext } from '../../../kernel/broker-identification';
import { BrokerScopedRepository, UnitOfWork } from '../../../kernel/database';
import { DurableEvents } from '../../../kernel/events';
import { IntroducingBrokers, IntroducingBrokerSource, TraderUser, UsersService } from '../../../kernel/users';
import { AttributionOutcome, PartnerAttributionEvent } from '../entities/partner-attribution-event.entity';
import { PartnerAttribution } from '../entities/partner-attribution.entity';
import { Partner } from '../entities/partner.entity';
import { PARTNER_ID_PATTERN } from '../domain/partner-id';
import { PartnersService } from './partners.service';
import { PartnerTree } from './partner-tree.service';
import { InviteAnswer, InviteDelivery } from '../domain/invite';
import { Clock } from '../../../kernel/clock';

const DAY_MS = 86_400_000;
/** The marketing parameters the screens carry through signup (spec §2.1) and we keep with the attribution. */
const MARKETING_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'gclid'] as const;

/**
 * Who referred whom (issue #8, flows §2.3): signups carrying a partnerId, cTrader Invite webhooks, pending
 * attributions completed when the invited user appears, and the introducing brokers 3.3 sends for a trader.
 * First touch wins; a broker may allow reattribution within `partners.reattributionDays` of the first one.
 * An unknown or removed partnerId never blocks anything: the trader simply stays unattributed.
 */
@Injectable()
export class PartnerAttributionService implements IntroducingBrokerSource {
  private readonly logger = new Logger('PartnerAttribution');

  constructor(
    private readonly clock: Clock,
    @InjectRepository(PartnerAttribution) private readonly attributionRepo: Repository<PartnerAttribution>,
    @InjectRepository(PartnerAttributionEvent) private readonly eventRepo: Repository<PartnerAttributionEvent>,
    private readonly unitOfWork: UnitOfWork,
    private readonly partners: PartnersService,
    private readonly tree: PartnerTree,
    private readonly users: UsersService,
    private readonly events: DurableEvents,
  ) {}

  attributionsOf(brokerName: string, m?: EntityManager): BrokerScopedRepository<PartnerAttribution> {
    return new BrokerScopedRepository(m ? m.getRepository(PartnerAttribution) : this.attributionRepo, brokerName);
  }

  eventsOf(brokerName: string, m?: EntityManager): BrokerScopedRepository<PartnerAttributionEvent> {
    return new BrokerScopedRepository(m ? m.getRepository(PartnerAttributionEvent) : this.eventRepo, brokerName);
  }

  /**
   * Records the attribution a signup carried (the partnerId and marketing parameters the signup screen stored on
   * the user), or completes a pending Invite attribution for this cTrader user. Idempotent: every later call for
   * the same user returns the attribution that exists.
   */
  async attributeUser(broker: BrokerContext, user: TraderUser): Promise<PartnerAttribution | null> {
    if (!broker.modules.has(ModuleKey.PartnerAttribution)) return null;
    const attributions = this.attributionsOf(broker.brokerName);
    const current = await attributions.findOneBy({ traderUserId: user.id });
    if (current) return current;
    const signup = parseAttribution(user.attribution);
    try {
      return await this.unitOfWork.run(async (m) => {
        const scoped = this.attributionsOf(broker.brokerName, m);
        const pending = user.ctidUserId !== null ? await scoped.findOneBy({ ctidUserId: user.ctidUserId, state: 'pending' }) : null;
        const now = this.clock.now();
        if (pending) {
          // The Invite came first, so it is the first touch.
          const completed = {
            ...pending,
            traderUserId: user.id,
            state: 'attributed' as const,
            marketing: JSON.stringify(signup.marketing),
            attributedAt: now,
            updatedAt: now,
          };
          await scoped.update(
            { id: pending.id },
            { traderUserId: user.id, state: 'attributed', marketing: completed.marketing, attributedAt: now, updatedAt: now },
          );
          await this.event(m, broker.brokerName, {
            outcome: 'COMPLETED',
            source: 'invite',
            traderUserId: user.id,
            ctidUserId: user.ctidUserId,
            partnerRef: pending.partnerRef,
          });
          return completed;
        }
        if (!signup.partnerId) return null;
        const partner = await this.partners.partnersOf(broker.brokerName, m).findOneBy({ partnerId: signup.partnerId, status: 'active' });
        if (!partner || partner.userId === user.id) {
          this.logger.log({ brokerName: broker.brokerName, userId: user.id }, 'signup carried an unknown partnerId; not attributed');
          return null;
        }
        const attribution = await scoped.insert({
          traderUserId: user.id,
          ctidUserId: user.ctidUserId,
          partnerRef: partner.id,
          state: 'attributed',
          source: 'signup',
          marketing: JSON.stringify(signup.marketing),
          firstAttributedAt: now,
          attributedAt: now,
          updatedAt: now,
        });
        await this.event(m, broker.brokerName, {
          outcome: 'ATTRIBUTED',
          source: 'signup',
          traderUserId: user.id,
          ctidUserId: user.ctidUserId,
          partnerRef: partner.id,
        });
        return attribution;
      });
    } catch (e) {
      // Two listeners raced on the unique (broker, trader) index: the other one's row is the answer.
      const row = await attributions.findOneBy({ traderUserId: user.id });
      if (row) return row;
      throw e;
    }
  }

  /** IntroducingBrokerSource: IB1 = the trader's partner, IB2 = that partner's parent (contract 3.3). */
  async resolve(broker: BrokerContext, user: TraderUser): Promise<IntroducingBrokers> {
    const attribution = await this.attributeUser(broker, user);
    if (!attribution || attribution.state !== 'attributed') return {};
    const chain = await this.chainOf(broker.brokerName, attribution.partnerRef, 2);
    return { ...(chain[0] && { introducingBroker1: chain[0].partnerId }), ...(chain[1] && { introducingBroker2: chain[1].partnerId }) };
  }

  /** The partner and the partners above it, nearest first (a removed partner has no chain). */
  async chainOf(brokerName: string, partnerRef: number, limit = Number.MAX_SAFE_INTEGER): Promise<Partner[]> {
    const partner = await this.partners.partnersOf(brokerName).findOneBy({ id: partnerRef, status: 'active' });
    if (!partner) return [];
    const upline = (await this.tree.upline(brokerName, partnerRef)).slice(0, limit - 1);
    const byRef = new Map(
      (
        await this.partners.findByRefs(
          brokerName,
          upline.map((u) => u.partnerRef),
        )
      ).map((p) => [p.id, p]),
    );
    return [partner, ...upline.map((u) => byRef.get(u.partnerRef)!).filter(Boolean)].slice(0, limit);
  }

  /**
   * The cTrader Invite webhook (contract §1.4). The same delivery (same invited user, partner and brokerPartnerId)
   * always gets the answer stored the first time and changes nothing; the whole delivery commits in one transaction.
   */
  async handleInvite(broker: BrokerContext, delivery: InviteDelivery): Promise<InviteAnswer> {
    const deliveryKey = createHash('sha256')
      .update(`${delivery.invitedUserId}|${delivery.partnerUserId}|${delivery.brokerPartnerId ?? ''}`)
      .digest('hex');
    const replay = await this.replayed(broker.brokerName, deliveryKey);
    if (replay) return replay;
    try {
      const { answer } = await this.unitOfWork.run(async (m) => {
        const applied = await this.applyInvite(m, broker, delivery, deliveryKey);
        // Ribbons react to the new partner: the job commits with the registration (DurableEvents).
        if (applied.registered?.userId != null)
          await this.events.emitInTransaction(m, 'partner.statusChanged', {
            brokerName: broker.brokerName,
            userId: applied.registered.userId,
            isPartner: true,
          });
        return applied;
      });
      return answer;
    } catch (e) {
      // A concurrent redelivery won the unique (broker, deliveryKey) index: give its answer.
      const answer = await this.replayed(broker.brokerName, deliveryKey);
      if (answer) return answer;
      throw e;
    }
  }

  private async applyInvite(
    m: EntityManager,
    broker: BrokerContext,
    d: InviteDelivery,
    deliveryKey: string,
  ): Promise<{ answer: InviteAnswer; registered: Partner | null }> {
    const partners = this.partners.partnersOf(broker.brokerName, m);
    let partner = d.brokerPartnerId ? await partners.findOneBy({ partnerId: d.brokerPartnerId, status: 'active' }) : null;
    // cTrader's partnerUserId is authoritative: a brokerPartnerId naming someone else is ignored.
    if (partner && partner.ctidUserId !== null && partner.ctidUserId !== d.partnerUserId) partner = null;
    partner ??= await partners.findOneBy({ ctidUserId: d.partnerUserId, status: 'active' });
    let created = false;
    if (!partner) {
      const removed = await partners.findOne({ where: { ctidUserId: d.partnerUserId, status: 'removed' }, order: { id: 'DESC' } });
      partner = await this.partners.registerFromInvite(m, broker, d.partnerUserId, removed ?? undefined);
      created = true;
    }
    const trader = await this.users.findByCtidUserId(broker.brokerName, d.invitedUserId);
    const attributions = this.attributionsOf(broker.brokerName, m);
    let current = (trader && (await attributions.findOneBy({ traderUserId: trader.id }))) || (await attributions.findOneBy({ ctidUserId: d.invitedUserId }));
    const now = this.clock.now();
    if (current?.state === 'pending' && trader) {
      // The invitee appeared since an earlier Invite and no event completed it yet: complete it here.
      await attributions.update({ id: current.id }, { traderUserId: trader.id, state: 'attributed', updatedAt: now });
      await this.event(m, broker.brokerName, {
        outcome: 'COMPLETED',
        source: 'invite',
        traderUserId: trader.id,
        ctidUserId: d.invitedUserId,
        partnerRef: current.partnerRef,
      });
      current = { ...current, traderUserId: trader.id, state: 'attributed' };
    }
    let outcome: AttributionOutcome;
    let answerPartner = partner;
    let previous: number | null = null;
    if (!current) {
      await attributions.insert({
        traderUserId: trader?.id ?? null,
        ctidUserId: d.invitedUserId,
        partnerRef: partner.id,
        state: trader ? 'attributed' : 'pending',
        source: 'invite',
        marketing: '{}',
        firstAttributedAt: now,
        attributedAt: now,
        updatedAt: now,
      });
      outcome = !trader ? 'PENDING_ATTRIBUTION' : created ? 'ATTRIBUTED_NEW' : 'ATTRIBUTED';
    } else if (current.partnerRef === partner.id) {
      outcome = current.state === 'pending' ? 'PENDING_ATTRIBUTION' : 'ATTRIBUTED';
    } else if (this.mayReattribute(broker, current, now) && partner.userId !== current.traderUserId) {
      await attributions.update(
        { id: current.id },
        { partnerRef: partner.id, source: 'invite', ctidUserId: d.invitedUserId, attributedAt: now, updatedAt: now },
      );
      previous = current.partnerRef;
      outcome = current.state === 'pending' ? 'PENDING_ATTRIBUTION' : 'REATTRIBUTED';
    } else {
      // First touch wins: the trader stays with their partner, and the answer names that partner.
      answerPartner = (await partners.findOneBy({ id: current.partnerRef })) ?? partner;
      outcome = 'KEPT';
    }
    const answer: InviteAnswer = {
      brokerPartnerId: answerPartner.partnerId,
      brokerResult: outcome === 'KEPT' ? (current!.state === 'pending' ? 'PENDING_ATTRIBUTION' : 'ATTRIBUTED') : outcome,
    };
    await this.event(m, broker.brokerName, {
      outcome,
      source: 'invite',
      traderUserId: trader?.id ?? null,
      ctidUserId: d.invitedUserId,
      partnerRef: outcome === 'KEPT' ? answerPartner.id : partner.id,
      previousPartnerRef: previous,
      deliveryKey,
      response: JSON.stringify(answer),
    });
    return { answer, registered: created ? partner : null };
  }

  private mayReattribute(broker: BrokerContext, current: PartnerAttribution, now: number): boolean {
    const days = broker.config.partners.reattributionDays;
    return days > 0 && now - current.firstAttributedAt <= days * DAY_MS;
  }

  private async replayed(brokerName: string, deliveryKey: string): Promise<InviteAnswer | null> {
    const event = await this.eventsOf(brokerName).findOneBy({ deliveryKey });
    return event?.response ? (JSON.parse(event.response) as InviteAnswer) : null;
  }

  private async event(
    m: EntityManager,
    brokerName: string,
    e: Partial<PartnerAttributionEvent> & Pick<PartnerAttributionEvent, 'outcome' | 'source' | 'partnerRef'>,
  ): Promise<void> {
    await this.eventsOf(brokerName, m).insert({
      traderUserId: null,
      ctidUserId: null,
      previousPartnerRef: null,
      deliveryKey: null,
      response: null,
      createdAt: this.clock.now(),
      ...e,
    });
    // The broker's systems hear of each new or changed attribution of a known trader (kernel/webhooks), durably.
    if (e.traderUserId != null && ATTRIBUTING_OUTCOMES.has(e.outcome)) {
      const partner = await this.partners.partnersOf(brokerName, m).findOneBy({ id: e.partnerRef });
      if (partner) {
        await this.events.emitInTransaction(m, 'partner.attributed', { brokerName, userId: e.traderUserId, partnerId: partner.partnerId, source: e.source });
      }
    }
  }
}

/** Outcomes after which the trader is attributed to a (new) partner. */
const ATTRIBUTING_OUTCOMES = new Set<string>(['ATTRIBUTED_NEW', 'ATTRIBUTED', 'REATTRIBUTED', 'COMPLETED']);

/** The signup screen stores `{ partnerId, utm_*, gclid }` on the user (JSON); anything malformed is ignored. */
function parseAttribution(text: string): { partnerId?: string; marketing: Record<string, string> } {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    /* not JSON: nothing to attribute */
  }
  const marketing: Record<string, string> = {};
  for (const k of MARKETING_KEYS) if (typeof data[k] === 'string') marketing[k] = data[k].slice(0, 200);
  const partnerId = typeof data.partnerId === 'string' && PARTNER_ID_PATTERN.test(data.partnerId) ? data.partnerId : undefined;
  return { partnerId, marketing };
}
