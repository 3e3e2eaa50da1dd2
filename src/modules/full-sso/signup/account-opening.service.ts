import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification/broker-context';
import { CtraderError } from '../../../kernel/ctrader-gateway/ctrader.error';
import { CtraderGateway } from '../../../kernel/ctrader-gateway/ctrader-gateway.service';
import { CtraderAccountType } from '../../../kernel/ctrader-gateway/ctrader-gateway.dto';
import { DomainEvents } from '../../../kernel/events/domain-events';
import { IntroducingBrokerResolver } from '../../../kernel/users/introducing-broker.resolver';
import { TradingAccount } from '../../../kernel/users/trading-account.entity';
import { TraderUser } from '../../../kernel/users/trader-user.entity';
import { UsersService } from '../../../kernel/users/users.service';
import { SignupStepFailed } from './signup-step-failed.error';

export interface AccountChoice {
  currency: string;
  leverage: number;
  accountType: string;
  /** From the partner chain (PartnerAttribution), sent as 3.3 contactDetails. */
  introducingBroker1?: string;
  introducingBroker2?: string;
}

/** How far back a lost 3.3 is searched for (its trader was registered after our intent row, give or take clocks). */
const REPAIR_SLACK_MS = 5 * 60_000;

/**
 * Opening a trading account (flows §2.3, conformance 6.3.6): intent row → 3.3 create trader → 3.4 link. Each
 * result is stored as it arrives; a retry resumes. cTrader's 3.3 has no idempotency key, so before creating
 * again after an attempt whose outcome is unknown we look for the trader that attempt may have created
 * (registered since the intent, with the email we sent) and adopt it: no duplicate trader, no orphan account.
 */
@Injectable()
export class AccountOpening {
  private readonly logger = new Logger('AccountOpening');

  constructor(
    private readonly gateway: CtraderGateway,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly introducingBrokers: IntroducingBrokerResolver,
  ) {}

  /** Checks the choice against the broker's allowed options (screens validate too; this is the authority). */
  validChoice(broker: BrokerContext, choice: AccountChoice): boolean {
    const t = broker.config.trading;
    return t.currencies.includes(choice.currency) && t.leverages.includes(choice.leverage) && t.accountTypes.includes(choice.accountType);
  }

  async open(broker: BrokerContext, user: TraderUser, choice: AccountChoice): Promise<TradingAccount> {
    if (user.ctidUserId === null) throw new Error('account opening needs a cTID');
    const accounts = this.users.accountsOf(broker.brokerName);
    let account =
      (await accounts.findOne({ where: [{ userId: user.id, state: 'creating' }, { userId: user.id, state: 'created' }], order: { id: 'ASC' } })) ??
      (await accounts.insert({
        userId: user.id,
        login: null,
        ctidTraderAccountId: null,
        currency: choice.currency,
        leverage: choice.leverage,
        accountType: choice.accountType,
        environment: broker.config.trading.environment,
        moneyDigits: 2,
        state: 'creating',
        traderPasswordMd5: null,
        createdAt: Date.now(),
      }));
    if (account.state === 'creating') account = await this.createTrader(broker, user, account, choice);
    if (account.state === 'created') account = await this.link(broker, user, account);
    await this.events.emit('user.accountCreated', { brokerName: broker.brokerName, userId: user.id, login: account.login! });
    return account;
  }

  private async createTrader(broker: BrokerContext, user: TraderUser, account: TradingAccount, choice: AccountChoice): Promise<TradingAccount> {
    const accounts = this.users.accountsOf(broker.brokerName);
    if (account.traderPasswordMd5 !== null) {
      // An earlier attempt sent 3.3: did it take effect?
      const adopted = await this.findLostTrader(broker, user, account);
      if (adopted !== null) {
        await accounts.update({ id: account.id }, { login: adopted, state: 'created' });
        this.logger.log({ brokerName: broker.brokerName, accountId: account.id }, 'lost 3.3 answer repaired: trader adopted');
        return { ...account, login: adopted, state: 'created' };
      }
    }
    const ib = { ...choice, ...(await this.introducingBrokers.resolve(broker, user)) };
    const traderPassword = randomBytes(24).toString('base64url');
    const traderPasswordMd5 = createHash('md5').update(traderPassword).digest('hex');
    // Stored before the call, so a repair can link the trader this very attempt creates.
    await accounts.update({ id: account.id }, { traderPasswordMd5 });
    try {
      const trader = await this.gateway.createTrader(broker, {
        accessRights: 'FULL_ACCESS',
        accountType: account.accountType as CtraderAccountType,
        balance: 0,
        depositCurrency: account.currency,
        groupName: broker.config.trading.groupName,
        traderPassword,
        leverageInCents: account.leverage * 100,
        totalMarginCalculationType: 'MAX',
        name: user.firstName || undefined,
        lastName: user.lastName || undefined,
        contactDetails: {
          email: user.email,
          ...(ib.introducingBroker1 ? { introducingBroker1: ib.introducingBroker1 } : {}),
          ...(ib.introducingBroker2 ? { introducingBroker2: ib.introducingBroker2 } : {}),
        },
      });
      await accounts.update({ id: account.id }, { login: trader.login, moneyDigits: trader.moneyDigits ?? 2, state: 'created' });
      return { ...account, login: trader.login, traderPasswordMd5, state: 'created' };
    } catch (e) {
      if (e instanceof CtraderError && !e.outcomeUnknown && e.kind !== 'rateLimited') {
        // Nothing was created: a later attempt need not search.
        await accounts.update({ id: account.id }, { traderPasswordMd5: null });
      }
      throw new SignupStepFailed('3.3', e);
    }
  }

  private async link(broker: BrokerContext, user: TraderUser, account: TradingAccount): Promise<TradingAccount> {
    const accounts = this.users.accountsOf(broker.brokerName);
    try {
      const linked = await this.gateway.linkAccount(broker, {
        traderLogin: account.login!,
        userId: user.ctidUserId!,
        traderPasswordHash: account.traderPasswordMd5!,
        environmentName: account.environment,
      });
      await accounts.update({ id: account.id }, { ctidTraderAccountId: linked.ctidTraderAccountId, state: 'linked', traderPasswordMd5: null });
      return { ...account, ctidTraderAccountId: linked.ctidTraderAccountId, state: 'linked', traderPasswordMd5: null };
    } catch (e) {
      throw new SignupStepFailed('3.4', e);
    }
  }

  private async findLostTrader(broker: BrokerContext, user: TraderUser, account: TradingAccount): Promise<number | null> {
    let traders;
    try {
      traders = await this.gateway.listTraders(broker, { from: account.createdAt - REPAIR_SLACK_MS, to: Date.now() + REPAIR_SLACK_MS });
    } catch (e) {
      throw new SignupStepFailed('3.3', e);
    }
    const known = new Set((await this.users.accountsOf(broker.brokerName).find({ where: { userId: user.id } })).map((a) => a.login));
    const candidates = traders.filter(
      (t) => t.contactDetails?.email === user.email && t.depositCurrency === account.currency && t.groupName === broker.config.trading.groupName && !known.has(t.login),
    );
    return candidates.length ? candidates[candidates.length - 1].login : null;
  }
}
