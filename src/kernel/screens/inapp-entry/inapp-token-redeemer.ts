import type { BrokerContext } from '../../broker-identification/broker-context';

/** Who an in-app token stands for, once redeemed. */
export interface InappIdentity {
  /** The local user's id (TraderUser.id). */
  userId: number;
  /** Light identity: the trading account cTrader says the token was issued for (`tradingLogin`). */
  accountLogin?: number;
}

/**
 * One identity mode's way of turning the `token` an in-app screen was opened with into a local user:
 * Full SSO consumes our own 4.4 OT token; Light identity redeems cTrader's token (contract §1.5 LI).
 * A redeemer throws a ScreenException (translated error page) when the token is bad, expired or used, and
 * creates nothing in that case.
 */
export interface InappTokenRedeemer {
  redeem(broker: BrokerContext, token: string): Promise<InappIdentity>;
}
