import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { HealthIndicatorResult } from '@nestjs/terminus';
import { sleep } from '../../lib/backoff/jittered-backoff';
import { BrokerContext } from '../broker-identification/broker-context';
import { BrokerRegistry } from '../broker-identification/broker-registry.service';
import { ReadinessCheckRegistry } from '../health/readiness-check.registry';
import { MetricsService } from '../observability/metrics.service';
import { CTRADER_CALLS, CtraderCallId, CtraderCallSpec, CtraderHttpMethod, ctraderBasePath } from './ctrader-call';
import { CtraderCallMetrics, CtraderCallOutcome } from './ctrader-call.metrics';
import {
  ChangeBalanceInput,
  ChangeBalanceRequest,
  ChangeBalanceResponse,
  ChangeEmailInput,
  ChangeEmailRequest,
  CreateCtidUserInput,
  CreateCtidUserRequest,
  CreateCtidUserResponse,
  CreateTraderInput,
  CreateTraderRequest,
  ConfirmedBalanceChange,
  CtraderCallOptions,
  CtraderReferral,
  CtraderTrader,
  DeleteReferralInput,
  LightIdentity,
  LinkAccountInput,
  LinkAccountRequest,
  LinkAccountResponse,
  ManagerTokenRequest,
  ManagerTokenResponse,
  PutInAppControlsInput,
  PutInAppControlsRequest,
  RedeemLightIdentityRequest,
  ReferralQuery,
  SetReferralInput,
  SetReferralRequest,
  TradersQuery,
} from './ctrader-gateway.dto';
import { CTRADER_GATEWAY_OPTIONS, CtraderGatewayOptions, DEFAULT_CTRADER_GATEWAY_OPTIONS } from './ctrader-gateway.options';
import { CtraderHttpClient } from './ctrader-http.client';
import { CallContext, errorFromFailure, errorFromResponse, invalidResponse, isManagerTokenRejection } from './ctrader-response.mapper';
import { FailureCounts, retryDelayMs } from './ctrader-retry.policy';
import { CtraderError, CtraderErrorKind, TRADER_ALREADY_LINKED } from './ctrader.error';
import { integerOf, withIntegerFields } from './lenient-numbers';
import { ManagerTokenCache } from './manager-token.cache';
import { NonGetPacer } from './non-get-pacer';
import { preciseAmountToJsonNumber } from './precise-amount';
import { ctraderInstant, readTradersWindow, TradersPage } from './traders-window';
import { Clock } from '../clock';

/** A broker, by context (inside a request) or by name (jobs, admin). */
export type BrokerRef = BrokerContext | string;

type Query = Record<string, string | number | undefined>;

interface CallRequest {
  path: string;
  /** Only where config chooses it (3.12, 3.13); otherwise the catalogue's method. */
  method?: CtraderHttpMethod;
  query?: Query;
  body?: unknown;
}

type AttemptResult =
  { ok: true; status: number; text: string } | { ok: false; error: CtraderError; tokenUsed?: string; tokenRejected: boolean; pacerTicket?: number };

const OUTCOME_BY_KIND: Record<CtraderErrorKind, CtraderCallOutcome> = {
  rejected: 'rejected',
  auth: 'auth',
  rateLimited: 'rate_limited',
  server: 'server_error',
  timeout: 'timeout',
  network: 'network_error',
  invalidResponse: 'invalid_response',
  deadline: 'network_error',
  configuration: 'network_error',
};

const md5Hex = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const MD5_HEX = /^[0-9a-f]{32}$/i;

/**
 * The only code that knows cTrader's URLs, auth and error format (ARCHITECTURE.md §4, contract §1.5).
 *
 * - Base URL per broker (`ctrader.url`), `/cid` or `/v2` by path prefix (contract §1.1).
 * - Manager token (3.1, MD5 of the manager password) obtained lazily, cached per broker and host, shared by
 *   concurrent callers, renewed once after CT refuses it — then the call is repeated once; never a loop.
 *   The token travels only in the query string and is never logged or put into an error.
 * - Per-call timeout (`ctrader.timeoutMs`), jittered exponential retries only where a repeat is safe
 *   (see ctrader-retry.policy.ts), pacing of non-GET calls per broker with a pause after REQUEST_FREQUENCY_EXCEEDED.
 * - Every failure is a typed CtraderError; every HTTP request is counted and timed.
 */
