import { AddressInfo } from 'node:net';
import { FastifyInstance } from 'fastify';
import { CtraderAppClient } from './app/ctrader-app-client';
import { FaultInjector } from './fault-injector';
import { MintLightIdentityTokenInput, mintLightIdentityToken } from './light-identity-tokens';
import { describeInvalidRateLimitAnswer, RateLimitAnswer } from './rate-limit-answer';
import { FixedWindowRateLimiter } from './rate-limiter';
import { MoneyDigitsTable } from './money-digits';
import { registerAppPageRoutes } from './app-page/app-page.routes';
import { registerChangeBalanceRoutes } from './routes/change-balance.routes';
import { registerCtidLinkRoutes } from './routes/ctid-link.routes';
import { registerCtidUserRoutes } from './routes/ctid-user.routes';
import { registerCtraderWebRoutes } from './routes/ctrader-web.routes';
import { registerInAppControlsRoutes } from './routes/in-app-controls.routes';
import { registerLightIdentityRoutes } from './routes/light-identity.routes';
import { registerManagerTokenRoutes } from './routes/manager-token.routes';
import { registerReferralRoutes } from './routes/referral.routes';
import { registerSimAdminRoutes } from './routes/sim-admin.routes';
import { registerSimAppRoutes } from './routes/sim-app.routes';
import { registerTraderRoutes } from './routes/trader.routes';
import { SimulatorContext, SimulatorQuirks } from './simulator-context';
import { createSimulatorHttpApp } from './simulator-http';
import { BrokerServerTarget, DEFAULT_RATE_LIMIT, SimulatorOptions, SimulatorRateLimit, validateSimulatorOptions } from './simulator-options';
import { SimulatorState } from './simulator-state';
import { TradersListing } from './traders-listing';

/**
 * A cTrader backend on one real HTTP server: the 3.x API under /cid and /v2, the simulated app side (4.x client,
 * cTrader Web page) and the /__sim test controls. Used in-process by the app and tests, or standalone.
 */
export class CtraderSimulator {
  readonly app: FastifyInstance;
  readonly state: SimulatorState;
  readonly faults: FaultInjector;
  private readonly ctx: SimulatorContext;
  /** Documented-shape deviations to switch on in a test (also `PUT /__sim/quirks`). */
  readonly quirks: SimulatorQuirks;
  /** Page size of GET /v2/webserv/traders; tests shrink it so a small window needs several pages. */
  readonly listing: TradersListing;
  private baseUrl: string | null = null;
  private closing: Promise<void> | null = null;

  constructor(options: SimulatorOptions) {
    validateSimulatorOptions(options);
    const now = options.now ?? Date.now;
    this.state = new SimulatorState(now);
    this.faults = new FaultInjector(options.random);
    const brokers = options.brokers.map((broker) => ({ ...broker, brokerNames: [...broker.brokerNames] }));
    const limiter = new FixedWindowRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, now);
    this.ctx = new SimulatorContext(brokers, this.state, this.faults, limiter, now, new MoneyDigitsTable(options.moneyDigitsByCurrency));
    this.quirks = this.ctx.quirks;
    this.listing = this.ctx.listing;
    if (options.tradersPageSize !== undefined) this.listing.tradersPageSize = options.tradersPageSize;
    this.app = createSimulatorHttpApp(options.logger ?? false);
    for (const register of [
      registerManagerTokenRoutes,
      registerCtidUserRoutes,
      registerTraderRoutes,
      registerChangeBalanceRoutes,
      registerCtidLinkRoutes,
      registerReferralRoutes,
      registerInAppControlsRoutes,
      registerLightIdentityRoutes,
      registerSimAdminRoutes,
      registerSimAppRoutes,
      registerCtraderWebRoutes,
      registerAppPageRoutes,
    ]) {
      register(this.app, this.ctx);
    }
  }

  /** Starts listening (port 0 = a free random port) and resolves to the base URL, e.g. http://127.0.0.1:3100. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await this.app.listen({ port, host });
    const address = this.app.server.address() as AddressInfo;
    const printable = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${printable}:${address.port}`;
    return this.baseUrl;
  }

  /** The base URL once listening. */
  get url(): string {
    if (!this.baseUrl) throw new Error('Simulator is not listening');
    return this.baseUrl;
  }

  /** Closes promptly even with sockets held by 'timeout' faults or requests sleeping in injected latency. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.faults.dispose();
      await this.app.close();
      this.faults.dispose();
    })();
    return this.closing;
  }

  /** Points the simulated cTrader app (4.x client, cTrader Web page, /__sim/app/*) at a broker server. */
  configureBrokerServer(target: BrokerServerTarget): void {
    this.ctx.configureBrokerServer(target);
  }

  /** The simulated app's 4.x client, or null before configureBrokerServer(). */
  get appClient(): CtraderAppClient | null {
    return this.ctx.appClient;
  }

  /** Mints a Light identity token as CT would hand it to a screen; creates the user if the simulator lacks it. */
  mintLightIdentityToken(input: MintLightIdentityTokenInput): string {
    return mintLightIdentityToken(this.ctx, input).token;
  }

  /** Forgets all data, fault rules and rate-limit windows (manager tokens and id sequences survive). */
  reset(): void {
    this.ctx.reset();
  }

  /** moneyDigits of accounts created from now on with this deposit currency (also `PUT /__sim/money-digits`). */
  setMoneyDigits(depositCurrency: string, moneyDigits: number): void {
    this.ctx.moneyDigits.set(depositCurrency, moneyDigits);
  }

  /** Narrows CT's non-GET limit; `answer` also changes how the refusal is worded (status, body shape). */
  setRateLimit(limit: SimulatorRateLimit, answer: Partial<RateLimitAnswer> = {}): void {
    const problem = describeInvalidRateLimitAnswer(answer);
    if (problem) throw new Error(`Invalid rate-limit answer: ${problem}`);
    this.ctx.rateLimiter.configure(limit);
    Object.assign(this.ctx.rateLimitAnswer, definedOnly(answer));
  }
}

export function createCtraderSimulator(options: SimulatorOptions): CtraderSimulator {
  return new CtraderSimulator(options);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
