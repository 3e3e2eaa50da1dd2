import { randomBytes } from 'node:crypto';
import {
  CallId,
  SimBalanceChange,
  SimCallLogEntry,
  SimInAppControls,
  SimInAppRules,
  SimLightIdentityToken,
  SimLinkedAccount,
  SimReferral,
  SimTrader,
  SimTraderView,
  SimUser,
  SimWebSession,
} from './simulator-records';

/** First ids handed out; distinct ranges make a mixed-up id obvious in a failing test. */
const FIRST_USER_ID = 1000001;
const FIRST_TRADER_LOGIN = 3000001;
const FIRST_CTID_TRADER_ACCOUNT_ID = 5000001;
const FIRST_BALANCE_HISTORY_ID = 7000001;
/** The call log is for tests and demos; a long-running standalone simulator must not grow without bound. */
const CALL_LOG_LIMIT = 10000;

export interface NewUser {
  brokerCrmName: string;
  email: string;
  firstName?: string;
  nickName?: string;
  preferredLanguage?: string;
  /** Only for users minted from outside (Light identity tokens for a user the broker never saw). */
  userId?: number;
}

export type NewTrader = Omit<SimTrader, 'login' | 'bonus' | 'nonWithdrawableBonus' | 'registrationTimestamp'>;

export type NewBalanceChange = Omit<SimBalanceChange, 'balanceHistoryId' | 'changeTimestamp'>;

export interface CallLogFilter {
  call?: CallId;
}

/** The user as read back by tests: the record plus what hangs off it. */
export interface SimUserView extends SimUser {
  logouts: number;
  linkedAccounts: SimLinkedAccount[];
  referral: SimReferral | null;
  accountReferrals: SimReferral[];
  inAppControls: SimInAppRules | null;
}

/**
 * Everything the simulated cTrader backend remembers. Storage and read-back only: cTrader's business rules
 * (validation, error codes) live in the route files, so that this class stays a plain in-memory repository.
 */
export class SimulatorState {
  private readonly managerTokens = new Map<string, number>();
  private readonly users = new Map<number, SimUser>();
  private readonly traders = new Map<number, SimTrader>();
  private readonly history = new Map<number, SimBalanceChange[]>();
  private readonly accounts = new Map<number, SimLinkedAccount>();
  private readonly referrals = new Map<string, SimReferral>();
  private readonly inAppControls = new Map<string, SimInAppControls>();
  private readonly liTokens = new Map<string, SimLightIdentityToken>();
  private callLog: SimCallLogEntry[] = [];
  private webSessions: SimWebSession[] = [];
  // Sequences survive reset(): an app database that outlives a simulator reset must never see an id reused.
  private nextUserId = FIRST_USER_ID;
  private nextLogin = FIRST_TRADER_LOGIN;
  private nextAccountId = FIRST_CTID_TRADER_ACCOUNT_ID;
  private nextBalanceHistoryId = FIRST_BALANCE_HISTORY_ID;

  constructor(private readonly now: () => number) {}

  // ---- manager tokens (3.1) ----

  issueManagerToken(managerLogin: number): string {
    const token = randomBytes(24).toString('hex');
    this.managerTokens.set(token, managerLogin);
    return token;
  }

  managerLoginForToken(token: string): number | undefined {
    return this.managerTokens.get(token);
  }

  /** cTrader's webservToken never expires; this lets a test simulate CT forgetting it (restart, rotation). */
  revokeManagerTokens(managerLogin?: number): number {
    let revoked = 0;
    for (const [token, login] of this.managerTokens) {
      if (managerLogin === undefined || login === managerLogin) {
        this.managerTokens.delete(token);
        revoked += 1;
      }
    }
    return revoked;
  }

  // ---- users (3.2, 3.10-3.13) ----

  createUser(input: NewUser): SimUser {
    const userId = input.userId ?? this.nextUserId;
    if (this.users.has(userId)) {
      throw new Error(`user ${userId} already exists`);
    }
    this.nextUserId = Math.max(this.nextUserId, userId + 1);
    const user: SimUser = {
      userId,
      brokerCrmName: input.brokerCrmName,
      email: input.email,
      firstName: input.firstName ?? null,
      nickName: input.nickName ?? null,
      preferredLanguage: input.preferredLanguage ?? null,
      createdAt: this.isoNow(),
      acceptedAgreement: false,
      acceptedAgreementAt: null,
      logoutEvents: [],
    };
    this.users.set(userId, user);
    return user;
  }

  /** A user as seen by one brokerCrmName: users of another CRM do not exist for it. */
  findUser(brokerCrmName: string, userId: number): SimUser | undefined {
    const user = this.users.get(userId);
    return user && user.brokerCrmName === brokerCrmName ? user : undefined;
  }

