import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { BrokerContext } from '../../../kernel/broker-identification';
import type { CtraderTrader, LightIdentity } from '../../../kernel/ctrader-gateway';
import { BrokerScopedRepository, UnitOfWork } from '../../../kernel/database';
import { DurableEvents } from '../../../kernel/events';
import { ScreenException } from '../../../kernel/screens';
import { normalizeEmail, TraderUser, TradingAccount, UsersService } from '../../../kernel/users';
import { Clock } from '../../../kernel/clock';

export interface AdoptedIdentity {
  user: TraderUser;
  /** The linked trading account the token was issued for, if cTrader named one. */
  accountLogin: number | null;
}

/**
 * The local record of a cTrader identity under Light identity (flows §2.3): one TraderUser per (broker, cTrader
 * `userId`), created on its first redeem with no password (`origin: 'lightIdentity'`), and one `linked`
 * TradingAccount per `tradingLogin`. Both inserts are race-safe: `INSERT … ON CONFLICT DO NOTHING` and a read
 * back, so the unique indexes decide and a concurrent duplicate resolves to the existing row, never a 500.
 * Because the row is keyed by the cTrader `userId`, the same row serves the broker after it moves to Full SSO
 * (4.3/4.4 find users by that id) and the password-reset flow can give it its first password.
 */
@Injectable()
export class LightIdentityUsers {
  private readonly logger = new Logger('LightIdentity');

  constructor(
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
    private readonly events: DurableEvents,
  ) {}

  /** The local account row for a login, if this broker knows it (so cTrader need not be asked about it again). */
  knownAccount(broker: BrokerContext, login: number): Promise<TradingAccount | null> {
    return this.users.accountsOf(broker.brokerName).findOneBy({ login });
  }

  /**
   * Finds or creates the user (and its account) in one transaction. `trader` carries cTrader's details of an
   * account this broker has not seen yet (null when the account is known or none was named). Throws a
   * ScreenException, with nothing written, when the identity cannot be adopted.
   */
  async adopt(broker: BrokerContext, identity: LightIdentity, trader: CtraderTrader | null): Promise<AdoptedIdentity> {
    const email = normalizeEmail(identity.email);
    const created = { user: false, account: false };
    const adopted = await this.unitOfWork.run(async (manager) => {
      const users = new BrokerScopedRepository(manager.getRepository(TraderUser), broker.brokerName);
      let user = await users.findOneBy({ ctidUserId: identity.userId });
      if (!user) {
        created.user = await this.insertUser(manager, broker, identity.userId, email);
        user = await users.findOneBy({ ctidUserId: identity.userId });
      }
      if (!user) {
        // The insert was ignored for the other unique index: another local user holds this email under another
        // (or no) cTrader id. Merging identities by email is not ours to decide; support resolves it.
        this.logger.warn({ lightIdentity: { broker: broker.brokerName, ctidUserId: identity.userId } }, 'email already used by another local user');
        throw new ScreenException(409, 'lightIdentity.errors.profileConflict', { code: 'LI_EMAIL_CONFLICT' });
      }
      // Contract §1.6: a user locked by an admin fails every token check.
      if (user.lockedAt !== null) throw new ScreenException(401, 'errors.tokenInvalid', { code: 'LI_USER_LOCKED' });
      // Partner attribution completes a pending Invite attribution when the user first appears, exactly as after a
      // Full-SSO signup; the reaction's job commits with the new user (DurableEvents).
      if (created.user)
        await this.events.emitInTransaction(manager, 'user.signedUp', { brokerName: broker.brokerName, userId: user.id, ctidUserId: identity.userId });
      if (identity.tradingLogin === null) return { user, accountLogin: null };
      const accounts = new BrokerScopedRepository(manager.getRepository(TradingAccount), broker.brokerName);
      let account = await accounts.findOneBy({ login: identity.tradingLogin });
      if (!account && trader) {
        created.account = await this.insertAccount(manager, broker, user.id, trader);
        account = await accounts.findOneBy({ login: identity.tradingLogin });
      }
      // Another local user's account (or one we could not confirm): never hand it to this identity.
      if (!account || account.userId !== user.id) throw new ScreenException(403, 'errors.accountNotYours', { code: 'LI_ACCOUNT_NOT_OWNED' });
      if (created.account)
        await this.events.emitInTransaction(manager, 'user.accountCreated', { brokerName: broker.brokerName, userId: user.id, login: account.login! });
      return { user, accountLogin: account.login };
    });
    if (!created.user && adopted.user.email !== email) await this.refreshEmail(broker, adopted.user, email);
    return adopted;
  }

  private async insertUser(manager: EntityManager, broker: BrokerContext, ctidUserId: number, email: string): Promise<boolean> {
    const now = this.clock.now();
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(TraderUser)
      .values({
        brokerName: broker.brokerName,
        email,
        // No password: cTrader is the identity provider. After a move to Full SSO the reset flow sets the first one.
        passwordHash: null,
        firstName: '',
        lastName: '',
        country: null,
        preferredLanguage: broker.config.branding.defaultLanguage,
        ctidUserId,
        signupStep: 'complete',
        origin: 'lightIdentity',
        lockedAt: null,
        attribution: '{}',
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .execute();
    return affectedRows(result.raw, result.identifiers) > 0;
  }

  private async insertAccount(manager: EntityManager, broker: BrokerContext, userId: number, trader: CtraderTrader): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(TradingAccount)
      .values({
        brokerName: broker.brokerName,
        userId,
        login: trader.login,
        state: 'linked',
        traderPasswordMd5: null,
        // Light identity hands us no ctidTraderAccountId (that is 3.4's answer, and we did not link it).
        ctidTraderAccountId: null,
        currency: trader.depositCurrency ?? broker.config.trading.currencies[0],
        leverage: typeof trader.leverageInCents === 'number' ? Math.round(trader.leverageInCents / 100) : broker.config.trading.leverages[0],
        accountType: trader.accountType ?? broker.config.trading.accountTypes[0],
        environment: broker.config.trading.environment,
        moneyDigits: trader.moneyDigits,
        createdAt: this.clock.now(),
      })
      .orIgnore()
      .execute();
    return affectedRows(result.raw, result.identifiers) > 0;
  }

  /**
   * cTrader is the identity provider, so its email wins; but not over another local user's address (the unique
   * index would refuse it): then the old address stays and the conflict is logged for support.
   */
  private async refreshEmail(broker: BrokerContext, user: TraderUser, email: string): Promise<void> {
    try {
      if (await this.users.findByEmail(broker.brokerName, email)) throw new Error('email held by another local user');
      await this.users.usersOf(broker.brokerName).update({ id: user.id }, { email, updatedAt: this.clock.now() });
      user.email = email;
    } catch (e) {
      this.logger.warn(
        { lightIdentity: { broker: broker.brokerName, userId: user.id, reason: (e as Error).name } },
        'could not take over the email cTrader reports',
      );
    }
  }
}

/**
 * Whether an `INSERT … ON CONFLICT DO NOTHING` / `INSERT OR IGNORE` inserted: PostgreSQL's driver returns the
 * RETURNING rows (none when ignored); better-sqlite3 returns `{ changes }`.
 */
function affectedRows(raw: unknown, identifiers: unknown[]): number {
  if (Array.isArray(raw)) return raw.length;
  if (raw && typeof raw === 'object' && 'changes' in raw) return Number(raw.changes) || 0;
  return identifiers.filter((i) => i && Object.values(i).some((v) => v !== undefined)).length;
}
