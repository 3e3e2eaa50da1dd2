/** Where the simulated cTrader backend finds the broker server, and the 4.1 password agreed with Spotware. */
export interface CtraderAppClientOptions {
  baseUrl: string;
  brokerName: string;
  brokerCrmName: string;
  password: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /**
   * Re-run 4.1 once and retry when a call fails with 403 CH_CLIENT_AUTH_FAILURE, as CT does when the broker
   * forgot or expired its crmApiToken. Default true; tests of the broker's own 403 turn it off.
   */
  reauthenticateOnAuthFailure?: boolean;
}

export interface AppCallResult {
  status: number;
  /** Parsed JSON, or null for an empty or non-JSON body. */
  body: unknown;
}

const AUTH_FAILURE_CODE = 'CH_CLIENT_AUTH_FAILURE';

/**
 * Plays the cTrader backend's side of the 4.x calls against a broker server, over real HTTP.
 * Holds the crmApiToken in memory like CT does; never logs it.
 */
export class CtraderAppClient {
  private crmApiToken: string | null = null;
  private readonly baseUrl: string;

  constructor(private readonly options: CtraderAppClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get brokerName(): string {
    return this.options.brokerName;
  }

  get brokerCrmName(): string {
    return this.options.brokerCrmName;
  }

  get isAuthenticated(): boolean {
    return this.crmApiToken !== null;
  }

  /** Forgets the crmApiToken, as a restarted CT instance would. */
  forgetToken(): void {
    this.crmApiToken = null;
  }

  /** 4.1 POST /oauth2/crmApiToken — keeps the token on success. */
  async authenticate(): Promise<AppCallResult> {
    const result = await this.post('/oauth2/crmApiToken', this.brokerQuery(), { password: this.options.password });
    const token = (result.body as { crmApiToken?: unknown } | null)?.crmApiToken;
    this.crmApiToken = result.status === 200 && typeof token === 'string' ? token : null;
    return result;
  }

  /** 4.2 POST /oauth2/onetime/authorize — exchanges a one-time token. */
  exchange(code: string): Promise<AppCallResult> {
    return this.authorised('/oauth2/onetime/authorize', {}, { code });
  }

  /** 4.3 POST /oauth2/authorize — validates a long-term access token. */
  validate(accessToken: string): Promise<AppCallResult> {
    return this.authorised('/oauth2/authorize', {}, { accessToken });
  }

  /** 4.4 POST /oauth2/onetime/generate — an in-app OT token for a user. */
  generate(userId: number | string, inappToken?: string): Promise<AppCallResult> {
    return this.authorised('/oauth2/onetime/generate', inappToken === undefined ? {} : { inappToken }, { userId });
  }

  /** 4.5 POST /oauth2/logout — the user logged out of a cTrader app. */
  logout(userId: number | string, accessToken?: string): Promise<AppCallResult> {
    const query: Record<string, string> = { userId: String(userId) };
    if (accessToken !== undefined) query.accessToken = accessToken;
    return this.authorised('/oauth2/logout', query, undefined);
  }

  private async authorised(path: string, query: Record<string, string>, body: unknown): Promise<AppCallResult> {
    if (this.crmApiToken === null) {
      const auth = await this.authenticate();
      if (this.crmApiToken === null) return auth;
    }
    const call = () => this.post(path, { ...this.brokerQuery(), crmApiToken: this.crmApiToken ?? '', ...query }, body);
    const result = await call();
    if (this.options.reauthenticateOnAuthFailure !== false && isAuthFailure(result)) {
      const auth = await this.authenticate();
      return this.crmApiToken === null ? auth : call();
    }
    return result;
  }

  private brokerQuery(): Record<string, string> {
    return { brokerName: this.options.brokerName, brokerCrmName: this.options.brokerCrmName };
  }

  private async post(path: string, query: Record<string, string>, body: unknown): Promise<AppCallResult> {
    const url = `${this.baseUrl}${path}?${new URLSearchParams(query).toString()}`;
    const response = await fetch(url, {
      method: 'POST',
      // As Spotware's examples do: the JSON content type on every call, also on 4.5, which has no body.
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10000),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isAuthFailure(result: AppCallResult): boolean {
  const code = (result.body as { code?: unknown } | null)?.code;
  return result.status === 403 && code === AUTH_FAILURE_CODE;
}
