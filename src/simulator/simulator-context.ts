import { CtraderAppClient } from './app/ctrader-app-client';
import { FaultInjector } from './fault-injector';
import { MoneyDigitsTable } from './money-digits';
import { DEFAULT_RATE_LIMIT_ANSWER, RateLimitAnswer } from './rate-limit-answer';
import { FixedWindowRateLimiter } from './rate-limiter';
import { BrokerServerTarget, SimulatorBrokerConfig } from './simulator-options';
import { SimulatorState } from './simulator-state';
import { DEFAULT_TRADERS_PAGE_SIZE, TradersListing } from './traders-listing';

/** What every route of the simulator shares. Built once per simulator instance. */
export class SimulatorContext {
  private readonly byManagerLogin: Map<number, SimulatorBrokerConfig>;
  private brokerServer: CtraderAppClient | null = null;
  private target: Omit<BrokerServerTarget, 'password'> | null = null;

  constructor(
    readonly brokers: readonly SimulatorBrokerConfig[],
    readonly state: SimulatorState,
    readonly faults: FaultInjector,
    readonly rateLimiter: FixedWindowRateLimiter,
    readonly now: () => number,
    /** Configuration, not data: survives reset() like the rate limit does. */
    readonly moneyDigits: MoneyDigitsTable = new MoneyDigitsTable(),
  ) {
    this.byManagerLogin = new Map(brokers.map((broker) => [broker.managerLogin, broker]));
  }

  /** Points the simulated cTrader app (4.x calls, cTrader Web page) at a broker server; replaces any earlier one. */
  configureBrokerServer(target: BrokerServerTarget): CtraderAppClient {
    this.brokerServer = new CtraderAppClient(target);
    this.target = { baseUrl: target.baseUrl.replace(/\/+$/, ''), brokerName: target.brokerName, brokerCrmName: target.brokerCrmName };
    return this.brokerServer;
  }

  /** Where the app side points (for the app simulator page), without the 4.1 password. */
  get brokerServerTarget(): Omit<BrokerServerTarget, 'password'> | null {
    return this.target;
  }

  /** The app client, or null before configureBrokerServer(). */
  get appClient(): CtraderAppClient | null {
    return this.brokerServer;
  }

  /**
   * Answers that deviate from the documented shape, to test what the broker does with them (not faults: the call
   * succeeds). `traderWithoutBrokerName`: the trader read leaves out `brokerName`. `looseAnswers`: every 2xx body
   * sends its integers as strings and carries an undocumented extra field (loose-answer.ts). `balanceHistoryRead`:
   * serve the undocumented balance-history read, as a deployment where Spotware confirmed one would.
   */
  readonly quirks: SimulatorQuirks = { traderWithoutBrokerName: false, looseAnswers: false, balanceHistoryRead: false };

  /** Page size of the traders list: configuration, so reset() keeps it (like the rate limit). */
  readonly listing: TradersListing = { tradersPageSize: DEFAULT_TRADERS_PAGE_SIZE };

  /** Status and body shape of the rate-limit refusal (also `PUT /__sim/rate-limit`); reset() restores 429. */
  readonly rateLimitAnswer: RateLimitAnswer = { ...DEFAULT_RATE_LIMIT_ANSWER };

  /** Back to a clean backend: no data, no faults, no quirks, fresh rate-limit windows (manager tokens survive, see state). */
  reset(): void {
    this.quirks.traderWithoutBrokerName = false;
    this.quirks.balanceHistoryRead = false;
    this.quirks.looseAnswers = false;
    Object.assign(this.rateLimitAnswer, DEFAULT_RATE_LIMIT_ANSWER);
    this.state.reset();
    this.faults.clear();
    this.faults.dispose();
    this.rateLimiter.reset();
  }

  brokerByManagerLogin(login: number): SimulatorBrokerConfig | undefined {
    return this.byManagerLogin.get(login);
  }

  /** The first broker config using this CRM name, for simulator-side helpers that are not tied to a token. */
  brokerByCrmName(brokerCrmName: string): SimulatorBrokerConfig | undefined {
    return this.brokers.find((broker) => broker.brokerCrmName === brokerCrmName);
  }
}

export interface SimulatorQuirks {
  traderWithoutBrokerName: boolean;
  balanceHistoryRead: boolean;
  looseAnswers: boolean;
}
