/**
 * Request and response shapes of the cTrader calls (contract §1.5). `…Input` is what a module passes (the gateway
 * adds `brokerName`/`brokerCrmName` from the broker and hashes passwords); `…Request` is the wire body.
 * Field names are cTrader's, verbatim.
 */

export type CtraderAccessRights = 'FULL_ACCESS' | 'CLOSE_ONLY' | 'NO_TRADING' | 'NO_LOGIN';
export type CtraderAccountType = 'HEDGED' | 'NETTED' | 'SPREAD_BETTING';
export type CtraderTotalMarginCalculationType = 'MAX' | 'SUM' | 'NET';
export type CtraderBalanceChangeType = 'DEPOSIT' | 'WITHDRAW' | 'DEPOSIT_NONWITHDRAWABLE_BONUS' | 'WITHDRAW_NONWITHDRAWABLE_BONUS';
export const CTRADER_BALANCE_CHANGE_TYPES: readonly CtraderBalanceChangeType[] = [
  'DEPOSIT',
  'WITHDRAW',
  'DEPOSIT_NONWITHDRAWABLE_BONUS',
  'WITHDRAW_NONWITHDRAWABLE_BONUS',
];
/** 3.4's environmentName: `live`, `demo`, or another name Spotware gave the broker (e.g. `live2`). */
export type CtraderEnvironmentName = string;

/** Deadline for one gateway call: nothing is sent that could still be in flight after `deadline` (epoch ms). */
export interface CtraderCallOptions {
  deadline?: number;
}

// ---- 3.1 manager token (/v2/webserv/managers/token) ----
export interface ManagerTokenRequest {
  hashedPassword: string;
  login: number;
}
export interface ManagerTokenResponse {
  webservToken: string;
}

// ---- 3.2 create cTID user (/cid/oauth2/ctid/create) ----
export interface CreateCtidUserInput {
  email: string;
  firstName?: string;
  nickName?: string;
  preferredLanguage?: string;
}
export interface CreateCtidUserRequest extends CreateCtidUserInput {
  brokerCrmName: string;
}
export interface CreateCtidUserResponse {
  userId: number;
}

// ---- 3.3 create trader (/v2/webserv/traders) ----
export interface CtraderContactDetails {
  address?: string;
  city?: string;
  countryId?: number;
  documentId?: string;
  email?: string;
  phone?: string;
  state?: string;
  zipCode?: string;
  introducingBroker1?: string;
  introducingBroker2?: string;
  [field: string]: string | number | boolean | undefined;
}
export interface CreateTraderInput {
  accessRights: CtraderAccessRights;
  accountType: CtraderAccountType;
  /**
   * An integer in 10^2 whatever the currency ("balance is specified in 10^2 … If JPY is the account currency, the
   * last two digits in balance have to equal zero": https://help.ctrader.com/broker-oauth-inapp/create-trader/,
   * "3.3. Create a Trader"). The answer's `balance` is in 10^moneyDigits, like every read.
   */
  balance: number;
  depositCurrency: string;
  groupName: string;
  /** The trader's password in plain text; only its MD5 goes to CT (field `hashedPassword`). */
  traderPassword: string;
  /** Leverage × 100 (1:100 → 10000). */
  leverageInCents: number;
  totalMarginCalculationType: CtraderTotalMarginCalculationType;
  contactDetails?: CtraderContactDetails;
  name?: string;
  lastName?: string;
  /** Further optional 3.3 fields CT accepts, sent verbatim. */
  additionalFields?: Record<string, string | number | boolean>;
}
export interface CreateTraderRequest {
  accessRights: CtraderAccessRights;
  accountType: CtraderAccountType;
  balance: number;
  brokerName: string;
  depositCurrency: string;
  groupName: string;
  hashedPassword: string;
  leverageInCents: number;
  totalMarginCalculationType: CtraderTotalMarginCalculationType;
  contactDetails?: CtraderContactDetails;
  name?: string;
  lastName?: string;
  [field: string]: unknown;
}
/** A trader as CT returns it (3.3, GET /webserv/traders/{login}); money fields are integer minor units. */
export interface CtraderTrader {
  login: number;
  moneyDigits: number;
  balance: number;
  brokerName?: string;
  groupName?: string;
  depositCurrency?: string;
  leverageInCents?: number;
  accessRights?: CtraderAccessRights;
  accountType?: CtraderAccountType;
  bonus?: number;
  nonWithdrawableBonus?: number;
  equity?: number;
  contactDetails?: CtraderContactDetails | null;
  name?: string | null;
  lastName?: string | null;
  /** Epoch ms. */
  registrationTimestamp?: number;
  [field: string]: unknown;
}

