import { CookieJar } from '../screens/cookie-jar';

export interface ScreenResponse {
  status: number;
  headers: Headers;
  text: string;
  location?: string;
}

/**
 * A browser-less screen client: keeps cookies (sessions, CSRF secret) and fills forms with the page's CSRF
 * field, so HTTP-level tests (multi-instance, fuzzing) can drive the real screens without Chromium.
 */
export class ScreenClient {
  readonly jar = new CookieJar();

  /** `headers` go with every request (e.g. X-Forwarded-For behind a trusted proxy: one client, one address). */
  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** Points the same browser (cookies) at another instance behind the same load balancer. */
  via(baseUrl: string): ScreenClient {
    const other = new ScreenClient(baseUrl, this.headers);
    for (const [k, v] of this.entries()) other.jar.set(k, v);
    return other;
  }

  async get(path: string): Promise<ScreenResponse> {
    return this.request('GET', path);
  }

  /** GETs `path`, then POSTs `fields` plus the page's CSRF field to the form's action. */
  async submit(path: string, fields: Record<string, string>): Promise<ScreenResponse> {
    const page = await this.get(path);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, '&') ?? path;
    return this.request('POST', action, new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...fields }).toString());
  }

  async request(method: string, path: string, form?: string): Promise<ScreenResponse> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...this.headers, cookie: this.jar.header(), ...(form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form,
    });
    this.jar.store(res.headers);
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') ?? undefined };
  }

  private entries(): Array<[string, string]> {
    return this.jar
      .header()
      .split('; ')
      .filter(Boolean)
      .map((pair) => {
        const i = pair.indexOf('=');
        return [pair.slice(0, i), decodeURIComponent(pair.slice(i + 1))];
      });
  }
}