@Injectable()
export class CtraderGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CtraderGateway');
  private readonly options: CtraderGatewayOptions;
  private readonly http: CtraderHttpClient;
  private readonly tokens: ManagerTokenCache;
  private readonly pacers = new Map<string, NonGetPacer>();
  private readonly metrics: CtraderCallMetrics;
  private readonly readinessAnswers = new Map<string, { at: number; result: HealthIndicatorResult }>();

  constructor(
    private readonly clock: Clock,
    private readonly brokers: BrokerRegistry,
    metrics: MetricsService,
    private readonly readiness: ReadinessCheckRegistry,
    @Optional() @Inject(CTRADER_GATEWAY_OPTIONS) options?: Partial<CtraderGatewayOptions>,
  ) {
    this.options = { ...DEFAULT_CTRADER_GATEWAY_OPTIONS, ...(options ?? {}) };
    this.http = new CtraderHttpClient(clock);
    this.tokens = new ManagerTokenCache(this.options.credentialRefusalCooldownMs);
    this.metrics = new CtraderCallMetrics(metrics.registry);
  }

  onModuleInit(): void {
    // Per probe, the brokers configured now: a reload may add or remove one.
    this.readiness.registerEach(() => this.brokers.all().map((broker) => () => this.checkReadiness(broker)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
  }

  // ---------------------------------------------------------------- typed calls (contract §1.5)

  /** 3.1. Sends the call itself (no cache): modules never need this, the gateway calls it when it needs a token. */
  async obtainManagerToken(broker: BrokerRef): Promise<ManagerTokenResponse> {
    const b = this.resolve(broker);
    const body: ManagerTokenRequest = { hashedPassword: md5Hex(b.config.ctrader.managerPassword), login: b.config.ctrader.managerLogin };
    const res = await this.call<ManagerTokenResponse>(b, '3.1', { path: '/webserv/managers/token', body });
    if (!res || typeof res.webservToken !== 'string' || res.webservToken === '') throw this.badBody(b, '3.1', 'webservToken missing');
    return { webservToken: res.webservToken };
  }

  /** 3.2: a new cTID user of the broker's CRM. Never repeated automatically (a lost answer may hide a created user). */
  async createUser(broker: BrokerRef, input: CreateCtidUserInput, options: CtraderCallOptions = {}): Promise<CreateCtidUserResponse> {
    const b = this.resolve(broker);
    const body: CreateCtidUserRequest = { brokerCrmName: b.brokerCrmName, ...definedOnly({ ...input, preferredLanguage: alpha2(input.preferredLanguage) }) };
    const res = await this.call<CreateCtidUserResponse>(b, '3.2', { path: '/oauth2/ctid/create', body }, options);
    return { userId: this.integerField(b, '3.2', res, 'userId') };
  }

  /** 3.3: a trading account. The password is sent only as MD5 (`hashedPassword`). Never repeated automatically. */
  async createTrader(broker: BrokerRef, input: CreateTraderInput, options: CtraderCallOptions = {}): Promise<CtraderTrader> {
    const b = this.resolve(broker);
    const { traderPassword, additionalFields, ...rest } = input;
    const body: CreateTraderRequest = {
      ...(additionalFields ?? {}),
      ...definedOnly(rest),
      brokerName: b.brokerName,
      hashedPassword: md5Hex(traderPassword),
    };
    const res = await this.call<CtraderTrader>(b, '3.3', { path: '/webserv/traders', body }, options);
    return this.trader(b, '3.3', res);
  }

  /** GET /webserv/traders/{login}. */
  async getTrader(broker: BrokerRef, login: number): Promise<CtraderTrader> {
    const b = this.resolve(broker);
    const res = await this.call<CtraderTrader>(b, 'traderRead', { path: `/webserv/traders/${integer(login, 'login')}` });
    return this.trader(b, 'traderRead', res);
  }

  /**
   * GET /webserv/traders?from&to, read to the end: the traders registered in [from, to) — how a saga finds the
   * trader of a 3.3 whose answer it never received, instead of creating a second one. Format of the bounds and how
   * `hasMore` is followed: traders-window.ts (docs cited there).
   */
  async listTraders(broker: BrokerRef, query: TradersQuery): Promise<CtraderTrader[]> {
    const b = this.resolve(broker);
    const window = { from: integer(query.from, 'from'), to: integer(query.to, 'to') };
    const page = async (from: number, to: number): Promise<TradersPage> => {
      const res = await this.call<{ trader?: unknown; hasMore?: unknown }>(b, 'tradersList', {
        path: '/webserv/traders',
        query: { from: ctraderInstant(from), to: ctraderInstant(to) },
      });
      if (!res || !Array.isArray(res.trader)) throw this.badBody(b, 'tradersList', 'trader list missing');
      if (res.hasMore !== undefined && typeof res.hasMore !== 'boolean') throw this.badBody(b, 'tradersList', 'hasMore is not a boolean');
      // Integers sent as strings are read leniently here too (lenient-numbers.ts), as in the one-trader read.
      const traders = res.trader
        .filter((t): t is object => !!t && typeof t === 'object')
        .map((t) => withIntegerFields(t) as CtraderTrader)
        .filter((t) => Number.isSafeInteger(t.login));
      return { traders, hasMore: res.hasMore === true };
    };
    const failure = (errorCode: string) =>
      new CtraderError({
        kind: 'invalidResponse',
        callId: 'tradersList',
        brokerName: b.brokerName,
        status: null,
        errorCode,
        retryable: false,
        outcomeUnknown: false,
      });
    return readTradersWindow(window, page, failure, query.maxRequests);
  }

  /**
   * The broker's configured reconciliation source of 3.5 (`ctrader.reconciliation.balanceHistory`, off by default):
   * the entry with this externalId, or null when the source lists none. The WebServices reference documents no read
   * of balance history (contract §1.5), so this exists only where Spotware has confirmed one for the deployment; the
   * path and the field names come from config. Throws a `configuration` error when the source is not enabled.
   */
  async findConfirmedBalanceChange(broker: BrokerRef, login: number, externalId: string): Promise<ConfirmedBalanceChange | null> {
    const b = this.resolve(broker);
    const source = b.config.ctrader.reconciliation.balanceHistory;
    if (!source.enabled) {
      throw new CtraderError({
        kind: 'configuration',
        callId: 'balanceHistoryRead',
        brokerName: b.brokerName,
        status: null,
        errorCode: 'RECONCILIATION_SOURCE_NOT_CONFIGURED',
        retryable: false,
        outcomeUnknown: false,
      });
    }
    const path = source.path.replace('{login}', String(integer(login, 'login')));
    const res = await this.call<Record<string, unknown>>(b, 'balanceHistoryRead', { path });
    const list = res && typeof res === 'object' ? res[source.listField] : undefined;
    if (!Array.isArray(list)) throw this.badBody(b, 'balanceHistoryRead', `${source.listField} missing`);
    const matches = list.filter(
      (e): e is Record<string, unknown> => !!e && typeof e === 'object' && (e as Record<string, unknown>)[source.externalIdField] === externalId,
    );
    if (matches.length === 0) return null;
    if (matches.length > 1) {
      // Cannot happen through the changebalance job; if it does, someone else sent our externalId. Report it loudly.
      this.logger.error({ ctrader: { broker: b.brokerName, login, entries: matches.length } }, 'an externalId appears more than once in the balance history');
    }
    const id = numericId(matches[0][source.balanceHistoryIdField]);
    return { externalId, balanceHistoryId: id };
  }

  /**
   * 3.4: links a trading account to a cTID user; always with `returnAccountDetails: true` (contract 3.4). A trader
   * that is already linked (to anyone) fails with the typed `TRADER_ALREADY_LINKED` (see isTraderAlreadyLinked).
   */
  async linkAccount(broker: BrokerRef, input: LinkAccountInput, options: CtraderCallOptions = {}): Promise<LinkAccountResponse> {
    const b = this.resolve(broker);
    const hash = input.traderPasswordHash ?? (input.traderPassword !== undefined ? md5Hex(input.traderPassword) : undefined);
    if (!hash || !MD5_HEX.test(hash)) throw new TypeError('linkAccount needs traderPassword or an MD5 hex traderPasswordHash');
    const body: LinkAccountRequest = {
      traderLogin: integer(input.traderLogin, 'traderLogin'),
      traderPasswordHash: hash.toLowerCase(),
      userId: integer(input.userId, 'userId'),
      brokerName: b.brokerName,
      environmentName: input.environmentName ?? b.config.trading.environment,
      returnAccountDetails: true,
    };
    let res: LinkAccountResponse | undefined;
    try {
      res = await this.call<LinkAccountResponse>(b, '3.4', { path: '/ctid/link', body }, options);
    } catch (error: unknown) {
      throw alreadyLinkedAsTyped(error);
    }
    return { ...(res ?? {}), ctidTraderAccountId: this.integerField(b, '3.4', res, 'ctidTraderAccountId') };
  }

  /**
   * 3.5 changebalance (help.ctrader.com broker-oauth-inapp "3.5. Change a Trader's Balance"; docs.spotware.com
   * full-integration/api-reference/balances). CT has no idempotency key, so this is NEVER repeated here after a
   * 5xx/timeout/dropped answer (only after REQUEST_FREQUENCY_EXCEEDED, which CT answers before doing anything): use
   * the `ctrader.changeBalance` job, which never sends a second 3.5 while an outcome is unknown.
   *
   * The docs' Output is `balanceHistoryId`, the id of an entry in the account's *balance* history. A bonus type
   * moves `nonWithdrawableBonus`, not the balance, so its answer may carry none (our reading, with issue #22): a 2xx
   * without it is a success with `balanceHistoryId: null` for those two types, and an invalid answer for the others.
   */
  async changeBalance(broker: BrokerRef, input: ChangeBalanceInput, options: CtraderCallOptions = {}): Promise<ChangeBalanceResponse> {
    const b = this.resolve(broker);
    const login = integer(input.login, 'login');
    const body: ChangeBalanceRequest = { ...definedOnly(input), login, preciseAmount: preciseAmountToJsonNumber(input.preciseAmount) };
    const res = await this.call<ChangeBalanceResponse>(b, '3.5', { path: `/webserv/traders/${login}/changebalance`, body }, options);
    if (isBonusType(input.type) && (res === undefined || res === null || (typeof res === 'object' && res.balanceHistoryId === undefined))) {
      return { balanceHistoryId: null };
    }
    return { balanceHistoryId: this.integerField(b, '3.5', res, 'balanceHistoryId') };
  }

  /** 3.6: user-level (userId) or account-level (ctidTraderAccountId) partner id. Replace-style: safe to repeat. */
  async setReferral(broker: BrokerRef, input: SetReferralInput): Promise<void> {
    const b = this.resolve(broker);
    if (input.userId === undefined && input.ctidTraderAccountId === undefined) throw new TypeError('setReferral needs userId or ctidTraderAccountId');
    const body: SetReferralRequest = { brokerCrmName: b.brokerCrmName, ...definedOnly(input) };
    await this.call(b, '3.6', { path: '/oauth2/ctid/referral', body });
  }

  /** 3.7: the partner attribution CT holds, or null when it has none. */
  async getReferral(broker: BrokerRef, query: ReferralQuery): Promise<CtraderReferral | null> {
    const b = this.resolve(broker);
    try {
      const res = await this.call<CtraderReferral>(b, '3.7', {
        path: '/oauth2/ctid/referral',
        query: { brokerCrmName: b.brokerCrmName, userId: query.userId, ctidTraderAccountId: query.ctidTraderAccountId },
      });
      if (!res || typeof res !== 'object') throw this.badBody(b, '3.7', 'referral missing');
      const userId = integerOf(res.userId) ?? res.userId;
      const ctidTraderAccountId =
        res.ctidTraderAccountId === null || res.ctidTraderAccountId === undefined ? null : (integerOf(res.ctidTraderAccountId) ?? res.ctidTraderAccountId);
      return { userId, ctidTraderAccountId, partnerId: res.partnerId };
    } catch (error: unknown) {
      // A GET of a record that is not there is data, not a failure.
      if (error instanceof CtraderError && error.kind === 'rejected' && error.status === 404) return null;
      throw error;
    }
  }

  /** 3.8: without ctidTraderAccountId only the user-level record goes. */
  async deleteReferral(broker: BrokerRef, input: DeleteReferralInput): Promise<void> {
    const b = this.resolve(broker);
    await this.call(b, '3.8', {
      path: '/oauth2/ctid/referral',
      query: { brokerCrmName: b.brokerCrmName, userId: integer(input.userId, 'userId'), ctidTraderAccountId: input.ctidTraderAccountId },
    });
  }

  /** 3.9: replaces the user's whole rule set; `userId` is sent top-level (contract 3.9, our decision). */
  async putInAppControls(broker: BrokerRef, input: PutInAppControlsInput): Promise<void> {
    const b = this.resolve(broker);
    const body: PutInAppControlsRequest = { brokerCrmName: b.brokerCrmName, userId: integer(input.userId, 'userId'), rules: input.rules };
    await this.call(b, '3.9', { path: '/oauth2/ctid/inAppControls', body });
  }

  /** 3.10: call whenever a user's email changes. */
  async changeEmail(broker: BrokerRef, input: ChangeEmailInput): Promise<void> {
    const b = this.resolve(broker);
    const body: ChangeEmailRequest = { userId: integer(input.userId, 'userId'), newEmail: input.newEmail, brokerCrmName: b.brokerCrmName };
    await this.call(b, '3.10', { path: '/oauth2/ctid/changeEmail', body });
  }

  /** 3.11 (path from config): the cTID user with this email, or null (CT answers an empty body). */
  async findUserIdByEmail(broker: BrokerRef, email: string): Promise<number | null> {
    const b = this.resolve(broker);
    const res = await this.call<{ userId?: unknown }>(b, '3.11', {
      path: b.config.ctrader.paths.userIdByEmail,
      query: { brokerCrmName: b.brokerCrmName, email },
    });
    if (res === undefined || res === null || (typeof res === 'object' && res.userId === undefined)) return null;
    return this.integerField(b, '3.11', res, 'userId');
  }

  /** 3.12 (method and path from config, defaults are readings): logs the user out of every cTrader app. */
  async logoutEverywhere(broker: BrokerRef, userId: number): Promise<void> {
    const b = this.resolve(broker);
    const { logout, logoutMethod } = b.config.ctrader.paths;
    await this.call(b, '3.12', { method: logoutMethod, path: logout, query: { brokerCrmName: b.brokerCrmName, userId: integer(userId, 'userId') } });
  }

  /** 3.13 (method and path from config, defaults are readings): records that the user accepted the broker's agreement. */
  async acceptAgreement(broker: BrokerRef, userId: number): Promise<void> {
    const b = this.resolve(broker);
    const { acceptAgreement, acceptAgreementMethod } = b.config.ctrader.paths;
    await this.call(b, '3.13', {
      method: acceptAgreementMethod,
      path: acceptAgreement,
      query: { brokerCrmName: b.brokerCrmName, userId: integer(userId, 'userId') },
    });
  }

  /** LI: redeems a Light-identity token (single use at CT: never repeated automatically). */
  async redeemLightIdentityToken(broker: BrokerRef, token: string, options: CtraderCallOptions = {}): Promise<LightIdentity> {
    const b = this.resolve(broker);
    const body: RedeemLightIdentityRequest = { token };
    const res = await this.call<Partial<LightIdentity>>(b, 'LI', { path: '/ctid2/inAppToken/redeem', body }, options);
    const userId = this.integerField(b, 'LI', res, 'userId');
    if (typeof res?.email !== 'string') throw this.badBody(b, 'LI', 'email missing');
    const tradingLogin = integerOf(res.tradingLogin) ?? null;
    return { userId, email: res.email, tradingLogin };
  }

  // ---------------------------------------------------------------- readiness

  /** `ctrader:<brokerName>`: a manager token can be obtained (or, once we hold one, the host answers HTTP). */
  async checkReadiness(broker: BrokerContext): Promise<HealthIndicatorResult> {
    const key = `ctrader:${broker.brokerName}`;
    const cached = this.readinessAnswers.get(key);
    if (cached && this.clock.now() - cached.at < this.options.readinessCacheMs) return cached.result;
    let result: HealthIndicatorResult;
    try {
      const origin = this.origin(broker, CTRADER_CALLS['3.1']);
      if (this.tokens.has(this.tokenKey(broker, origin))) {
        const probe = await this.http.send({
          origin,
          method: 'GET',
          pathAndQuery: '/',
          timeoutMs: this.options.readinessTimeoutMs,
          startTimer: this.options.callTimer,
        });
        if (probe.kind === 'failure') throw errorFromFailure({ callId: '3.1', brokerName: broker.brokerName, method: 'GET' }, probe.failure, probe.code);
      } else {
        await withTimeout(this.managerToken(broker), this.options.readinessTimeoutMs, () =>
          errorFromFailure({ callId: '3.1', brokerName: broker.brokerName, method: 'POST' }, 'timeout', 'TIMEOUT'),
        );
      }
      result = { [key]: { status: 'up' } };
    } catch (error: unknown) {
      const reason = error instanceof CtraderError ? error.errorCode : 'UNAVAILABLE';
      result = { [key]: { status: 'down', reason } };
    }
    this.readinessAnswers.set(key, { at: this.clock.now(), result });
    return result;
  }

  // ---------------------------------------------------------------- the call pipeline

  private resolve(ref: BrokerRef): BrokerContext {
    if (typeof ref !== 'string') return ref;
    const found = this.brokers.findByName(ref);
    if (!found) throw new Error(`Unknown broker ${ref}`);
    return found;
  }

  private origin(broker: BrokerContext, spec: CtraderCallSpec): string {
    const url = broker.config.ctrader.url;
    // `simulator` is replaced by the embedded simulator's address at boot; if it is still here, nothing runs there.
    if (!/^https?:\/\/[^\s/]+$/.test(url)) {
      throw new CtraderError({
        kind: 'configuration',
        callId: spec.id,
        brokerName: broker.brokerName,
        status: null,
        errorCode: 'CTRADER_HOST_NOT_CONFIGURED',
        retryable: false,
        outcomeUnknown: false,
      });
    }
    return url;
  }

  private tokenKey(broker: BrokerContext, origin: string): string {
    return `${broker.brokerName}|${origin}|${broker.config.ctrader.managerLogin}`;
  }

  private pacer(broker: BrokerContext): NonGetPacer {
    let pacer = this.pacers.get(broker.brokerName);
    if (!pacer) {
      pacer = new NonGetPacer(broker.config.ctrader.nonGetPerSecond, this.options.rateLimitBackoff, Date.now, this.options.random);
      this.pacers.set(broker.brokerName, pacer);
    }
    return pacer;
  }

  private managerToken(broker: BrokerContext): Promise<string> {
    const origin = this.origin(broker, CTRADER_CALLS['3.1']);
    return this.tokens.get(this.tokenKey(broker, origin), async () => (await this.obtainManagerToken(broker)).webservToken);
  }

  /** One logical call: attempts, the single token renewal, safe retries. Returns the parsed JSON body (undefined if empty). */
  private async call<T>(broker: BrokerContext, callId: CtraderCallId, request: CallRequest, options: CtraderCallOptions = {}): Promise<T | undefined> {
    // A configured method (3.12, 3.13) changes how the call is sent and paced, not whether it may be repeated.
    const spec: CtraderCallSpec = request.method ? { ...CTRADER_CALLS[callId], method: request.method } : CTRADER_CALLS[callId];
    const origin = this.origin(broker, spec);
    const ctx: CallContext = { callId, brokerName: broker.brokerName, method: spec.method };
    const failures: FailureCounts = { transient: 0, rateLimited: 0 };
    let renewed = false;
    for (;;) {
      const result = await this.attempt(broker, spec, origin, request, options);
      if (result.ok) return parseBody<T>(result.text, () => invalidResponse(ctx, result.status, 'body is not JSON'));
      const error = result.error;
      if (result.tokenRejected && result.tokenUsed !== undefined && !renewed) {
        // Contract §1.5: re-obtain the manager token once, then repeat the call once (CT refused it unread).
        renewed = true;
        this.tokens.invalidate(this.tokenKey(broker, origin), result.tokenUsed);
        this.logger.warn(
          { ctrader: { broker: broker.brokerName, call: callId, errorCode: error.errorCode } },
          'cTrader refused the manager token; renewing it once',
        );
        continue;
      }
      if (error.kind === 'rateLimited') failures.rateLimited += 1;
      else failures.transient += 1;
      const delay = retryDelayMs(spec, error, failures, this.options, this.options.random);
      if (delay === null) throw error;
      if (options.deadline !== undefined && this.clock.now() + delay + broker.config.ctrader.timeoutMs > options.deadline) throw error;
      this.logger.warn(
        {
          ctrader: {
            broker: broker.brokerName,
            call: callId,
            status: error.status,
            errorCode: error.errorCode,
            attempt: failures.transient + failures.rateLimited,
            delayMs: delay,
          },
        },
        'retrying cTrader call',
      );
      // CT refused a non-GET for frequency: the broker's pacer pauses and slows ALL its non-GET calls, this one
      // included (it queues up again in attempt()); a GET (never limited at CT, contract §1.1) just waits.
      if (error.kind === 'rateLimited' && spec.method !== 'GET') this.pacer(broker).onRateLimited(result.pacerTicket ?? -1, error.retryAfterMs);
      else await sleep(delay);
    }
  }

  private async attempt(
    broker: BrokerContext,
    spec: CtraderCallSpec,
    origin: string,
    request: CallRequest,
    options: CtraderCallOptions,
  ): Promise<AttemptResult> {
    const ctx: CallContext = { callId: spec.id, brokerName: broker.brokerName, method: spec.method };
    const timeoutMs = broker.config.ctrader.timeoutMs;
    const token = spec.authenticated ? await this.managerToken(broker) : undefined;
    // GETs are not limited at CT (contract §1.1); every other method waits for its turn.
    const pacerTicket = spec.method !== 'GET' ? await this.pacer(broker).acquire() : undefined;
    if (options.deadline !== undefined && this.clock.now() + timeoutMs > options.deadline) {
      return {
        ok: false,
        tokenRejected: false,
        error: new CtraderError({ ...ctx, kind: 'deadline', status: null, errorCode: 'DEADLINE_EXCEEDED', retryable: true, outcomeUnknown: false }),
      };
    }
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.set(name, String(value));
    if (token !== undefined) query.set('token', token);
    const qs = query.toString();
    const started = performance.now();
    const outcome = await this.http.send({
      origin,
      method: spec.method,
      pathAndQuery: `${ctraderBasePath(request.path)}${request.path}${qs ? `?${qs}` : ''}`,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      timeoutMs,
      startTimer: this.options.callTimer,
    });
    const seconds = (performance.now() - started) / 1000;
    if (outcome.kind === 'failure') {
      const error = errorFromFailure(ctx, outcome.failure, outcome.code);
      this.metrics.record(broker.brokerName, spec.id, OUTCOME_BY_KIND[error.kind], seconds);
      return { ok: false, error, tokenUsed: token, tokenRejected: false };
    }
    if (outcome.status >= 200 && outcome.status < 300) {
      if (pacerTicket !== undefined) this.pacer(broker).onAccepted();
      this.metrics.record(broker.brokerName, spec.id, 'ok', seconds);
      return { ok: true, status: outcome.status, text: outcome.text };
    }
    const error = errorFromResponse(ctx, outcome.status, outcome.text, outcome.retryAfterMs);
    if (pacerTicket !== undefined && error.kind !== 'rateLimited') this.pacer(broker).onAccepted();
    this.metrics.record(broker.brokerName, spec.id, OUTCOME_BY_KIND[error.kind], seconds);
    // A rate-limit answer is never about the token, whatever its status (a 401 carrying REQUEST_FREQUENCY_EXCEEDED).
    const tokenRejected = error.kind !== 'rateLimited' && isManagerTokenRejection(spec.id, outcome.status, error.errorCode);
    return { ok: false, error, tokenUsed: token, tokenRejected, pacerTicket };
  }

  private trader(broker: BrokerContext, callId: CtraderCallId, res: CtraderTrader | undefined): CtraderTrader {
    if (!res || typeof res !== 'object') throw this.badBody(broker, callId, 'login missing');
    const trader = withIntegerFields(res);
    this.integerField(broker, callId, trader, 'login');
    if (typeof trader.moneyDigits !== 'number') throw this.badBody(broker, callId, 'moneyDigits missing');
    return trader;
  }

  /** An integer field of an answer; an integer sent as a decimal string counts (lenient-numbers.ts). */
  private integerField(broker: BrokerContext, callId: CtraderCallId, res: unknown, field: string): number {
    const value = integerOf(res && typeof res === 'object' ? (res as Record<string, unknown>)[field] : undefined);
    if (value === undefined) throw this.badBody(broker, callId, `${field} missing`);
    return value;
  }

  private badBody(broker: BrokerContext, callId: CtraderCallId, what: string): CtraderError {
    return invalidResponse({ callId, brokerName: broker.brokerName, method: CTRADER_CALLS[callId].method }, 200, what);
  }
}

function parseBody<T>(text: string, invalid: () => CtraderError): T | undefined {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw invalid();
  }
}

