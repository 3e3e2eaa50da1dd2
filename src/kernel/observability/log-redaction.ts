/**
 * What must never reach a log line (contract §1.6): tokens, passwords, credentials. Query parameters are
 * redacted by name; headers by name; bodies are never logged at all.
 */
export const SENSITIVE_PARAMS = new Set([
  'token', 'crmapitoken', 'accesstoken', 'inapptoken', 'code', 'password', 't', 'secret', 'key', 'signature', 'newpassword', 'currentpassword',
]);
export const SENSITIVE_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-api-key', 'proxy-authorization', 'x-signature']);
export const REDACTED = '[redacted]';

export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const k of [...params.keys()]) if (SENSITIVE_PARAMS.has(k.toLowerCase())) params.set(k, REDACTED);
  return `${url.slice(0, q)}?${params.toString()}`;
}

export function redactHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SENSITIVE_HEADERS.has(k.toLowerCase()) ? REDACTED : v]));
}

/**
 * Response headers as logged: credential headers by name, and a redirect's Location through redactUrl — a login
 * redirect (success URL, Embedded cTrader Web) carries a one-time token in its query.
 */
export function redactResponseHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const out = redactHeaders(headers);
  if (!out) return out;
  for (const k of Object.keys(out)) if (k.toLowerCase() === 'location' && typeof out[k] === 'string') out[k] = redactUrl(out[k] as string);
  return out;
}
