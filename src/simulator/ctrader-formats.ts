import { createHash } from 'node:crypto';
import { CtraderError, CtraderErrorCode } from './ctrader-error';

export const MD5_HEX = /^[0-9a-fA-F]{32}$/;
export const CURRENCY_CODE = /^[A-Z]{3}$/;
export const RIBBON_COLOR = /^#[0-9a-fA-F]{6}$/;
// Deliberately simple: CT's exact rules are not published; this catches the mistakes a broker can make.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const APPLE_PRIVATE_RELAY_DOMAIN = '@privaterelay.appleid.com';

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** md5 hex compared case-insensitively: the hash is the same whichever case the broker prints hex in. */
export function sameMd5(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** 3.2 / 3.10: a syntactically valid address that is not an Apple private relay (CT refuses those). */
export function checkEmail(email: string, field: string): void {
  if (email.length > 254 || !EMAIL.test(email)) {
    throw CtraderError.invalidRequest(`'${field}' must be a valid email address`);
  }
  if (email.toLowerCase().endsWith(APPLE_PRIVATE_RELAY_DOMAIN)) {
    throw new CtraderError(400, CtraderErrorCode.EmailNotAllowed, 'Apple private relay email addresses are not allowed');
  }
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
