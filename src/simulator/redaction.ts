/**
 * Secrets never leave the simulator through its logs or its call log: the webservToken rides in the query
 * string of every call (contract §1.5), the cTrader Web page gets an OT token as `?token=`, and bodies carry
 * password hashes (3.1, 3.3, 3.4) and Light identity tokens (LI).
 */
const SECRET_BODY_FIELDS = new Set(['hashedPassword', 'traderPasswordHash', 'token']);
export const REDACTED = '[REDACTED]';

export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  if (params.has('token')) params.set('token', REDACTED);
  const query = params.toString().replace(/%5BREDACTED%5D/g, REDACTED);
  return `${url.slice(0, queryStart)}${query ? `?${query}` : ''}`;
}

export function redactBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body ?? null;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    copy[key] = SECRET_BODY_FIELDS.has(key) && value !== undefined && value !== null ? REDACTED : value;
  }
  return copy;
}
