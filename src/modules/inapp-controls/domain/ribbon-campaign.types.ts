/**
 * The ribbon domain in plain data (no ORM, no Nest): what a campaign says and what we know about a user. The rule
 * computation (ribbon-rules.ts) works on these only, so it is a pure function that the tests and the bench drive
 * directly.
 */

/** The segments computed from our own data (flows §2.3 "Ribbons"). A segment audience needs ALL listed to hold. */
export const RIBBON_SEGMENTS = [
  'noFundedAccount',
  'funded',
  'noTradingAccount',
  'kycNone',
  'kycPending',
  'kycRejected',
  'kycNotApproved',
  'kycApproved',
  'inactive',
  'partner',
  'notPartner',
] as const;
export type RibbonSegment = (typeof RIBBON_SEGMENTS)[number];

export const RIBBON_AUDIENCE_KINDS = ['everyone', 'brokerName', 'accounts', 'users', 'segment'] as const;
export type RibbonAudienceKind = (typeof RIBBON_AUDIENCE_KINDS)[number];

/**
 * Who gets a campaign's ribbon, and where cTrader shows it:
 * - `everyone`: every user of the broker, shown in all the user's sessions (no targeting field);
 * - `brokerName`: every user of the broker, shown only where the user is under this brokerName (`brokerName` field);
 * - `accounts`: the listed trading accounts (by login), one account-level ribbon each (`ctidTraderAccountId`);
 * - `users`: the listed cTID user ids;
 * - `segment`: users for whom every listed segment holds (`inactiveDays` for `inactive`).
 */
export type RibbonAudience =
  | { kind: 'everyone' }
  | { kind: 'brokerName' }
  | { kind: 'accounts'; logins: number[] }
  | { kind: 'users'; userIds: number[] }
  | { kind: 'segment'; segments: RibbonSegment[]; inactiveDays?: number };

/** Exactly one of the two, spelled as cTrader spells them (contract 3.9: `urlinApp`, lower-case i). */
export type RibbonCampaignAction = { urlinApp: string } | { urlExternal: string };

export interface RibbonCampaignDefinition {
  id: number;
  /** Title per language code (`en`, `es`, `pt-BR` …), with placeholders such as `{firstName}`. */
  titles: Record<string, string>;
  /** `#rrggbb`, lower-case. */
  color: string;
  /** In-app URLs may be paths of our own screens (`/inapp/deposit`); they are resolved before computing. */
  action: RibbonCampaignAction;
  closable: boolean;
  enabled: boolean;
  /** Epoch ms, inclusive; null = no start. */
  startsAt: number | null;
  /** Epoch ms, exclusive; null = no end. */
  endsAt: number | null;
  /** Higher first within one targeting level. */
  priority: number;
  audience: RibbonAudience;
}

export type KycStatus = 'none' | 'pending' | 'approved' | 'rejected';

export interface RibbonUserAccount {
  login: number;
  ctidTraderAccountId: number;
  currency: string;
}

/** Everything the computation may know about one user. */
export interface RibbonUserFacts {
  ctidUserId: number;
  firstName: string;
  lastName: string;
  /** The user's preferred language (`en`, `es`, `pt-BR` …). */
  language: string;
  /** Linked trading accounts, oldest first. */
  accounts: RibbonUserAccount[];
  /** A deposit completed for this user at least once. */
  funded: boolean;
  kycStatus: KycStatus;
  isPartner: boolean;
  /** Epoch ms of the last thing we saw the user do (signup, account, deposit, KYC, login). */
  lastActivityAt: number;
}

/** What is the same for every user of one computation. */
export interface RibbonComputationContext {
  brokerName: string;
  /** The broker's display name (`{brokerName}` placeholder). */
  brandName: string;
  /** Fallback language of titles. */
  defaultLanguage: string;
  /**
   * When the broker's CRM serves several brokers (white labels), every ribbon carries `brokerName`: one cTID
   * user's rule set is shared by those brokers, and one broker's ribbon must never show under another.
   */
  tagEveryRibbonWithBrokerName: boolean;
  maxRibbonsPerUser: number;
  now: number;
}
