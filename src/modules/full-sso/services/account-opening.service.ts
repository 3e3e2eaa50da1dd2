import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { BrokerContext } from '../../../kernel/broker-identification';
import { BrokerScopedRepository, placeholder, UnitOfWork } from '../../../kernel/database';
import { CtraderAccountType, CtraderError, CtraderGateway, CtraderTrader, isTraderAlreadyLinked } from '../../../kernel/ctrader-gateway';
import { DurableEvents } from '../../../kernel/events';
import { IntroducingBrokerResolver, TraderUser, TradingAccount, UsersService } from '../../../kernel/users';
import { AccountLimitReached } from '../domain/account-limit-reached.error';
import { SignupStepFailed } from '../domain/signup-step-failed.error';
import { Clock } from '../../../kernel/clock';

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
 *
 * 3.4 has no idempotency key either, and a trader that is already linked is a documented error, not a success. The
 * row moves to `linking` before 3.4 is sent, so a retry knows an earlier 3.4 of ours (this login, this user's cTID)
 * may have taken effect. "Already linked" is then accepted as our own link only with that mark AND a documented read
 * (GET /webserv/traders/{login}) showing the trader at this broker with this user's email; otherwise the step fails
 * for good and nothing is adopted. Why that is the evidence: see `adoptOwnLink`.
 *
 * This is the authority for the per-trader cap (`fullSso.maxAccountsPerTrader`), whatever screen asked: the intent
 * is taken in one transaction that serialises the trader's openings, resumes an unfinished one first (it is
 * already counted) and otherwise counts before inserting. The 3.3 attempt itself is claimed on the intent row
 * (compare-and-set of its trader password), so two submits resuming the same intent cannot both create a trader.
 */
@Injectable()
export class AccountOpening {
  private readonly logger = new Logger('AccountOpening');

  constructor(
    private readonly clock: Clock,
    private readonly gateway: CtraderGateway,
    private readonly users: UsersService,
    private readonly events: DurableEvents,
    private readonly introducingBrokers: IntroducingBrokerResolver,
    private readonly uow: UnitOfWork,
  ) {}

  /** Checks the choice against the broker's allowed options (screens validate too; this is the authority). */
  validChoice(broker: BrokerContext, choice: AccountChoice): boolean {
    const t = broker.config.trading;
    return t.currencies.includes(choice.currency) && t.leverages.includes(choice.leverage) && t.accountTypes.includes(choice.accountType);
  }

  async open(broker: BrokerContext, user: TraderUser, choice: AccountChoice): Promise<TradingAccount> {
    if (user.ctidUserId === null) throw new Error('account opening needs a cTID');
    let account = await this.intent(broker, user, choice);
    if (account.state === 'creating') account = await this.createTrader(broker, user, account, choice);
    if (account.state === 'created' || account.state === 'linking') account = await this.link(broker, user, account);
    return account;
  }

  /**
   * The trader's unfinished account (resumed), or a new intent row if the cap allows one; AccountLimitReached
   * otherwise. Concurrent calls for one trader run one after the other: on PostgreSQL the no-op UPDATE holds the
   * trader's row lock until commit (the second caller's count then sees the first one's row); on SQLite the
   * UnitOfWork gate runs one transaction at a time.
   */
  private intent(broker: BrokerContext, user: TraderUser, choice: AccountChoice): Promise<TradingAccount> {
    return this.uow.run(async (m) => {
      const p = placeholder(m.connection);
      await m.query(`UPDATE "trader_user" SET "updatedAt" = "updatedAt" WHERE "id" = ${p(1)} AND "brokerName" = ${p(2)}`, [user.id, broker.brokerName]);
      const accounts = new BrokerScopedRepository(m.getRepository(TradingAccount), broker.brokerName);
      const unfinished = await accounts.findOne({ where: { userId: user.id, state: In(['creating', 'created', 'linking']) }, order: { id: 'ASC' } });
      if (unfinished) return unfinished;
      const max = broker.config.fullSso.maxAccountsPerTrader;
      if ((await accounts.count({ userId: user.id })) >= max) throw new AccountLimitReached(max);
      return accounts.insert({
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
        createdAt: this.clock.now(),
      });
    });
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
    // Stored before the call, so a repair can link the trader this very attempt creates; compare-and-set, so of
    // two attempts that read the same row only one calls 3.3 (the other is told to try again).
    const claimed = await accounts.update(
      { id: account.id, state: 'creating', traderPasswordMd5: account.traderPasswordMd5 ?? IsNull() },
      { traderPasswordMd5 },
    );
    if (!claimed) throw new SignupStepFailed('3.3', new Error('another attempt is opening this account'));
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
    // An earlier 3.4 of ours for this very pair was sent and its outcome is unknown (answer lost, 5xx, crash).
    const sentBefore = account.state === 'linking';
    if (!sentBefore) {
      // Marked before the call, so even a crash mid-call leaves the evidence; compare-and-set, so of two attempts
      // that read the same row only one sends the first 3.4.
      const claimed = await accounts.update({ id: account.id, state: 'created' }, { state: 'linking' });
      if (!claimed) throw new SignupStepFailed('3.4', new Error('another attempt is linking this account'));
    }
    try {
      const linked = await this.gateway.linkAccount(broker, {
        traderLogin: account.login!,
        userId: user.ctidUserId!,
        traderPasswordHash: account.traderPasswordMd5!,
        environmentName: account.environment,
      });
      // Unconditional: 3.4's own answer is the authority for ctidTraderAccountId, even after a repair marked the row.
      await this.markLinked(broker, account, {}, { ctidTraderAccountId: linked.ctidTraderAccountId, state: 'linked', traderPasswordMd5: null });
      return { ...account, ctidTraderAccountId: linked.ctidTraderAccountId, state: 'linked', traderPasswordMd5: null };
    } catch (e) {
      if (isTraderAlreadyLinked(e)) return this.adoptOwnLink(broker, user, account, sentBefore, e);
      if (!sentBefore && e instanceof CtraderError && !e.outcomeUnknown) {
        // This 3.4 certainly did nothing and none was sent before it: the row holds no link evidence.
        await accounts.update({ id: account.id, state: 'linking' }, { state: 'created' });
      }
      throw new SignupStepFailed('3.4', e);
    }
  }

