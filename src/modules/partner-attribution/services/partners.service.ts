import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { AuditService } from '../../../kernel/audit';
import { BrokerContext } from '../../../kernel/broker-identification';
import { BrokerScopedRepository, UnitOfWork } from '../../../kernel/database';
import { DurableEvents } from '../../../kernel/events';
import { JobQueue } from '../../../kernel/jobs';
import { UsersService } from '../../../kernel/users';
import { PartnerAttribution } from '../entities/partner-attribution.entity';
import { Partner, PartnerSource } from '../entities/partner.entity';
import { PartnerError } from '../domain/partner.error';
import { newPartnerId } from '../domain/partner-id';
import { REFERRAL_SYNC_JOB_KIND, ReferralSyncPayload } from '../jobs/referral-sync.job';
import { PartnerCycleError } from '../domain/partner-cycle.error';
import { PartnerTree } from './partner-tree.service';
import { Clock } from '../../../kernel/clock';

/** Who asked, for the audit trail: an admin key, or the user themself (screens, in-app action). */
export interface PartnerActor {
  actor: string;
  requestId?: string;
  /** Admin writes are audited (HELPERS: every admin write). */
  audit: boolean;
}

export interface BecomePartnerOptions {
  source: PartnerSource;
  /** Explicit parent (admin API); otherwise the partner the user was referred by, if any. */
  parentPartnerId?: string | null;
}

/**
 * Partners and their tree (issue #8): becoming a partner, moving, removing. Each write commits the partner row, the
 * tree and the referral-sync job (3.6/3.8 through the durable queue) in one transaction; the
 * `partner.statusChanged` event goes out after the commit.
 */
@Injectable()
export class PartnersService {
  constructor(
    private readonly clock: Clock,
    @InjectRepository(Partner) private readonly partnerRepo: Repository<Partner>,
    private readonly unitOfWork: UnitOfWork,
    private readonly tree: PartnerTree,
    private readonly jobs: JobQueue,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly events: DurableEvents,
  ) {}

  partnersOf(brokerName: string, m?: EntityManager): BrokerScopedRepository<Partner> {
    return new BrokerScopedRepository(m ? m.getRepository(Partner) : this.partnerRepo, brokerName);
  }

  findByPartnerId(brokerName: string, partnerId: string): Promise<Partner | null> {
    return this.partnersOf(brokerName).findOneBy({ partnerId });
  }

  findByUserId(brokerName: string, userId: number): Promise<Partner | null> {
    return this.partnersOf(brokerName).findOneBy({ userId });
  }

  findByRefs(brokerName: string, refs: number[]): Promise<Partner[]> {
    return refs.length ? this.partnersOf(brokerName).find({ where: { id: In(refs) } }) : Promise.resolve([]);
  }

