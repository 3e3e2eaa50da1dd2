import { isCredentialName } from '../../lib/redaction/credential-names';
import { redactQuery } from '../../lib/redaction/url-credentials';

/**
 * What must never reach a log line (contract §1.6): tokens, passwords, signatures, credentials. Query parameters
 * and headers are redacted by one name rule (lib/redaction/credential-names: `authorization`, `cookie`,
 * `x-payment-signature`, `x-api-key`, `crmApiToken[]`, …); bodies are never logged at all. pino-http's
 * serializers (logger.module.ts: the `req` every line logged inside a request carries) go through these
 * functions; the access log line (access-log.ts) has no URL or header to redact.
 */
export const REDACTED = '[redacted]';

export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  return `${url.slice(0, q)}?${redactQuery(url.slice(q + 1), REDACTED)}`;
}

export function redactHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, isCredentialName(k) ? REDACTED : v]));
}

/**
 * Response headers as logged: credential headers by name, and a redirect's Location through redactUrl — a login
 * redirect (success URL, Embedded cTrader Web) carries a one-time token in its query.
 */
export function redactResponseHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const out = redactHeaders(headers);
  if (!out) return out;
  for (const k of Object.keys(out)) if (k.toLowerCase() === 'location' && typeof out[k] === 'string') out[k] = redactUrl(out[k]);
  return out;
}