const isBonusType = (type: string) => type === 'DEPOSIT_NONWITHDRAWABLE_BONUS' || type === 'WITHDRAW_NONWITHDRAWABLE_BONUS';

/** An id a source may send as a number or as digits in a string; anything else counts as absent. */
function numericId(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return null;
}

/** A 4xx of 3.4 whose code names an existing link becomes the one typed code, whatever CT's spelling. */
function alreadyLinkedAsTyped(error: unknown): unknown {
  if (!(error instanceof CtraderError) || error.kind !== 'rejected' || !/ALREADY_LINKED/i.test(error.errorCode)) return error;
  return new CtraderError({ ...error, errorCode: TRADER_ALREADY_LINKED, description: error.description });
}

/**
 * 3.2's preferredLanguage "takes Alpha-2 … codes", and every example sends lower case (`"preferredLanguage": "en"`:
 * https://help.ctrader.com/broker-oauth-inapp/create-user/, "3.2. Create a User", Request Example). A regional tag
 * (`pt-BR`) goes as its language (`pt`); anything that is not a language code is left out rather than refused.
 */
function alpha2(language: string | undefined): string | undefined {
  const primary = language?.split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2}$/.test(primary) ? primary : undefined;
}

function integer(value: number, field: string): number {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${field} must be an integer`);
  return value;
}

/** Drops undefined members so the wire body carries only what the caller set. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
