import { Injectable, Logger } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification/broker-context';
import { CtraderError } from '../../../kernel/ctrader-gateway/ctrader.error';
import { CtraderGateway } from '../../../kernel/ctrader-gateway/ctrader-gateway.service';
import { TraderUser } from '../../../kernel/users/trader-user.entity';
import { UsersService } from '../../../kernel/users/users.service';
import { AccountChoice, AccountOpening } from './account-opening.service';
import { SignupStepFailed } from './signup-step-failed.error';
import { UnitOfWork } from '../../../kernel/database/unit-of-work';
import { TradingAccount } from '../../../kernel/users/trading-account.entity';
import { SsoMail } from '../mail/sso-mail.service';

/**
 * The cTID half of the signup saga (flows §2.3): 3.2 create the cTID, then the optional 3.13 agreement. Each
 * result is stored as it arrives, so a retry continues from the failed step and never creates a second cTID:
 * when 3.2's answer was lost (or cTrader says the email exists) the mapping is repaired with 3.11 by email.
 */
@Injectable()
export class SignupSaga {
  private readonly logger = new Logger('SignupSaga');

  constructor(
    private readonly gateway: CtraderGateway,
    private readonly users: UsersService,
    private readonly accounts: AccountOpening,
    private readonly mail: SsoMail,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * The whole remaining saga for a user who chose an account: the cTID steps (resumed), the account (3.3 → 3.4,
   * resumed, with the partner chain's introducing brokers from the stored attribution), then signup complete.
   */
  async completeWithAccount(broker: BrokerContext, user: TraderUser, choice: AccountChoice): Promise<{ user: TraderUser; account: TradingAccount }> {
    user = await this.ensureCtid(broker, user);
    const attribution = JSON.parse(user.attribution || '{}') as { introducingBroker1?: string; introducingBroker2?: string };
    const account = await this.accounts.open(broker, user, { ...choice, introducingBroker1: attribution.introducingBroker1, introducingBroker2: attribution.introducingBroker2 });
    if (user.signupStep !== 'complete') {
      // Signup completes here: the step and the welcome email (in the preferred language) commit together.
      await this.uow.run(async (m) => {
        await m.update(TraderUser, { id: user.id, brokerName: broker.brokerName }, { signupStep: 'complete', updatedAt: Date.now() });
        await this.mail.welcome(broker, user, account.login, m);
      });
    }
    return { user: { ...user, signupStep: 'complete' }, account };
  }

  async ensureCtid(broker: BrokerContext, user: TraderUser): Promise<TraderUser> {
    if (user.ctidUserId === null) {
      const ctidUserId = await this.createOrRepairCtid(broker, user);
      await this.users.usersOf(broker.brokerName).update({ id: user.id }, { ctidUserId, signupStep: 'ctid_created', updatedAt: Date.now() });
      user = { ...user, ctidUserId, signupStep: 'ctid_created' };
    }
    if (user.signupStep === 'ctid_created' || user.signupStep === 'local') {
      if (broker.config.requireAgreement) {
        await this.step('3.13', () => this.gateway.acceptAgreement(broker, user.ctidUserId!));
      }
      await this.users.usersOf(broker.brokerName).update({ id: user.id }, { signupStep: 'agreement_accepted', updatedAt: Date.now() });
      user = { ...user, signupStep: 'agreement_accepted' };
    }
    return user;
  }

  private async createOrRepairCtid(broker: BrokerContext, user: TraderUser): Promise<number> {
    try {
      const created = await this.gateway.createUser(broker, {
        email: user.email,
        firstName: user.firstName || undefined,
        preferredLanguage: user.preferredLanguage.toUpperCase(),
      });
      return created.userId;
    } catch (e) {
      const repairable = e instanceof CtraderError && (e.errorCode === 'EMAIL_ALREADY_EXISTS' || e.outcomeUnknown);
      if (!repairable) throw new SignupStepFailed('3.2', e);
      // 3.2 may have taken effect with its answer lost: look the cTID up by email instead of creating another.
      const found = await this.step('3.11', () => this.gateway.findUserIdByEmail(broker, user.email));
      if (found === null) throw new SignupStepFailed('3.2', e);
      this.logger.log({ brokerName: broker.brokerName, userId: user.id }, 'cTID mapping repaired by email (3.11)');
      return found;
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
