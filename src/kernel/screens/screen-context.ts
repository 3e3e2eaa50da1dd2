import type { BrokerContext } from '../broker-identification/broker-context';
import { directionOf, ScreenLanguage, TextDirection } from './i18n/screen-languages';
import type { Translate } from './i18n/screen-translator.service';
import { ATTRIBUTION_PARAMS, Attribution, EVENT_NAME, ScreenQuery, ScreenSource, ScreenTheme } from './screen-query';

export type CarryValue = string | number | boolean | null | undefined;

export interface ScreenContextInit {
  query: ScreenQuery;
  lang: ScreenLanguage;
  t: Translate;
  /** The server's global prefix (config `server.basePath`), prepended to every carried link. */
  basePath: string;
  /** This screen's path without the base path and without the query. */
  path: string;
  broker?: BrokerContext;
  requestId?: string;
}

/** Parameters that never leave a screen through carry(): single-use secrets (contract §1.6). */
const NEVER_CARRIED = new Set(['token', 't']);

/**
 * Everything a screen needs to know about how it was opened (spec §2.1): resolved language and direction,
 * theme, app type, attribution, broker — and the one way to build a link to another screen, `carry()`, which
 * keeps the parameters that must survive every hop and drops the token.
 */
export class ScreenContext {
  readonly lang: ScreenLanguage;
  readonly dir: TextDirection;
  readonly theme: ScreenTheme;
  readonly source?: ScreenSource;
  /** `true` → show signup first (spec §2.1); absent or `false` → login first. */
  readonly firstLogin: boolean;
  readonly partnerId?: string;
  readonly account?: string;
  readonly attribution: Readonly<Attribution>;
  /** The incoming Firebase event name; links use eventNameFor() for the next step's. */
  readonly eventName?: string;
  readonly brokerName?: string;
  readonly brokerCrmName?: string;
  /** Undefined only on error pages for requests whose broker could not be identified. */
  readonly broker?: BrokerContext;
  readonly path: string;
  readonly basePath: string;
  readonly requestId?: string;
  readonly t: Translate;
  /** A private field: not enumerable, not serialised, not shown by util.inspect — so never logged by accident. */
  readonly #token: string | undefined;
  readonly #query: ScreenQuery;

  constructor(init: ScreenContextInit) {
    const q = init.query;
    this.#query = q;
    this.#token = q.token;
    this.lang = init.lang;
    this.dir = directionOf(init.lang);
    this.theme = q.theme ?? 'light';
    this.source = q.source;
    this.firstLogin = q.firstLogin === true;
    this.partnerId = q.partnerId;
    this.account = q.account;
    this.attribution = Object.freeze({ ...q.attribution });
    this.eventName = q.eventName;
    this.brokerName = q.brokerName;
    this.brokerCrmName = q.brokerCrmName;
    this.broker = init.broker;
    this.path = init.path;
    this.basePath = init.basePath;
    this.requestId = init.requestId;
    this.t = init.t;
  }

  /** The OT token of an in-app screen. Consume it; never render, carry or log it. */
  get token(): string | undefined {
    return this.#token;
  }

  /**
   * A same-origin URL (base path + `path`) that keeps lang, theme, source, the broker ids, partnerId, the utm
   * parameters, gclid and eventName as they came in — never the token. `extra` adds or overrides parameters
   * (e.g. `{ firstLogin: true }`, `{ account }`, `{ eventName: ctx.eventNameFor('signup', names) }`); a null or
   * undefined value removes one. Only app-relative paths are accepted: carry() can never produce an open redirect.
   */
  carry(path: string, extra: Record<string, CarryValue> = {}): string {
    if (!/^\/(?![/\\])/.test(path) || /[\\\s]/.test(path) || path.includes('#')) {
      throw new Error(`carry() needs an app-relative path like /auth/login, got ${JSON.stringify(path)}`);
    }
    const [pathname, ownQuery = ''] = path.split('?', 2);
    const params = new URLSearchParams();
    for (const [k, v] of this.keptParams()) params.set(k, v);
    for (const [k, v] of new URLSearchParams(ownQuery)) params.set(k, v);
    for (const [k, v] of Object.entries(extra)) {
      if (v === null || v === undefined) params.delete(k);
      else params.set(k, String(v));
    }
    for (const k of NEVER_CARRIED) params.delete(k);
    const qs = params.toString();
    return `${this.basePath}${pathname}${qs ? `?${qs}` : ''}`;
  }

  /** The current screen's own URL through carry(): the `action` of its forms, the target of post/redirect/get. */
  self(extra: Record<string, CarryValue> = {}): string {
    return this.carry(this.path, extra);
  }

  /**
   * Spec §2.1: a link or redirect to `step` carries the eventName the broker configured for that step; without
   * one configured, the incoming eventName goes on unchanged. Configured names that are not valid Firebase names
   * are ignored rather than sent.
   */
  eventNameFor(step: string, configured?: Readonly<Record<string, string | undefined>>): string | undefined {
    const name = configured?.[step];
    return name !== undefined && EVENT_NAME.test(name) ? name : this.eventName;
  }

  private keptParams(): Array<[string, string]> {
    const q = this.#query;
    const kept: Array<[string, string | undefined]> = [
      // The resolved language, and only when one was asked for: without `lang` the broker default applies anyway.
      ['lang', q.lang !== undefined ? this.lang : undefined],
      ['theme', q.theme],
      ['source', q.source],
      ['brokerName', q.brokerName],
      ['brokerCrmName', q.brokerCrmName],
      ['partnerId', q.partnerId],
      ...ATTRIBUTION_PARAMS.map((p): [string, string | undefined] => [p, q.attribution[p]]),
      ['eventName', q.eventName],
    ];
    return kept.filter((e): e is [string, string] => e[1] !== undefined);
  }

  /** What a log line or JSON dump of a context shows: no token. */
  toJSON(): Record<string, unknown> {
    return { lang: this.lang, theme: this.theme, source: this.source, brokerName: this.broker?.brokerName ?? this.brokerName, path: this.path };
  }
}
