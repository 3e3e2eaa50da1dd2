import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * scrypt (RFC 7914) from Node's own crypto: a slow, memory-hard hash that needs no native add-on, so the
 * embedded default installs anywhere. Format: `scrypt$N$r$p$salt$hash` (base64url), parameters kept per hash
 * so they can be raised later without invalidating stored ones.
 */
// OWASP Password Storage Cheat Sheet, scrypt: N=2^14, r=8, p=5 is one of its equivalent minimums (the same cost
// as N=2^17, p=1 with an eighth of the memory: 16 MiB per hash, so concurrent logins do not exhaust memory).
export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 5 } as const;
const { N, r: R, p: P } = SCRYPT_PARAMS;
const KEY_LEN = 32;
const MAXMEM = 64 * 1024 * 1024;

export function hashPasswordSync(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, KEY_LEN, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function parse(hash: string) {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0)) return null;
  return { n, r, p, salt: Buffer.from(parts[4], 'base64url'), key: Buffer.from(parts[5], 'base64url') };
}

export function verifyPasswordHashSync(password: string, hash: string): boolean {
  const h = parse(hash);
  if (!h) return false;
  const key = scryptSync(password, h.salt, h.key.length, { N: h.n, r: h.r, p: h.p, maxmem: MAXMEM });
  return timingSafeEqual(key, h.key);
}

export async function verifyPasswordHash(password: string, hash: string): Promise<boolean> {
  const h = parse(hash);
  if (!h) return false;
  const key = await scryptAsync(password, h.salt, h.n, h.r, h.p, h.key.length);
  return timingSafeEqual(key, h.key);
}

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number, len = KEY_LEN): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, len, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))));
}
