import { verify as verifyArgon2 } from '@node-rs/argon2';
import { compare as compareBcrypt } from 'bcryptjs';
import { createHash, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes brought over from a broker's old system (issue #21, the trader import), kept until the trader's
 * first successful login here, which replaces them with the project's own scrypt (password-hash.ts).
 *
 * Stored as `import$<scheme>$<the old hash>`: the scheme is the one the import line *declared*, checked against a
 * strict format for that scheme, and verification dispatches on that stored tag — never on sniffing the hash — so
 * a line cannot smuggle one scheme in under another's name, nor pass off a stored value as the project's own
 * `scrypt$…` (that parser never accepts the `import$` prefix). Every scheme's cost parameters are bounded, so an
 * imported hash cannot turn each login attempt into a CPU or memory bomb.
 *
 * Accepted formats (README "Importing existing traders"):
 * - `bcrypt`: `$2a$`, `$2b$`, `$2y$` with cost 4–14 (bcryptjs; the three prefixes are the same algorithm).
 * - `argon2id`: the PHC string `$argon2id$v=19$m=…,t=…,p=…$salt$hash` (@node-rs/argon2), m ≤ 256 MiB, t ≤ 10, p ≤ 16.
 * - `pbkdf2-sha256`: Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>` (the salt's text is the salt) or
 *   passlib's PHC-like `$pbkdf2-sha256$<iterations>$<ab64 salt>$<ab64 hash>`; 1,000–3,000,000 iterations.
 * - `scrypt`: the project's `scrypt$N$r$p$salt$hash` (base64url) or passlib's `$scrypt$ln=<log2 N>,r=…,p=…$<ab64 salt>$<ab64 hash>`;
 *   N a power of two 2^4–2^20, 128·N·r ≤ 64 MiB (passlib's default ln=16, r=8 is exactly that), p ≤ 16.
 * - `md5`, `sha1`: unsalted hex digests of the UTF-8 password. Weak: by config they force a password reset instead.
 */
export const IMPORTED_HASH_SCHEMES = ['bcrypt', 'argon2id', 'pbkdf2-sha256', 'scrypt', 'md5', 'sha1'] as const;
export type ImportedHashScheme = (typeof IMPORTED_HASH_SCHEMES)[number];

/** Unsalted fast digests: anyone with the old database can brute-force them, so they are not trusted by default. */
export const WEAK_HASH_SCHEMES: ReadonlySet<ImportedHashScheme> = new Set(['md5', 'sha1']);

const PREFIX = 'import$';
/** Room for the prefix and the scheme within the 200-character passwordHash column. */
export const MAX_IMPORTED_HASH_LENGTH = 170;
/** scrypt's table is 128·N·r bytes; Node's bound is approximate, so it gets headroom above the accepted 64 MiB. */
const SCRYPT_TABLE_MAX = 64 * 1024 * 1024;
const MAXMEM = 96 * 1024 * 1024;

type Verifier = (password: string) => Promise<boolean>;
type Parsed = { verify: Verifier } | { problem: string };

const B64 = '[A-Za-z0-9+/]';
const AB64 = '[A-Za-z0-9./]';
/** passlib's scrypt writes standard base64 (no padding); accept its adapted alphabet too. */
const ANY64 = '[A-Za-z0-9+/.]';
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;
const ARGON2ID = new RegExp(`^\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,3})\\$${B64}{11,86}\\$${B64}{16,86}$`);
const DJANGO_PBKDF2 = /^pbkdf2_sha256\$(\d{1,8})\$([A-Za-z0-9]{1,64})\$([A-Za-z0-9+/]{22,88}={0,2})$/;
const PASSLIB_PBKDF2 = new RegExp(`^\\$pbkdf2-sha256\\$(\\d{1,8})\\$(${AB64}{0,88})\\$(${AB64}{22,88})$`);
const PROJECT_SCRYPT = /^scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{8,88})\$([A-Za-z0-9_-]{22,88})$/;
const PASSLIB_SCRYPT = new RegExp(`^\\$scrypt\\$ln=(\\d{1,2}),r=(\\d{1,2}),p=(\\d{1,2})\\$(${ANY64}{8,88})\\$(${ANY64}{22,88})$`);
const HEX = { md5: /^[0-9a-f]{32}$/, sha1: /^[0-9a-f]{40}$/ } as const;

/** The value to store for a hash an import line declared as `scheme`, or why it is refused. */
export function importedPasswordHash(scheme: string, hash: string): { stored: string } | { problem: string } {
  if (!(IMPORTED_HASH_SCHEMES as readonly string[]).includes(scheme)) return { problem: `unknown password scheme "${scheme.slice(0, 40)}"` };
  const value = scheme === 'md5' || scheme === 'sha1' ? hash.toLowerCase() : hash;
  if (value.length > MAX_IMPORTED_HASH_LENGTH) return { problem: `password hash longer than ${MAX_IMPORTED_HASH_LENGTH} characters` };
  const parsed = parse(scheme as ImportedHashScheme, value);
  return 'problem' in parsed ? parsed : { stored: `${PREFIX}${scheme}$${value}` };
}

/** True for a stored value written by the import (not yet replaced by the project's scrypt). */
export function isImportedPasswordHash(stored: string | null): stored is string {
  return stored !== null && stored.startsWith(PREFIX);
}

/** The declared scheme of a stored imported hash (null for anything else). */
export function importedHashScheme(stored: string): ImportedHashScheme | null {
  if (!stored.startsWith(PREFIX)) return null;
  const scheme = stored.slice(PREFIX.length, stored.indexOf('$', PREFIX.length));
  return (IMPORTED_HASH_SCHEMES as readonly string[]).includes(scheme) ? (scheme as ImportedHashScheme) : null;
}

/** Checks a password against a stored imported hash; false for anything malformed (re-parsed with the same bounds). */
export async function verifyImportedPasswordHash(password: string, stored: string): Promise<boolean> {
  const scheme = importedHashScheme(stored);
  if (!scheme) return false;
  const parsed = parse(scheme, stored.slice(PREFIX.length + scheme.length + 1));
  if ('problem' in parsed) return false;
  try {
    return await parsed.verify(password);
  } catch {
    return false;
  }
}

function parse(scheme: ImportedHashScheme, hash: string): Parsed {
  switch (scheme) {
    case 'bcrypt':
      return parseBcrypt(hash);
    case 'argon2id':
      return parseArgon2id(hash);
    case 'pbkdf2-sha256':
      return parsePbkdf2(hash);
    case 'scrypt':
      return parseScrypt(hash);
    case 'md5':
    case 'sha1':
      return parseDigest(scheme, hash);
  }
}

const refuse = (scheme: string, why: string): Parsed => ({ problem: `not a ${scheme} hash: ${why}` });

function parseBcrypt(hash: string): Parsed {
  const m = BCRYPT.exec(hash);
  if (!m) return refuse('bcrypt', 'expected $2a$, $2b$ or $2y$, a two-digit cost and 53 characters');
  const cost = Number(m[1]);
  if (cost < 4 || cost > 14) return refuse('bcrypt', 'cost outside 4–14');
  return { verify: (password) => compareBcrypt(password, hash) };
}

function parseArgon2id(hash: string): Parsed {
  const m = ARGON2ID.exec(hash);
  if (!m) return refuse('argon2id', 'expected $argon2id$v=19$m=…,t=…,p=…$salt$hash');
  const [mem, t, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (p < 1 || p > 16 || t < 1 || t > 10 || mem < 8 * p || mem > 262_144) return refuse('argon2id', 'cost parameters out of bounds');
  return { verify: (password) => verifyArgon2(hash, password) };
}

function parsePbkdf2(hash: string): Parsed {
  const django = DJANGO_PBKDF2.exec(hash);
  const passlib = django ? null : PASSLIB_PBKDF2.exec(hash);
  const m = django ?? passlib;
  if (!m) return refuse('pbkdf2-sha256', 'expected pbkdf2_sha256$iterations$salt$hash (Django) or $pbkdf2-sha256$iterations$salt$hash (passlib)');
  const iterations = Number(m[1]);
  if (iterations < 1000 || iterations > 3_000_000) return refuse('pbkdf2-sha256', 'iterations outside 1,000–3,000,000');
  // Django uses the salt's text as the salt; passlib stores raw salt bytes in "adapted base64" (. for +).
  const salt = django ? Buffer.from(m[2], 'utf8') : ab64(m[2]);
  const expected = django ? Buffer.from(m[3], 'base64') : ab64(m[3]);
  if (expected.length < 16 || expected.length > 64) return refuse('pbkdf2-sha256', 'derived key of unusual length');
  return {
    verify: (password) =>
      new Promise((resolve, reject) =>
        pbkdf2(password, salt, iterations, expected.length, 'sha256', (err, key) => (err ? reject(err) : resolve(timingSafeEqual(key, expected)))),
      ),
  };
}

function parseScrypt(hash: string): Parsed {
  const own = PROJECT_SCRYPT.exec(hash);
  const passlib = own ? null : PASSLIB_SCRYPT.exec(hash);
  if (!own && !passlib) return refuse('scrypt', 'expected scrypt$N$r$p$salt$hash or $scrypt$ln=…,r=…,p=…$salt$hash');
  const n = own ? Number(own[1]) : 2 ** Number(passlib![1]);
  const [r, p] = own ? [Number(own[2]), Number(own[3])] : [Number(passlib![2]), Number(passlib![3])];
  const isPowerOfTwo = Number.isInteger(Math.log2(n));
  if (!isPowerOfTwo || n < 16 || n > 1_048_576 || r < 1 || p < 1 || p > 16 || 128 * n * r > SCRYPT_TABLE_MAX)
    return refuse('scrypt', 'cost parameters out of bounds');
  const salt = own ? Buffer.from(own[4], 'base64url') : ab64(passlib![4]);
  const expected = own ? Buffer.from(own[5], 'base64url') : ab64(passlib![5]);
  if (expected.length < 16 || expected.length > 64) return refuse('scrypt', 'derived key of unusual length');
  return {
    verify: (password) =>
      new Promise((resolve, reject) =>
        scrypt(password, salt, expected.length, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(timingSafeEqual(key, expected)))),
      ),
  };
}

function parseDigest(scheme: 'md5' | 'sha1', hash: string): Parsed {
  if (!HEX[scheme].test(hash)) return refuse(scheme, `expected ${scheme === 'md5' ? 32 : 40} hex digits`);
  const expected = Buffer.from(hash, 'hex');
  return { verify: (password) => Promise.resolve(timingSafeEqual(createHash(scheme).update(password, 'utf8').digest(), expected)) };
}

/** passlib's "adapted base64": standard base64 with `.` for `+`, no padding. */
function ab64(s: string): Buffer {
  return Buffer.from(s.replace(/\./g, '+'), 'base64');
}
