/** Records the simulated cTrader backend keeps. Read-back views are plain JSON copies of these. */

export const ACCESS_RIGHTS = ['FULL_ACCESS', 'CLOSE_ONLY', 'NO_TRADING', 'NO_LOGIN'] as const;
export const ACCOUNT_TYPES = ['HEDGED', 'NETTED', 'SPREAD_BETTING'] as const;
export const TOTAL_MARGIN_CALCULATION_TYPES = ['MAX', 'SUM', 'NET'] as const;
export const BALANCE_CHANGE_TYPES = ['DEPOSIT', 'WITHDRAW', 'DEPOSIT_NONWITHDRAWABLE_BONUS', 'WITHDRAW_NONWITHDRAWABLE_BONUS'] as const;
/**
 * 3.4's `environmentName`: "The name of the current server environment (live or demo)"
 * (https://help.ctrader.com/broker-oauth-inapp/link-user-trader/, "3.4. Link a Trading Account to a User"), but
 * Spotware's examples name others too (`live2`): a free token rather than an enum. Lower case, as in every example
 * of the docs (a reading: the docs do not say whether CT compares it case-sensitively).
 */
export const ENVIRONMENT_NAME = /^[a-z0-9][a-z0-9_.-]{0,31}$/;

export type AccessRights = (typeof ACCESS_RIGHTS)[number];
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export type TotalMarginCalculationType = (typeof TOTAL_MARGIN_CALCULATION_TYPES)[number];
export type BalanceChangeType = (typeof BALANCE_CHANGE_TYPES)[number];
export type EnvironmentName = string;

/** A cTID user (3.2). Scoped to the brokerCrmName that created it. */
export interface SimUser {
  userId: number;
  brokerCrmName: string;
  email: string;
  firstName: string | null;
  nickName: string | null;
  preferredLanguage: string | null;
  createdAt: string;
  acceptedAgreement: boolean;
  acceptedAgreementAt: string | null;
  /** 3.12 events, newest last. */
  logoutEvents: string[];
}

export type ContactDetails = Record<string, unknown>;

/** A trading account (3.3). Money fields are integer minor units. */
export interface SimTrader {
  login: number;
  moneyDigits: number;
  balance: number;
  bonus: number;
  nonWithdrawableBonus: number;
  brokerName: string;
  groupName: string;
  depositCurrency: string;
  leverageInCents: number;
  accessRights: AccessRights;
  accountType: AccountType;
  totalMarginCalculationType: TotalMarginCalculationType;
  contactDetails: ContactDetails | null;
  name: string | null;
  lastName: string | null;
  registrationTimestamp: number;
  /** md5 hex, lower case; never part of a view. */
  hashedPassword: string;
}

/** What GET /webserv/traders/{login} answers: the trader without its password hash, plus equity. */
export type SimTraderView = Omit<SimTrader, 'hashedPassword'> & { equity: number };

export interface SimBalanceChange {
  balanceHistoryId: number;
  login: number;
  type: BalanceChangeType;
  /** Signed decimal text with moneyDigits decimals, e.g. "-50.00". */
  delta: string;
  /** Balance in minor units after the change. */
  balance: number;
  nonWithdrawableBonus: number;
  externalId?: string;
  comment?: string;
  externalNote?: string;
  source?: string;
  changeTimestamp: number;
}

/** A trader linked to a cTID user (3.4). */
export interface SimLinkedAccount {
  ctidTraderAccountId: number;
  traderLogin: number;
  userId: number;
  brokerName: string;
  environmentName: EnvironmentName;
  linkedAt: string;
}

/** A partner attribution (3.6): user-level when ctidTraderAccountId is null. */
export interface SimReferral {
  brokerCrmName: string;
  userId: number;
  ctidTraderAccountId: number | null;
  partnerId: string | number;
  updatedAt: string;
}

export type RibbonAction = { urlExternal: string } | { urlinApp: string };

export interface SimRibbon {
  color: string;
  title: string;
  enabled: boolean;
  closable: boolean;
  action: RibbonAction;
  brokerName?: string;
  ctidTraderAccountId?: string;
}

export interface SimInAppRules {
  ribbons?: SimRibbon[];
}

export interface SimInAppControls {
  brokerCrmName: string;
  userId: number;
  rules: SimInAppRules;
  updatedAt: string;
}

export interface SimLightIdentityToken {
  token: string;
  brokerCrmName: string;
  userId: number;
  email: string;
  tradingLogin: number | null;
  expiresAt: number;
  redeemedAt: number | null;
}

/** Identifiers of the simulated calls, as numbered in contract §1.5, plus the trader reads. */
export const CALL_IDS = [
  '3.1',
  '3.2',
  '3.3',
  '3.4',
  '3.5',
  '3.6',
  '3.7',
  '3.8',
  '3.9',
  '3.10',
  '3.11',
  '3.12',
  '3.13',
  'LI',
  'traderRead',
  'tradersList',
  'balanceHistoryRead',
] as const;
export type CallId = (typeof CALL_IDS)[number];

export interface SimCallLogEntry {
  call: CallId;
  method: string;
  /** URL path and query with the webservToken redacted. */
  path: string;
  /** Request body with password hashes and tokens redacted. */
  body: unknown;
  /** null while pending, or when a fault meant no response was ever sent. */
  status: number | null;
  errorCode?: string;
  fault?: string;
  at: string;
  /**
   * Set once the call is done at the simulator: its effect (if any) applied or refused, whether or not the caller
   * heard back. Never set for a `timeout` fault (it never runs). A test that plays staff looking at cTrader waits for
   * this: a request the broker's client gave up on may still take effect afterwards, as on a real server.
   */
  settledAt?: string;
}

/** One visit of the simulated cTrader Web page that exchanged its token through 4.2. */
export interface SimWebSession {
  userId: number | null;
  account: string | null;
  lang: string | null;
  theme: string | null;
  status: 'authorised' | 'error';
  errorCode: string | null;
  /** Whether 4.2 returned an accessToken / inappToken (Embedded cTrader Web needs the former). */
  hasAccessToken: boolean;
  hasInappToken: boolean;
  at: string;
}
