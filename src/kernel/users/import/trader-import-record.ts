import { ISO_COUNTRY_SET } from '../../../config/iso-countries';
import { ImportedHashScheme, importedPasswordHash, WEAK_HASH_SCHEMES } from '../../../lib/crypto/imported-password-hash';
import { normalizePersonName, personNameProblem } from '../person-name';
import { isPrivateRelayEmail, normalizeEmail } from '../users.service';

/** The columns (CSV header) or keys (JSONL) an import line may carry; anything else is refused, so a typo is never silently dropped. */
export const IMPORT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'language',
  'country',
  'passwordHash',
  'passwordScheme',
  'emailVerified',
  'ctidUserId',
  'tradingLogins',
  'partnerId',
  'consentKey',
  'consentVersion',
  'consentAcceptedAt',
  'consentIp',
] as const;
const KNOWN = new Set<string>(IMPORT_FIELDS);
export const MAX_TRADING_LOGINS = 20;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const LANGUAGE = /^[a-z]{2}$/;
const PARTNER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const CONSENT_TEXT = /^[A-Za-z0-9._-]{1,40}$/;

/** One trader as an import line describes them, checked and normalised. */
export interface TraderImportRecord {
  email: string;
  firstName: string;
  lastName: string;
  /** Null: the broker's default language. */
  language: string | null;
  country: string | null;
  /** The old password hash as stored (imported-password-hash.ts); absent when the line has none or its scheme is weak and refused by config. */
  password: { scheme: ImportedHashScheme; stored: string } | null;
  /** The line's hash was weak and config says `forceReset`: the trader sets a new password by reset. */
  passwordResetRequired: boolean;
  emailVerified: boolean;
  ctidUserId: number | null;
  tradingLogins: number[];
  partnerId: string | null;
  consent: { key: string; version: string; acceptedAt: number; ip: string } | null;
}

export type ParsedImportLine = { record: TraderImportRecord } | { problems: string[] };

/**
 * One line's fields → the record, or every problem found (one line's errors all at once). Values may be strings
 * (CSV) or JSON types (JSONL); an empty string counts as absent.
 */
export function parseImportLine(raw: Record<string, unknown>, weakHashes: 'forceReset' | 'upgradeOnLogin'): ParsedImportLine {
  const problems: string[] = [];
  for (const key of Object.keys(raw)) if (!KNOWN.has(key)) problems.push(`${key.slice(0, 40)}: unknown field`);
  const text = (key: string): string | null => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    problems.push(`${key}: must be text`);
    return null;
  };

  const email = normalizeEmail(text('email') ?? '');
  if (!email) problems.push('email: required');
  else if (email.length > 254 || !EMAIL.test(email)) problems.push('email: invalid');
  else if (isPrivateRelayEmail(email)) problems.push('email: Apple private-relay addresses are refused by cTrader');

  const names = { firstName: normalizePersonName(text('firstName') ?? ''), lastName: normalizePersonName(text('lastName') ?? '') };
  for (const field of ['firstName', 'lastName'] as const) {
    const problem = personNameProblem(names[field]);
    if (problem) problems.push(`${field}: ${problem}`);
  }

  const language = text('language')?.toLowerCase() ?? null;
  if (language !== null && !LANGUAGE.test(language)) problems.push('language: expected a two-letter ISO 639-1 code');
  const country = text('country')?.toUpperCase() ?? null;
  if (country !== null && !ISO_COUNTRY_SET.has(country)) problems.push('country: expected an ISO 3166-1 alpha-2 code');

  const hash = text('passwordHash');
  const scheme = text('passwordScheme');
  let password: TraderImportRecord['password'] = null;
  let passwordResetRequired = false;
  if ((hash === null) !== (scheme === null)) problems.push('passwordHash and passwordScheme: give both or neither');
  else if (hash !== null && scheme !== null) {
    const checked = importedPasswordHash(scheme, hash);
    if ('problem' in checked) problems.push(`passwordHash: ${checked.problem}`);
    else if (WEAK_HASH_SCHEMES.has(scheme as ImportedHashScheme) && weakHashes === 'forceReset') passwordResetRequired = true;
    else password = { scheme: scheme as ImportedHashScheme, stored: checked.stored };
  }

  const emailVerified = flag(text('emailVerified'), problems);
  const ctidUserId = positiveInteger(text('ctidUserId'), 'ctidUserId', problems);
  const tradingLogins = loginList(raw.tradingLogins, problems);
  if (tradingLogins.length && ctidUserId === null) problems.push('tradingLogins: need the ctidUserId they are linked to');

  const partnerId = text('partnerId');
  if (partnerId !== null && !PARTNER_ID.test(partnerId)) problems.push('partnerId: 1-64 letters, digits, . _ -');

  const consent = readConsent(text, problems);
  if (problems.length) return { problems };
  return {
    record: {
      email,
      ...names,
      language,
      country,
      password,
      passwordResetRequired,
      emailVerified,
      ctidUserId,
      tradingLogins,
      partnerId,
      consent,
    },
  };
}

