/**
 * The query parameters cTrader appends to every screen URL (spec §2.1), parsed defensively: an unknown
 * parameter is ignored, a malformed or repeated one is treated as absent, and nothing here ever throws — a
 * trader must never see an error page because an app sent `theme=purple`.
 */

export type ScreenTheme = 'light' | 'dark';
export const SCREEN_SOURCES = ['Web', 'Android', 'iOS', 'MacOS', 'Desktop'] as const;
export type ScreenSource = (typeof SCREEN_SOURCES)[number];

export const ATTRIBUTION_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'gclid'] as const;
export type AttributionParam = (typeof ATTRIBUTION_PARAMS)[number];
export type Attribution = Partial<Record<AttributionParam, string>>;

export interface ScreenQuery {
  /** The `lang` parameter as sent (normalised later against the supported languages). */
  lang?: string;
  theme?: ScreenTheme;
  source?: ScreenSource;
  firstLogin?: boolean;
  partnerId?: string;
  /** OT token: kept out of every rendered page, link and log line (contract §1.6). */
  token?: string;
  /** Trading account login: digits only. */
  account?: string;
  attribution: Attribution;
  eventName?: string;
  brokerName?: string;
  brokerCrmName?: string;
}

const URL_SAFE_ID = /^[A-Za-z0-9._~-]{1,64}$/;
/** Firebase event names: a letter, then letters, digits and underscores, at most 40 characters. */
export const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/**
 * A screen's `token`: ours (base64url OT tokens) or, for Light identity, one cTrader minted, whose format the docs do
 * not fix. Any URL-safe (RFC 3986 unreserved) text is accepted — base64url, UUIDs, a JWT with its dots — and only
 * absurd lengths are refused; whether the token is good is for its issuer to say (our lookup, cTrader's redeem).
 */
export const SCREEN_TOKEN = /^[A-Za-z0-9._~-]{8,4096}$/;
const ACCOUNT = /^[0-9]{1,20}$/;
/** Free text from ad networks: printable, no control characters, bounded. */
// Control characters are exactly what this refuses.
/* eslint-disable no-control-regex */
const ATTRIBUTION_VALUE = /^[^\u0000-\u001f\u007f]{1,256}$/u;
/* eslint-enable no-control-regex */

/** A single string value; arrays (repeated parameters) and anything else count as absent. */
function single(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function matching(query: Record<string, unknown>, name: string, pattern: RegExp): string | undefined {
  const v = single(query, name);
  return v !== undefined && pattern.test(v) ? v : undefined;
}

export function parseScreenQuery(raw: unknown): ScreenQuery {
  const query = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const theme = single(query, 'theme')?.toLowerCase();
  const source = single(query, 'source');
  const firstLogin = single(query, 'firstLogin')?.toLowerCase();
  const attribution: Attribution = {};
  for (const name of ATTRIBUTION_PARAMS) {
    const v = matching(query, name, ATTRIBUTION_VALUE);
    if (v !== undefined) attribution[name] = v;
  }
  return {
    lang: matching(query, 'lang', /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/),
    theme: theme === 'dark' || theme === 'light' ? theme : undefined,
    // cTrader documents exact spellings; accept any case but keep the documented one.
    source: SCREEN_SOURCES.find((s) => s.toLowerCase() === source?.toLowerCase()),
    firstLogin: firstLogin === 'true' ? true : firstLogin === 'false' ? false : undefined,
    partnerId: matching(query, 'partnerId', URL_SAFE_ID),
    token: matching(query, 'token', SCREEN_TOKEN),
    account: matching(query, 'account', ACCOUNT),
    attribution,
    eventName: matching(query, 'eventName', EVENT_NAME),
    brokerName: matching(query, 'brokerName', URL_SAFE_ID),
    brokerCrmName: matching(query, 'brokerCrmName', URL_SAFE_ID),
  };
}