  /**
   * Makes the user (local id) a partner, or returns the partner they already are. A removed partner comes back with
   * the same partnerId. The user must have a cTID: 3.6 puts the referral id on it.
   */
  async becomePartner(broker: BrokerContext, userId: number, options: BecomePartnerOptions, actor: PartnerActor): Promise<Partner> {
    const user = await this.users.findById(broker.brokerName, userId);
    if (!user) throw new PartnerError('USER_NOT_FOUND', 'No such user');
    if (user.ctidUserId === null) throw new PartnerError('USER_NOT_READY', 'The user has not finished signing up');
    const { partner } = await this.unitOfWork.run(async (m) => {
      const partners = this.partnersOf(broker.brokerName, m);
      // A partner cTrader's Invite registered before this user existed here is the same person: claim it.
      const existing = (await partners.findOneBy({ userId })) ?? (await partners.findOneBy({ ctidUserId: user.ctidUserId!, userId: IsNull() }));
      if (existing && existing.userId !== null && existing.userId !== userId) throw new PartnerError('USER_NOT_FOUND', 'No such user');
      if (existing?.status === 'active') {
        if (existing.userId === null) await partners.update({ id: existing.id }, { userId });
        return { partner: { ...existing, userId }, changed: false };
      }
      const parent = await this.parentFor(m, broker.brokerName, userId, options.parentPartnerId);
      const now = this.clock.now();
      let partner: Partner;
      if (existing) {
        await partners.update(
          { id: existing.id },
          { status: 'active', removedAt: null, userId, parentId: parent?.id ?? null, referralState: 'pending', referralVersion: existing.referralVersion + 1 },
        );
        partner = {
          ...existing,
          status: 'active',
          removedAt: null,
          userId,
          parentId: parent?.id ?? null,
          referralState: 'pending',
          referralVersion: existing.referralVersion + 1,
        };
      } else {
        partner = await partners.insert({
          partnerId: await this.uniquePartnerId(m, broker),
          userId,
          ctidUserId: user.ctidUserId,
          parentId: parent?.id ?? null,
          status: 'active',
          source: options.source,
          referralState: 'pending',
          referralVersion: 1,
          createdAt: now,
          removedAt: null,
        });
      }
      await this.tree.addNode(m, broker.brokerName, partner.id, partner.parentId);
      await this.enqueueReferral(m, broker.brokerName, partner, 'set');
      await this.record(m, broker, actor, 'partner.create', partner, { source: options.source, parentId: partner.parentId });
      // Ribbons react to the new partner: the job commits with it (DurableEvents).
      await this.events.emitInTransaction(m, 'partner.statusChanged', { brokerName: broker.brokerName, userId, isPartner: true });
      return { partner, changed: true };
    });
    return partner;
  }

  /**
   * A partner named by a cTrader Invite (partnerUserId) that we did not know: registered at the root, attached to
   * the local user with that cTID when there is one. Runs in the webhook's transaction.
   */
  async registerFromInvite(m: EntityManager, broker: BrokerContext, ctidUserId: number, removed?: Partner): Promise<Partner> {
    const partners = this.partnersOf(broker.brokerName, m);
    let partner: Partner;
    if (removed) {
      // A removed partner invited again comes back (same partnerId), at the root.
      partner = { ...removed, status: 'active', removedAt: null, parentId: null, referralState: 'pending', referralVersion: removed.referralVersion + 1 };
      await partners.update(
        { id: removed.id },
        { status: 'active', removedAt: null, parentId: null, referralState: 'pending', referralVersion: partner.referralVersion },
      );
    } else {
      const user = await this.users.findByCtidUserId(broker.brokerName, ctidUserId);
      const claimed = user ? await partners.findOneBy({ userId: user.id }) : null;
      partner = await partners.insert({
        partnerId: await this.uniquePartnerId(m, broker),
        userId: user && !claimed ? user.id : null,
        ctidUserId,
        parentId: null,
        status: 'active',
        source: 'invite',
        referralState: 'pending',
        referralVersion: 1,
        createdAt: this.clock.now(),
        removedAt: null,
      });
    }
    await this.tree.addNode(m, broker.brokerName, partner.id, null);
    await this.enqueueReferral(m, broker.brokerName, partner, 'set');
    return partner;
  }

  /** Moves a partner (with its whole subtree) under another partner, or to the root. Cycles are refused. */
  async move(broker: BrokerContext, partnerId: string, newParentPartnerId: string | null, actor: PartnerActor): Promise<Partner> {
    return this.unitOfWork.run(async (m) => {
      const partners = this.partnersOf(broker.brokerName, m);
      const partner = await partners.findOneBy({ partnerId, status: 'active' });
      if (!partner) throw new PartnerError('NOT_FOUND', 'No such partner');
      const parent = newParentPartnerId === null ? null : await partners.findOneBy({ partnerId: newParentPartnerId, status: 'active' });
      if (newParentPartnerId !== null && !parent) throw new PartnerError('PARENT_NOT_FOUND', 'No such parent partner');
      try {
        await this.tree.move(m, broker.brokerName, partner.id, parent?.id ?? null);
      } catch (e) {
        if (e instanceof PartnerCycleError) throw new PartnerError('CYCLE', 'A partner cannot be moved under itself or its own sub-partners');
        throw e;
      }
      await this.record(m, broker, actor, 'partner.move', partner, { fromParentId: partner.parentId, toParentId: parent?.id ?? null });
      return { ...partner, parentId: parent?.id ?? null };
    });
  }