// ---- traders registered in a window (GET /v2/webserv/traders?from&to) ----
export interface TradersQuery {
  /** Epoch ms, inclusive (sent as `yyyy-MM-ddTHH:mm:ss.SSS` UTC). */
  from: number;
  /** Epoch ms, exclusive: the documented window is `from <= registration < to`. */
  to: number;
  /** Cap on the requests one listing may take while following `hasMore` (default 64). */
  maxRequests?: number;
}

// ---- reconciliation source of 3.5 (per broker, off by default; see BalanceHistorySourceConfig) ----
/** One entry of a configured balance-history read, mapped to what reconciliation needs. */
export interface ConfirmedBalanceChange {
  externalId: string;
  /** null when the entry carries none (the source's mapping names the field). */
  balanceHistoryId: number | null;
}

// ---- 3.4 link account (/cid/ctid/link) ----
export interface LinkAccountInput {
  traderLogin: number;
  userId: number;
  /** Plain password (hashed here) or its MD5 hex when only the hash is at hand. */
  traderPassword?: string;
  traderPasswordHash?: string;
  /** Default: the broker's `trading.environment`. */
  environmentName?: CtraderEnvironmentName;
}
export interface LinkAccountRequest {
  traderLogin: number;
  traderPasswordHash: string;
  userId: number;
  brokerName: string;
  environmentName: CtraderEnvironmentName;
  /** Contract 3.4: always true. */
  returnAccountDetails: true;
}
export interface LinkAccountResponse {
  ctidTraderAccountId: number;
  [field: string]: unknown;
}

// ---- 3.5 changebalance (/v2/webserv/traders/{login}/changebalance) ----
export interface ChangeBalanceInput {
  login: number;
  /** Positive plain decimal as text ("100.50"); never a computed float. */
  preciseAmount: string;
  type: CtraderBalanceChangeType;
  comment?: string;
  /** Our unique id of this movement: what staff and a configured reconciliation source look for at CT. */
  externalId?: string;
  externalNote?: string;
  source?: string;
}
export interface ChangeBalanceRequest extends Omit<ChangeBalanceInput, 'preciseAmount'> {
  preciseAmount: number;
}
export interface ChangeBalanceResponse {
  /**
   * The balance history entry. null for the bonus types (DEPOSIT_/WITHDRAW_NONWITHDRAWABLE_BONUS): the docs' answer
   * names the entry of the balance, and a bonus change is not one, so CT may answer without it.
   */
  balanceHistoryId: number | null;
}

// ---- 3.6–3.8 referral (/cid/oauth2/ctid/referral) ----
export interface SetReferralInput {
  partnerId: string | number;
  userId?: number;
  ctidTraderAccountId?: number;
}
export interface SetReferralRequest extends SetReferralInput {
  brokerCrmName: string;
}
export interface ReferralQuery {
  userId?: number;
  ctidTraderAccountId?: number;
}
export interface CtraderReferral {
  userId: number;
  ctidTraderAccountId: number | null;
  partnerId: string | number;
}
export interface DeleteReferralInput {
  userId: number;
  ctidTraderAccountId?: number;
}

// ---- 3.9 in-app controls (/cid/oauth2/ctid/inAppControls) ----
/** Exactly one of the two; `urlinApp` is spelled with a lower-case i (contract 3.9). */
export type CtraderRibbonAction = { urlExternal: string } | { urlinApp: string };
export interface CtraderRibbon {
  /** `#rrggbb` */
  color: string;
  title: string;
  enabled: boolean;
  closable: boolean;
  action: CtraderRibbonAction;
  brokerName?: string;
  /** A string at CT, unlike everywhere else. */
  ctidTraderAccountId?: string;
}
export interface CtraderInAppRules {
  ribbons?: CtraderRibbon[];
}
export interface PutInAppControlsInput {
  userId: number;
  /** Replaces the user's whole rule set; `{}` clears it. */
  rules: CtraderInAppRules;
}
export interface PutInAppControlsRequest extends PutInAppControlsInput {
  brokerCrmName: string;
}

// ---- 3.10 change email (/cid/oauth2/ctid/changeEmail) ----
export interface ChangeEmailInput {
  userId: number;
  newEmail: string;
}
export interface ChangeEmailRequest extends ChangeEmailInput {
  brokerCrmName: string;
}

// ---- 3.11 user id by email (configurable path) ----
export interface UserIdByEmailResponse {
  userId: number;
}

// ---- LI redeem (/cid/ctid2/inAppToken/redeem) ----
export interface RedeemLightIdentityRequest {
  token: string;
}
export interface LightIdentity {
  userId: number;
  email: string;
  tradingLogin: number | null;
}