  /**
   * The account becomes `linked` and `user.accountCreated` (attribution, ribbons react) is written in the same
   * transaction (DurableEvents), only by the UPDATE that changed the row: a crash after the commit cannot lose the
   * reactions, and a concurrent attempt that finds the row already linked does not announce it again.
   */
  private async markLinked(
    broker: BrokerContext,
    account: TradingAccount,
    where: Partial<Pick<TradingAccount, 'state'>>,
    values: Partial<TradingAccount>,
  ): Promise<void> {
    await this.uow.run(async (m) => {
      const changed = await new BrokerScopedRepository(m.getRepository(TradingAccount), broker.brokerName).update({ id: account.id, ...where }, values);
      if (changed)
        await this.events.emitInTransaction(m, 'user.accountCreated', { brokerName: broker.brokerName, userId: account.userId, login: account.login! });
    });
  }

  /**
   * 3.4 said the trader is already linked; is that link ours? The docs' error says nothing about which cTID holds
   * it, and no documented read we found shows a trader's cTID or its ctidTraderAccountId (the trader read has no
   * such field; 3.7 needs the ctidTraderAccountId we are missing). So the evidence accepted is:
   *  1. our own durable mark that a 3.4 for this login and this user's cTID was sent before (`linking`), and
   *  2. GET /webserv/traders/{login} (documented read) showing the trader at THIS broker with this user's email,
   *     i.e. the trader created for this account (the one whose random password only this row holds, which 3.4
   *     checks before it reveals anything about links).
   * Without the mark, no 3.4 of ours can have made the link: someone else linked the trader, and it is not
   * adopted. The case left open: our earlier 3.4 failed without effect and someone else, holding this trader's
   * random password, linked it before our retry; we know of no documented read that tells it apart.
   * An adopted link has no ctidTraderAccountId (only 3.4's lost answer had it); the account is `linked` without it,
   * as Light-identity accounts are.
   */
  private async adoptOwnLink(
    broker: BrokerContext,
    user: TraderUser,
    account: TradingAccount,
    sentBefore: boolean,
    alreadyLinked: CtraderError,
  ): Promise<TradingAccount> {
    const accounts = this.users.accountsOf(broker.brokerName);
    const where = { brokerName: broker.brokerName, accountId: account.id, login: account.login };
    if (!sentBefore) {
      await accounts.update({ id: account.id, state: 'linking' }, { state: 'created' });
      this.logger.error(where, 'trader is already linked, and no 3.4 of ours was ever sent for it: not adopted');
      throw new SignupStepFailed('3.4', alreadyLinked);
    }
    let trader: CtraderTrader;
    try {
      trader = await this.gateway.getTrader(broker, account.login!);
    } catch (e) {
      throw new SignupStepFailed('3.4', e);
    }
    if (!this.isTraderOf(broker, user, account, trader)) {
      this.logger.error(where, "trader is already linked, but the trader read does not show it as this account's: not adopted");
      throw new SignupStepFailed('3.4', alreadyLinked);
    }
    // Only from `linking`: a concurrent attempt whose 3.4 answered has already stored the real ctidTraderAccountId.
    await this.markLinked(broker, account, { state: 'linking' }, { state: 'linked', traderPasswordMd5: null });
    this.logger.log(where, 'lost 3.4 answer repaired: our link verified and adopted');
    const stored = await accounts.findOne({ where: { id: account.id } });
    return stored ?? { ...account, state: 'linked', traderPasswordMd5: null };
  }

  /** The documented trader read shows the trader created for this account: same login, this broker, this user's email. */
  private isTraderOf(broker: BrokerContext, user: TraderUser, account: TradingAccount, trader: CtraderTrader): boolean {
    const email = trader.contactDetails?.email;
    return (
      trader.login === Number(account.login) &&
      trader.brokerName === broker.brokerName &&
      typeof email === 'string' &&
      email.toLowerCase() === user.email.toLowerCase()
    );
  }

  private async findLostTrader(broker: BrokerContext, user: TraderUser, account: TradingAccount): Promise<number | null> {
    let traders: CtraderTrader[];
    try {
      // [from, to): the documented window; listTraders follows `hasMore` to the end.
      traders = await this.gateway.listTraders(broker, { from: account.createdAt - REPAIR_SLACK_MS, to: this.clock.now() + REPAIR_SLACK_MS });
    } catch (e) {
      throw new SignupStepFailed('3.3', e);
    }
    // One manager may serve several brokerNames (the list answers all of them): only this broker's traders count.
    const matching = traders.filter(
      (t) =>
        t.brokerName === broker.brokerName &&
        t.contactDetails?.email === user.email &&
        t.depositCurrency === account.currency &&
        t.groupName === broker.config.trading.groupName,
    );
    if (!matching.length) return null;
    // A trader another account row already holds (this user's or anyone's) is not the one this attempt lost.
    const held = await this.users.accountsOf(broker.brokerName).find({ where: { login: In(matching.map((t) => t.login)) } });
    const known = new Set(held.map((a) => Number(a.login)));
    const candidates = matching.filter((t) => !known.has(t.login));
    return candidates.length ? candidates[candidates.length - 1].login : null;
  }
}