function flag(v: string | null, problems: string[]): boolean {
  if (v === null) return false;
  const s = v.toLowerCase();
  if (['true', '1', 'yes'].includes(s)) return true;
  if (['false', '0', 'no'].includes(s)) return false;
  problems.push('emailVerified: expected true or false');
  return false;
}

function positiveInteger(v: string | null, field: string, problems: string[]): number | null {
  if (v === null) return null;
  if (!/^\d{1,15}$/.test(v) || Number(v) < 1) {
    problems.push(`${field}: expected a positive integer`);
    return null;
  }
  return Number(v);
}

/** JSONL: an array of integers; CSV: integers separated by spaces, `;` or `|`. */
function loginList(v: unknown, problems: string[]): number[] {
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v)
    ? v.map((x) => (typeof x === 'number' || typeof x === 'string' ? String(x) : '?'))
    : typeof v === 'string'
      ? v.split(/[\s;|]+/)
      : null;
  if (!items) {
    problems.push('tradingLogins: expected a list of logins');
    return [];
  }
  const logins = items.filter(Boolean).map((s) => positiveInteger(s, 'tradingLogins', problems));
  if (logins.some((l) => l === null)) return [];
  const unique = [...new Set(logins as number[])];
  if (unique.length > MAX_TRADING_LOGINS) problems.push(`tradingLogins: at most ${MAX_TRADING_LOGINS}`);
  return unique;
}

function readConsent(text: (key: string) => string | null, problems: string[]): TraderImportRecord['consent'] {
  const [key, version, acceptedAt, ip] = [text('consentKey'), text('consentVersion'), text('consentAcceptedAt'), text('consentIp')];
  if (key === null && version === null && acceptedAt === null && ip === null) return null;
  const before = problems.length;
  if (key === null || !CONSENT_TEXT.test(key)) problems.push('consentKey: required with a consent, 1-40 letters, digits, . _ -');
  if (version === null || !CONSENT_TEXT.test(version)) problems.push('consentVersion: required with a consent, 1-40 letters, digits, . _ -');
  const at = acceptedAt !== null && /^\d{4}-\d{2}-\d{2}T/.test(acceptedAt) ? Date.parse(acceptedAt) : NaN;
  if (Number.isNaN(at)) problems.push('consentAcceptedAt: required with a consent, an ISO 8601 date-time');
  if (ip !== null && (ip.length > 64 || !/^[0-9A-Fa-f:.]+$/.test(ip))) problems.push('consentIp: an IPv4 or IPv6 address');
  if (problems.length > before) return null;
  // The evidence says where the consent was given; without an address it says it came from the import.
  return { key: key!, version: version!, acceptedAt: at, ip: ip ?? 'import' };
}