  /** Removes a partner: leaves the tree (children move up to its parent), its referral id goes from cTrader (3.8). */
  async remove(broker: BrokerContext, partnerId: string, actor: PartnerActor): Promise<Partner> {
    const partner = await this.unitOfWork.run(async (m) => {
      const partners = this.partnersOf(broker.brokerName, m);
      const partner = await partners.findOneBy({ partnerId, status: 'active' });
      if (!partner) throw new PartnerError('NOT_FOUND', 'No such partner');
      const children = await this.tree.detach(m, broker.brokerName, partner.id);
      const removed: Partner = {
        ...partner,
        status: 'removed',
        removedAt: this.clock.now(),
        referralState: 'removing',
        referralVersion: partner.referralVersion + 1,
      };
      await partners.update(
        { id: partner.id },
        { status: 'removed', removedAt: removed.removedAt, referralState: 'removing', referralVersion: removed.referralVersion },
      );
      await this.enqueueReferral(m, broker.brokerName, removed, 'remove');
      await this.record(m, broker, actor, 'partner.remove', partner, { childrenMovedUp: children.length });
      if (partner.userId !== null)
        await this.events.emitInTransaction(m, 'partner.statusChanged', { brokerName: broker.brokerName, userId: partner.userId, isPartner: false });
      return removed;
    });
    return partner;
  }

  private async parentFor(m: EntityManager, brokerName: string, userId: number, parentPartnerId: string | null | undefined): Promise<Partner | null> {
    const partners = this.partnersOf(brokerName, m);
    if (parentPartnerId) {
      const parent = await partners.findOneBy({ partnerId: parentPartnerId, status: 'active' });
      if (!parent) throw new PartnerError('PARENT_NOT_FOUND', 'No such parent partner');
      return parent;
    }
    if (parentPartnerId === null) return null;
    // A referred trader who becomes a partner becomes a sub-partner of whoever referred them.
    const attribution = await new BrokerScopedRepository(m.getRepository(PartnerAttribution), brokerName).findOneBy({
      traderUserId: userId,
      state: 'attributed',
    });
    if (!attribution) return null;
    const parent = await partners.findOneBy({ id: attribution.partnerRef, status: 'active' });
    return parent && parent.userId !== userId ? parent : null;
  }

  private async uniquePartnerId(m: EntityManager, broker: BrokerContext): Promise<string> {
    for (;;) {
      const id = newPartnerId(broker.config.partners.partnerIdPrefix);
      if (!(await this.partnersOf(broker.brokerName, m).findOneBy({ partnerId: id }))) return id;
    }
  }

  private async enqueueReferral(m: EntityManager, brokerName: string, partner: Partner, action: 'set' | 'remove'): Promise<void> {
    const payload: ReferralSyncPayload = { partnerRef: partner.id, action, version: partner.referralVersion };
    await this.jobs.enqueue(m, { brokerName, kind: REFERRAL_SYNC_JOB_KIND, payload, idempotencyKey: `${partner.id}:${partner.referralVersion}:${action}` });
  }

  private async record(
    m: EntityManager,
    broker: BrokerContext,
    actor: PartnerActor,
    action: string,
    partner: Partner,
    details: Record<string, unknown>,
  ): Promise<void> {
    if (!actor.audit) return;
    await this.audit.record(
      {
        brokerName: broker.brokerName,
        category: 'admin',
        action,
        actor: actor.actor,
        target: `partner:${partner.partnerId}`,
        details,
        requestId: actor.requestId ?? null,
      },
      m,
    );
  }
}
