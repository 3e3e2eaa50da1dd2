import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, IsNull, Repository } from 'typeorm';
import { BrokerRegistry } from '../../../kernel/broker-identification';
import { BrokerScopedRepository } from '../../../kernel/database';
import { CtraderError, CtraderGateway } from '../../../kernel/ctrader-gateway';
import { JobContext, JobHandler, JobHandlerRegistry, JobPermanentError } from '../../../kernel/jobs';
import { UsersService } from '../../../kernel/users';
import { Partner } from '../entities/partner.entity';
import { REFERRAL_SYNC_JOB_KIND, ReferralSyncPayload } from './referral-sync.job';

interface Target {
  userId: number;
  ctidTraderAccountId?: number;
}

/**
 * Runs a referral sync job. 3.6 and 3.8 are replace-style (repeating them is harmless), so a retry after an unknown
 * outcome simply sends again; success is only declared after 3.7 reads back what we wanted (issue #8: "3.7 reads it
 * back for verification"). A job older than the partner's current request is superseded and does nothing.
 */
@Injectable()
export class ReferralSyncJobHandler implements JobHandler<ReferralSyncPayload>, OnModuleInit {
  readonly kind = REFERRAL_SYNC_JOB_KIND;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly gateway: CtraderGateway,
    private readonly brokers: BrokerRegistry,
    private readonly users: UsersService,
    @InjectRepository(Partner) private readonly partners: Repository<Partner>,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(payload: ReferralSyncPayload, context: JobContext): Promise<Record<string, unknown>> {
    const broker = this.brokers.findByName(context.brokerName);
    if (!broker) throw new JobPermanentError('broker no longer configured');
    const partners = new BrokerScopedRepository(this.partners, broker.brokerName);
    const partner = await partners.findOneBy({ id: payload.partnerRef });
    if (!partner) throw new JobPermanentError('partner not found');
    if (partner.referralVersion !== payload.version) return { superseded: true, currentVersion: partner.referralVersion };
    if (partner.ctidUserId === null) throw new JobPermanentError('partner has no cTrader userId');
    const targets = await this.targets(broker.brokerName, partner);
    try {
      for (const target of targets) {
        if (payload.action === 'set') await this.gateway.setReferral(broker, { partnerId: partner.partnerId, ...target });
        else await this.gateway.deleteReferral(broker, target);
      }
      for (const target of targets) {
        const held = await this.gateway.getReferral(broker, target);
        const ok =
          payload.action === 'set'
            ? held !== null && String(held.partnerId) === partner.partnerId
            : held === null || String(held.partnerId) !== partner.partnerId;
        // Not what we sent: something else wrote in between, or the write was lost. Retried with backoff.
        if (!ok) throw new Error(`3.7 read-back disagrees after ${payload.action}`);
      }
    } catch (e) {
      if (e instanceof CtraderError && e.kind === 'rejected') {
        await partners.update({ id: partner.id, referralVersion: payload.version }, { referralState: 'failed' });
        throw new JobPermanentError(`cTrader refused: ${e.errorCode}`, { errorCode: e.errorCode });
      }
      throw e;
    }
    await partners.update({ id: partner.id, referralVersion: payload.version }, { referralState: payload.action === 'set' ? 'synced' : 'removed' });
    return { action: payload.action, partnerId: partner.partnerId, targets: targets.length, verified: true };
  }

  /** User level: the partner's cTID. Account level: each linked account (none yet: the user level instead). */
  private async targets(brokerName: string, partner: Partner): Promise<Target[]> {
    const userId = partner.ctidUserId!;
    const broker = this.brokers.findByName(brokerName)!;
    if (broker.config.partners.referralLevel === 'account' && partner.userId !== null) {
      const accounts = await this.users
        .accountsOf(brokerName)
        .find({ where: { userId: partner.userId, ctidTraderAccountId: Not(IsNull()) }, order: { id: 'ASC' } });
      if (accounts.length) return accounts.map((a) => ({ userId, ctidTraderAccountId: a.ctidTraderAccountId! }));
    }
    return [{ userId }];
  }
}