  /** Emails compare case-insensitively, as mailbox domains do and as CT's uniqueness check must. */
  findUserByEmail(brokerCrmName: string, email: string): SimUser | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) {
      if (user.brokerCrmName === brokerCrmName && user.email.toLowerCase() === wanted) {
        return user;
      }
    }
    return undefined;
  }

  changeEmail(user: SimUser, newEmail: string): void {
    user.email = newEmail;
  }

  acceptAgreement(user: SimUser): void {
    if (!user.acceptedAgreement) {
      user.acceptedAgreement = true;
      user.acceptedAgreementAt = this.isoNow();
    }
  }

  recordLogout(user: SimUser): void {
    user.logoutEvents.push(this.isoNow());
  }

  getUser(userId: number): SimUserView | undefined {
    const user = this.users.get(userId);
    return user ? this.userView(user) : undefined;
  }

  listUsers(): SimUserView[] {
    return [...this.users.values()].map((user) => this.userView(user));
  }

  // ---- traders and balance (3.3, 3.5, reads) ----

  createTrader(input: NewTrader): SimTrader {
    const trader: SimTrader = {
      ...input,
      login: this.nextLogin++,
      bonus: 0,
      nonWithdrawableBonus: 0,
      registrationTimestamp: this.now(),
    };
    this.traders.set(trader.login, trader);
    this.history.set(trader.login, []);
    return trader;
  }

  findTrader(login: number): SimTrader | undefined {
    return this.traders.get(login);
  }

  getTrader(login: number): SimTraderView | undefined {
    const trader = this.traders.get(login);
    return trader ? traderView(trader) : undefined;
  }

  listTraders(): SimTraderView[] {
    return [...this.traders.values()].map(traderView);
  }

  /** Stores a change whose amounts the caller has already checked; updates the trader in the same step. */
  appendBalanceChange(trader: SimTrader, change: NewBalanceChange): SimBalanceChange {
    const entry: SimBalanceChange = {
      ...change,
      balanceHistoryId: this.nextBalanceHistoryId++,
      changeTimestamp: this.now(),
    };
    trader.balance = change.balance;
    trader.nonWithdrawableBonus = change.nonWithdrawableBonus;
    this.history.get(trader.login)?.push(entry);
    return entry;
  }

  balanceHistory(login: number): SimBalanceChange[] | undefined {
    const entries = this.history.get(login);
    return entries ? clone(entries) : undefined;
  }

  // ---- linked accounts (3.4) ----

  linkAccount(input: Omit<SimLinkedAccount, 'ctidTraderAccountId' | 'linkedAt'>): SimLinkedAccount {
    const account: SimLinkedAccount = { ...input, ctidTraderAccountId: this.nextAccountId++, linkedAt: this.isoNow() };
    this.accounts.set(account.ctidTraderAccountId, account);
    return account;
  }

  findAccountOfTrader(traderLogin: number): SimLinkedAccount | undefined {
    for (const account of this.accounts.values()) {
      if (account.traderLogin === traderLogin) {
        return account;
      }
    }
    return undefined;
  }

  findAccount(ctidTraderAccountId: number): SimLinkedAccount | undefined {
    return this.accounts.get(ctidTraderAccountId);
  }

  listAccounts(): SimLinkedAccount[] {
    return clone([...this.accounts.values()]);
  }

  // ---- referrals (3.6-3.8) ----

  setReferral(referral: Omit<SimReferral, 'updatedAt'>): void {
    this.referrals.set(referralKey(referral.brokerCrmName, referral.userId, referral.ctidTraderAccountId), {
      ...referral,
      updatedAt: this.isoNow(),
    });
  }

  findReferral(brokerCrmName: string, userId: number, ctidTraderAccountId: number | null): SimReferral | undefined {
    const found = this.referrals.get(referralKey(brokerCrmName, userId, ctidTraderAccountId));
    return found ? clone(found) : undefined;
  }

  deleteReferral(brokerCrmName: string, userId: number, ctidTraderAccountId: number | null): boolean {
    return this.referrals.delete(referralKey(brokerCrmName, userId, ctidTraderAccountId));
  }

  listReferrals(): SimReferral[] {
    return clone([...this.referrals.values()]);
  }

  // ---- in-app controls (3.9) ----

  /** Replaces the user's whole rule set, as 3.9 does; `{}` clears it. */
  setInAppControls(brokerCrmName: string, userId: number, rules: SimInAppRules): void {
    this.inAppControls.set(`${brokerCrmName}:${userId}`, { brokerCrmName, userId, rules, updatedAt: this.isoNow() });
  }

  getInAppControls(brokerCrmName: string, userId: number): SimInAppControls | undefined {
    const found = this.inAppControls.get(`${brokerCrmName}:${userId}`);
    return found ? clone(found) : undefined;
  }

  listInAppControls(): SimInAppControls[] {
    return clone([...this.inAppControls.values()]);
  }

  // ---- Light identity tokens (LI) ----

  storeLightIdentityToken(record: Omit<SimLightIdentityToken, 'token' | 'redeemedAt'>, format: 'base64url' | 'jwt' = 'base64url'): SimLightIdentityToken {
    const random = randomBytes(32).toString('base64url');
    const token = format === 'jwt' ? jwtShaped(record.userId, record.expiresAt, random) : random;
    const stored: SimLightIdentityToken = { ...record, token, redeemedAt: null };
    this.liTokens.set(token, stored);
    return stored;
  }

  findLightIdentityToken(token: string): SimLightIdentityToken | undefined {
    return this.liTokens.get(token);
  }

  markLightIdentityTokenRedeemed(record: SimLightIdentityToken): void {
    record.redeemedAt = this.now();
  }

  // ---- call log ----

  recordCall(entry: SimCallLogEntry): SimCallLogEntry {
    this.callLog.push(entry);
    if (this.callLog.length > CALL_LOG_LIMIT) {
      this.callLog = this.callLog.slice(-CALL_LOG_LIMIT);
    }
    return entry;
  }

  calls(filter: CallLogFilter = {}): SimCallLogEntry[] {
    return clone(this.callLog.filter((entry) => filter.call === undefined || entry.call === filter.call));
  }

  /**
   * Calls received and not yet done here (their effect may still land), `timeout` faults excepted: those never run.
   * What a test playing staff waits for before judging whether a movement reached cTrader.
   */
  unsettledCalls(call: CallId): number {
    return this.callLog.filter((entry) => entry.call === call && entry.settledAt === undefined && entry.fault !== 'timeout').length;
  }

  countCalls(call?: CallId): number {
    return call === undefined ? this.callLog.length : this.callLog.filter((entry) => entry.call === call).length;
  }

  // ---- simulated cTrader Web visits ----

  recordWebSession(session: Omit<SimWebSession, 'at'>): SimWebSession {
    const stored = { ...session, at: this.isoNow() };
    this.webSessions.push(stored);
    return stored;
  }

  listWebSessions(): SimWebSession[] {
    return clone(this.webSessions);
  }

  /**
   * Forgets users, traders, links, referrals, controls, tokens and the call log. Manager tokens survive
   * (they never expire at CT: use revokeManagerTokens) and id sequences keep counting (see above).
   */
  reset(): void {
    this.users.clear();
    this.traders.clear();
    this.history.clear();
    this.accounts.clear();
    this.referrals.clear();
    this.inAppControls.clear();
    this.liTokens.clear();
    this.callLog = [];
    this.webSessions = [];
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  private userView(user: SimUser): SimUserView {
    const referrals = [...this.referrals.values()].filter((r) => r.brokerCrmName === user.brokerCrmName && r.userId === user.userId);
    return clone({
      ...user,
      logouts: user.logoutEvents.length,
      linkedAccounts: [...this.accounts.values()].filter((a) => a.userId === user.userId),
      referral: referrals.find((r) => r.ctidTraderAccountId === null) ?? null,
      accountReferrals: referrals.filter((r) => r.ctidTraderAccountId !== null),
      inAppControls: this.inAppControls.get(`${user.brokerCrmName}:${user.userId}`)?.rules ?? null,
    });
  }
}

function traderView(trader: SimTrader): SimTraderView {
  // The password hash is CT's secret; no read (API or test) ever shows it.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { hashedPassword, ...rest } = trader;
  // No open positions in the simulator, so equity is what the trader owns plus the non-withdrawable bonus.
  return clone({ ...rest, equity: trader.balance + trader.nonWithdrawableBonus });
}

/** header.payload.signature, each base64url: the shape of a JWT (not a verifiable one; the simulator stores it). */
function jwtShaped(userId: number, expiresAt: number, random: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: String(userId), exp: Math.floor(expiresAt / 1000) })}.${random}`;
}

function referralKey(brokerCrmName: string, userId: number, ctidTraderAccountId: number | null): string {
  return ctidTraderAccountId === null ? `${brokerCrmName}:user:${userId}` : `${brokerCrmName}:account:${ctidTraderAccountId}`;
}

/** Read-back hands out copies so a test cannot mutate the simulator behind its back. */
function clone<T>(value: T): T {
  return structuredClone(value);
}
