import { createCtraderSimulator, CtraderSimulator, md5Hex, SimulatorBrokerConfig, SimulatorOptions } from '../../src/simulator';

export const BROKER_A: SimulatorBrokerConfig = {
  brokerCrmName: 'crm_a',
  brokerNames: ['broker_a', 'broker_a_wl'],
  managerLogin: 1001,
  managerPassword: 'manager-secret-a',
  groups: ['Default', 'VIP'],
};

export const BROKER_B: SimulatorBrokerConfig = {
  brokerCrmName: 'crm_b',
  brokerNames: ['broker_b'],
  managerLogin: 1002,
  managerPassword: 'manager-secret-b',
};

export const TRADER_PASSWORD_HASH = md5Hex('trader-password');

export interface HttpResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent verbatim (for malformed JSON, exact number literals). */
  rawBody?: string;
  query?: Record<string, string | number | undefined>;
  /** A webservToken; `null` = send none. Defaults to a fresh token of BROKER_A. */
  token?: string | null;
  signal?: AbortSignal;
}

/** A running simulator plus small helpers that keep the tests about behaviour, not plumbing. */
export class SimHarness {
  private tokens = new Map<number, string>();

  constructor(
    readonly sim: CtraderSimulator,
    readonly url: string,
  ) {}

  async managerToken(broker: SimulatorBrokerConfig = BROKER_A): Promise<string> {
    const cached = this.tokens.get(broker.managerLogin);
    if (cached) return cached;
    const res = await this.request('POST', '/v2/webserv/managers/token', {
      token: null,
      body: { login: broker.managerLogin, hashedPassword: md5Hex(broker.managerPassword) },
    });
    if (res.status !== 200) throw new Error(`3.1 failed: ${res.status} ${res.text}`);
    this.tokens.set(broker.managerLogin, res.body.webservToken);
    return res.body.webservToken;
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const query = new URLSearchParams();
    const token = options.token === undefined ? await this.managerToken() : options.token;
    if (token !== null) query.set('token', token);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    const qs = query.toString();
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${this.url}${path}${qs ? `?${qs}` : ''}`, {
      method,
      headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      body: payload,
      signal: options.signal,
    });
    const text = await response.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: response.status, body, text, headers: response.headers };
  }

  async createUser(email: string, broker: SimulatorBrokerConfig = BROKER_A): Promise<number> {
    const res = await this.request('POST', '/cid/oauth2/ctid/create', {
      token: await this.managerToken(broker),
      body: { brokerCrmName: broker.brokerCrmName, email },
    });
    if (res.status !== 201) throw new Error(`3.2 failed: ${res.status} ${res.text}`);
    return res.body.userId;
  }

  async createTrader(overrides: Record<string, unknown> = {}, broker: SimulatorBrokerConfig = BROKER_A): Promise<any> {
    const res = await this.request('POST', '/v2/webserv/traders', {
      token: await this.managerToken(broker),
      body: { ...traderBody(broker.brokerNames[0]), ...overrides },
    });
    if (res.status !== 201) throw new Error(`3.3 failed: ${res.status} ${res.text}`);
    return res.body;
  }

  async link(traderLogin: number, userId: number, brokerName = BROKER_A.brokerNames[0]): Promise<HttpResult> {
    return this.request('POST', '/cid/ctid/link', {
      body: {
        traderLogin,
        traderPasswordHash: TRADER_PASSWORD_HASH,
        userId,
        brokerName,
        environmentName: 'live',
        returnAccountDetails: true,
      },
    });
  }

  changeBalance(login: number, body: Record<string, unknown>, options: RequestOptions = {}): Promise<HttpResult> {
    return this.request('POST', `/v2/webserv/traders/${login}/changebalance`, { body: { login, ...body }, ...options });
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

export function traderBody(brokerName = BROKER_A.brokerNames[0]): Record<string, unknown> {
  return {
    accessRights: 'FULL_ACCESS',
    accountType: 'HEDGED',
    balance: 0,
    brokerName,
    depositCurrency: 'USD',
    groupName: 'Default',
    hashedPassword: TRADER_PASSWORD_HASH,
    leverageInCents: 10000,
    totalMarginCalculationType: 'MAX',
  };
}

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<SimHarness> {
  const sim = createCtraderSimulator({ brokers: [BROKER_A, BROKER_B], ...options });
  const url = await sim.listen(0);
  return new SimHarness(sim, url);
}
