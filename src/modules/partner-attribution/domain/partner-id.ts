import { randomBytes } from 'node:crypto';

/** 32 lower-case letters and digits without the look-alikes (0/o, 1/l): URL-safe, readable aloud, unbiased per byte. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const RANDOM_CHARS = 10;

/** A new public partner id: the broker's prefix + 10 random characters (50 bits; uniqueness is still checked). */
export function newPartnerId(prefix: string): string {
  const bytes = randomBytes(RANDOM_CHARS);
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}

/** What we accept as a partner id from outside (links, webhook, admin): URL-safe and short. */
export const PARTNER_ID_PATTERN = /^[A-Za-z0-9._~-]{1,40}$/;
