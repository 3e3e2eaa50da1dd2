import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../../config/module-key';
import type { BrokerContext } from '../../../kernel/broker-identification';
import type { CtraderTrader, LightIdentity } from '../../../kernel/ctrader-gateway';
import { CtraderError, CtraderGateway } from '../../../kernel/ctrader-gateway';
import { InappEntryService, InappIdentity, InappTokenRedeemer, ScreenException } from '../../../kernel/screens';
import { LightIdentityUsers } from './light-identity-users.service';

/** What the trader can do about a cTrader failure: reopen the screen from the app (the token may be spent). */
const UNAVAILABLE = 'lightIdentity.errors.unavailable';
const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,253}$/;

/**
 * Light identity's in-app door (contract §1.5 LI, flows §2.3 "One-time token handoff"): the `token` an in-app
 * screen was opened with was minted by cTrader; we redeem it through the gateway with the manager token and get
 * `{ userId, email, tradingLogin }`. cTrader stays the identity provider: no login screens, no 4.x calls.
 *
 * Order matters for "nothing is created for a failed redeem": every cTrader call (the redeem, and the trader
 * read for an account we have not seen) happens before the one transaction that finds or creates the user and
 * its account, so a failure anywhere leaves no row behind.
 */
@Injectable()
export class LightIdentityInappRedeemer implements InappTokenRedeemer, OnModuleInit {
  private readonly logger = new Logger('LightIdentity');

  constructor(
    private readonly entry: InappEntryService,
    private readonly gateway: CtraderGateway,
    private readonly users: LightIdentityUsers,
  ) {}

  onModuleInit(): void {
    this.entry.register(ModuleKey.LightIdentity, this);
  }

  async redeem(broker: BrokerContext, token: string): Promise<InappIdentity> {
    const identity = await this.redeemAtCtrader(broker, token);
    const trader = await this.traderOfUnknownAccount(broker, identity);
    const adopted = await this.users.adopt(broker, identity, trader);
    return { userId: adopted.user.id, ...(adopted.accountLogin !== null ? { accountLogin: adopted.accountLogin } : {}) };
  }

  private async redeemAtCtrader(broker: BrokerContext, token: string): Promise<LightIdentity> {
    let identity: LightIdentity;
    try {
      identity = await this.gateway.redeemLightIdentityToken(broker, token);
    } catch (e) {
      if (!(e instanceof CtraderError)) throw e;
      if (e.kind === 'rejected') {
        // 401/403/404 (bad, expired, used): one message whatever the reason, so the page is no token oracle.
        this.logger.log({ lightIdentity: { broker: broker.brokerName, status: e.status, errorCode: e.errorCode } }, 'cTrader refused an in-app token');
        throw new ScreenException(401, 'errors.tokenInvalid', { code: 'LI_TOKEN_REJECTED' });
      }
      throw this.unavailable(broker, e);
    }
    if (!EMAIL.test(identity.email) || identity.email.length > 254) {
      this.logger.error(
        { lightIdentity: { broker: broker.brokerName, ctidUserId: identity.userId } },
        'cTrader redeemed a token for a user without a usable email',
      );
      throw new ScreenException(503, UNAVAILABLE, { code: 'LI_INVALID_IDENTITY' });
    }
    return identity;
  }

  /**
   * cTrader names the account only by login. The first time we see it we read it (GET, safely retried by the
   * gateway) for what the in-app screens need — currency, money digits — and to make sure it is this broker's:
   * brokers sharing one cTrader manager must never receive each other's accounts (contract §1.2, white labels).
   */
  private async traderOfUnknownAccount(broker: BrokerContext, identity: LightIdentity): Promise<CtraderTrader | null> {
    if (identity.tradingLogin === null || (await this.users.knownAccount(broker, identity.tradingLogin))) return null;
    let trader: CtraderTrader;
    try {
      trader = await this.gateway.getTrader(broker, identity.tradingLogin);
    } catch (e) {
      if (!(e instanceof CtraderError)) throw e;
      if (e.kind === 'rejected') {
        this.logger.warn(
          { lightIdentity: { broker: broker.brokerName, login: identity.tradingLogin, errorCode: e.errorCode } },
          'cTrader does not know the redeemed trading account',
        );
        throw new ScreenException(403, 'errors.accountNotYours', { code: 'LI_ACCOUNT_UNKNOWN' });
      }
      throw this.unavailable(broker, e);
    }
    if (trader.brokerName === undefined) {
      // Without brokerName the account cannot be shown to be this broker's: refuse rather than adopt an account of
      // another broker on the same manager (issue #17). Nothing is created; the trader may retry later.
      this.logger.error(
        { lightIdentity: { broker: broker.brokerName, login: identity.tradingLogin } },
        'cTrader read the redeemed trading account without its brokerName; refusing',
      );
      throw new ScreenException(503, UNAVAILABLE, { code: 'LI_ACCOUNT_BROKER_UNKNOWN', headers: { 'retry-after': '30' } });
    }
    if (trader.brokerName !== broker.brokerName) {
      this.logger.warn({ lightIdentity: { broker: broker.brokerName, login: identity.tradingLogin } }, 'redeemed trading account belongs to another broker');
      throw new ScreenException(403, 'errors.accountNotYours', { code: 'LI_ACCOUNT_OTHER_BROKER' });
    }
    return trader;
  }

  /** Timeouts, 5xx, rate limits, a refused manager login: nothing we or the trader can fix on this page. */
  private unavailable(broker: BrokerContext, e: CtraderError): ScreenException {
    this.logger.warn(
      { lightIdentity: { broker: broker.brokerName, call: e.callId, kind: e.kind, status: e.status, errorCode: e.errorCode } },
      'cTrader unavailable for Light identity',
    );
    return new ScreenException(503, UNAVAILABLE, { code: 'LI_CTRADER_UNAVAILABLE', headers: { 'retry-after': '30' } });
  }
}
