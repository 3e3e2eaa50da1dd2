import { Injectable, Logger } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification';
import { CtraderError, CtraderGateway } from '../../../kernel/ctrader-gateway';
import { TraderUser, TradingAccount, UsersService } from '../../../kernel/users';
import { AccountChoice, AccountOpening } from './account-opening.service';
import { SignupStepFailed } from '../domain/signup-step-failed.error';
import { EntityManager } from 'typeorm';
import { UnitOfWork } from '../../../kernel/database';
import { SsoMail } from '../mail/sso-mail.service';
import { AuditService } from '../../../kernel/audit';
import { EmailHasCtid } from '../domain/email-has-ctid.error';
import { Clock } from '../../../kernel/clock';
import { DurableEvents } from '../../../kernel/events';

/**
 * The cTID half of the signup saga (flows §2.3): 3.2 create the cTID, then the optional 3.13 agreement. Each
 * result is stored as it arrives, so a retry continues from the failed step and never creates a second cTID.
 * Which existing cTID may ever be linked, and when, is `obtainCtid`'s one rule (flows §2.3 "Email ownership").
 */
@Injectable()
export class SignupSaga {
  private readonly logger = new Logger('SignupSaga');

  constructor(
    private readonly clock: Clock,
    private readonly gateway: CtraderGateway,
    private readonly users: UsersService,
    private readonly accounts: AccountOpening,
    private readonly mail: SsoMail,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly events: DurableEvents,
  ) {}

  /**
   * The whole remaining saga for a user who chose an account: the cTID steps (resumed), the account (3.3 → 3.4,
   * resumed, with the partner chain's introducing brokers from the stored attribution), then signup complete.
   */
  async completeWithAccount(broker: BrokerContext, user: TraderUser, choice: AccountChoice): Promise<{ user: TraderUser; account: TradingAccount }> {
    user = (await this.ensureCtid(broker, user)).user;
    const attribution = JSON.parse(user.attribution || '{}') as { introducingBroker1?: string; introducingBroker2?: string };
    const account = await this.accounts.open(broker, user, {
      ...choice,
      introducingBroker1: attribution.introducingBroker1,
      introducingBroker2: attribution.introducingBroker2,
    });
    if (user.signupStep !== 'complete') {
      // Signup completes here: the step and the welcome email (in the preferred language) commit together.
      await this.uow.run(async (m) => {
        await m.update(TraderUser, { id: user.id, brokerName: broker.brokerName }, { signupStep: 'complete', updatedAt: this.clock.now() });
        await this.welcomeIfVerified(broker, user, account.login, m);
        await this.announceSignup(broker, user, m);
      });
    }
    return { user: { ...user, signupStep: 'complete' }, account };
  }

  /**
   * Signup complete without a new trading account: the trader adopted a cTID that predates this profile and
   * continues with the accounts it already has (they open more from the app or the client area).
   */
  async completeWithExistingAccounts(broker: BrokerContext, user: TraderUser): Promise<TraderUser> {
    if (user.signupStep === 'complete') return user;
    await this.uow.run(async (m) => {
      await m.update(TraderUser, { id: user.id, brokerName: broker.brokerName }, { signupStep: 'complete', updatedAt: this.clock.now() });
      await this.welcomeIfVerified(broker, user, null, m);
      await this.announceSignup(broker, user, m);
    });
    return { ...user, signupStep: 'complete' };
  }

  /** The signup is complete: its durable event commits with the step (partner attribution, ribbons, webhooks react). */
  private async announceSignup(broker: BrokerContext, user: TraderUser, m: EntityManager): Promise<void> {
    if (user.ctidUserId === null) return;
    await this.events.emitInTransaction(m, 'user.signedUp', { brokerName: broker.brokerName, userId: user.id, ctidUserId: user.ctidUserId });
  }

  /** Branded mail goes only to an address its owner proved: nobody can make the broker greet a stranger. */
  private async welcomeIfVerified(broker: BrokerContext, user: TraderUser, accountLogin: number | null, m: EntityManager): Promise<void> {
    if (user.emailVerifiedAt !== null) await this.mail.welcome(broker, user, accountLogin, m);
  }

