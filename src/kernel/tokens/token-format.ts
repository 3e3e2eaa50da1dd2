import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Contract §1.6: every token is 256 random bits, base64url, fixed length (43 characters), stored only as its
 * SHA-256. The fixed shape lets us tell a malformed token (417) from an unknown one (404) without a lookup.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The inappToken that accompanies an access token is derived from it (HMAC keyed by the access token), so 4.3
 * can hand the same inappToken back on every re-login without storing a plaintext or writing a row: one
 * indexed lookup stays the whole cost of 4.3. Knowing the inappToken reveals nothing about the access token.
 */
export function inappTokenFor(accessToken: string): string {
  return createHmac('sha256', accessToken).update('inappToken:v1').digest('base64url');
}
