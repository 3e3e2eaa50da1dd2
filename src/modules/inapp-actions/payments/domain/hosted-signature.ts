import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures between us and the hosted payment page (docs/payments.md).
 *
 * Both directions sign a canonical text — the fields in a fixed order, joined by newlines — rather than raw bytes,
 * so neither side depends on how a JSON body or query string was serialised. A field may not contain a newline
 * (refused by the validators of both sides), which keeps the canonical text unambiguous.
 */
export interface HostedCallbackFields {
  paymentId: string;
  /** The provider's id of this notification: the same event delivered twice carries the same id. */
  eventId: string;
  status: 'succeeded' | 'declined';
  amountMinor: number;
  currency: string;
  /** Epoch seconds when the provider signed it. */
  timestamp: number;
}

export interface HostedRedirectFields {
  paymentId: string;
  amountMinor: number;
  currency: string;
  callbackUrl: string;
  returnUrl: string;
}

export const SIGNATURE_HEADER = 'x-payment-signature';
const PREFIX = 'sha256=';

export function callbackSigningText(f: HostedCallbackFields): string {
  return ['callback', f.paymentId, f.eventId, f.status, String(f.amountMinor), f.currency, String(f.timestamp)].join('\n');
}

export function redirectSigningText(f: HostedRedirectFields): string {
  return ['redirect', f.paymentId, String(f.amountMinor), f.currency, f.callbackUrl, f.returnUrl].join('\n');
}

export function sign(secret: string, text: string): string {
  return `${PREFIX}${createHmac('sha256', secret).update(text, 'utf8').digest('hex')}`;
}

/**
 * Constant-time comparison of a presented signature with the expected one. Lengths are compared on fixed-size
 * digests (both sides hashed again), so neither the length nor the content of the secret-derived value leaks.
 */
export function signatureMatches(secret: string, text: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length > 200) return false;
  const expected = createHmac('sha256', 'cmp').update(sign(secret, text)).digest();
  const given = createHmac('sha256', 'cmp').update(presented).digest();
  return timingSafeEqual(expected, given);
}