  /** The cTID steps, resumed; `adopted` when the cTID predates this profile (adopted after email verification). */
  async ensureCtid(broker: BrokerContext, user: TraderUser, requestId?: string): Promise<{ user: TraderUser; adopted: boolean }> {
    let adoptedNow = false;
    if (user.ctidUserId === null) {
      const { ctidUserId, adopted } = await this.obtainCtid(broker, user);
      await this.uow.run(async (m) => {
        await m.update(
          TraderUser,
          { id: user.id, brokerName: broker.brokerName },
          { ctidUserId, ctidRequestedAt: null, signupStep: 'ctid_created', updatedAt: this.clock.now() },
        );
        if (adopted) {
          // A cTID that predates this profile now answers for it: the admin log must show when and why.
          await this.audit.record(
            {
              brokerName: broker.brokerName,
              category: 'admin',
              action: 'user.ctid_adopted',
              actor: `user:${user.id}`,
              target: `user:${user.id}`,
              details: { ctidUserId, emailVerifiedAt: user.emailVerifiedAt },
              requestId,
            },
            m,
          );
        }
      });
      user = { ...user, ctidUserId, ctidRequestedAt: null, signupStep: 'ctid_created' };
      adoptedNow = adopted;
    }
    if (user.signupStep === 'ctid_created' || user.signupStep === 'local') {
      if (broker.config.requireAgreement) {
        await this.step('3.13', () => this.gateway.acceptAgreement(broker, user.ctidUserId!));
      }
      await this.users.usersOf(broker.brokerName).update({ id: user.id }, { signupStep: 'agreement_accepted', updatedAt: this.clock.now() });
      user = { ...user, signupStep: 'agreement_accepted' };
    }
    return { user, adopted: adoptedNow };
  }

  /**
   * 3.2, or an existing cTID — but only where that cannot hand someone else's identity to this user:
   * - a lost 3.2 answer is repaired by 3.11 only when THIS user's own 3.2 was recorded before the call
   *   (`ctidRequestedAt`) and its outcome is unknown: the cTID 3.11 finds is then the one that call made;
   * - EMAIL_ALREADY_EXISTS (the CRM already has a cTID for the address) is adopted only when the user proved the
   *   address (`emailVerifiedAt`); otherwise it ends the signup with "log in or reset" (EmailHasCtid).
   * Unverified users (a broker with `emailVerification: none`) are first checked with 3.11, so a cTID that
   * existed before our first 3.2 can never later pass for the answer of a lost one.
   */
  private async obtainCtid(broker: BrokerContext, user: TraderUser): Promise<{ ctidUserId: number; adopted: boolean }> {
    const verified = user.emailVerifiedAt !== null;
    if (user.ctidRequestedAt !== null) {
      const found = await this.step('3.11', () => this.gateway.findUserIdByEmail(broker, user.email));
      if (found !== null) {
        this.logger.log({ brokerName: broker.brokerName, userId: user.id }, 'lost 3.2 answer repaired by email (3.11)');
        return { ctidUserId: found, adopted: false };
      }
    } else if (!verified) {
      const existing = await this.step('3.11', () => this.gateway.findUserIdByEmail(broker, user.email));
      if (existing !== null) throw new EmailHasCtid();
    }
    await this.users.usersOf(broker.brokerName).update({ id: user.id }, { ctidRequestedAt: this.clock.now(), updatedAt: this.clock.now() });
    try {
      const created = await this.gateway.createUser(broker, {
        email: user.email,
        firstName: user.firstName || undefined,
        preferredLanguage: user.preferredLanguage,
      });
      return { ctidUserId: created.userId, adopted: false };
    } catch (e) {
      if (e instanceof CtraderError && e.outcomeUnknown) {
        // This very call may have made the cTID: look for it now; if not there yet, ctidRequestedAt stays and a retry looks again.
        const found = await this.step('3.11', () => this.gateway.findUserIdByEmail(broker, user.email));
        if (found === null) throw new SignupStepFailed('3.2', e);
        this.logger.log({ brokerName: broker.brokerName, userId: user.id }, 'lost 3.2 answer repaired by email (3.11)');
        return { ctidUserId: found, adopted: false };
      }
      await this.users.usersOf(broker.brokerName).update({ id: user.id }, { ctidRequestedAt: null, updatedAt: this.clock.now() });
      if (!(e instanceof CtraderError && e.errorCode === 'EMAIL_ALREADY_EXISTS')) throw new SignupStepFailed('3.2', e);
      if (!verified) throw new EmailHasCtid();
      const found = await this.step('3.11', () => this.gateway.findUserIdByEmail(broker, user.email));
      if (found === null) throw new SignupStepFailed('3.2', e);
      this.logger.log({ brokerName: broker.brokerName, userId: user.id }, 'existing cTID adopted after email verification');
      return { ctidUserId: found, adopted: true };
    }
  }

  private async step<T>(call: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw new SignupStepFailed(call, e);
    }
  }
}
