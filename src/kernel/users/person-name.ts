/**
 * The one rule for a person's first or last name, wherever a name is taken (signup today; any profile or admin
 * edit must use it too). Names end up in emails, cTrader (3.2), the admin console and partner reports, so a
 * "name" that is a link or markup is a phishing vector: only what real names are made of is accepted.
 *
 * Allowed: letters and combining marks of every script (Chinese, Arabic, Devanagari, accented Latin …), spaces,
 * apostrophes (' ’ ʼ), hyphens (- ‐), dots ("J. R."), the middle dots of Catalan and Japanese (· ・) and the
 * zero-width (non-)joiners Persian and Indic names need. Refused: digits, control and format characters (bidi
 * overrides included), line breaks, `<`, `>`, `:`, `/`, `@` … and anything domain-like (`evil.com`, `www.x`):
 * a dot directly followed by two letters.
 */
export const PERSON_NAME_MAX = 100;

const ALLOWED = /^[\p{L}\p{M} '’ʼ\-‐.·・\u200C\u200D]+$/u;
const HAS_LETTER = /\p{L}/u;
const DOMAIN_LIKE = /\.\p{L}{2,}/u;

export type PersonNameProblem = 'required' | 'invalid';

/** Trims and collapses runs of spaces; `normalize('NFC')` so the same name typed two ways is stored once. */
export function normalizePersonName(raw: unknown): string {
  return typeof raw === 'string' ? raw.normalize('NFC').trim().replace(/ {2,}/g, ' ') : '';
}

/** Why `name` (already normalised) is not acceptable, or undefined when it is. */
export function personNameProblem(name: string): PersonNameProblem | undefined {
  if (!name) return 'required';
  if (name.length > PERSON_NAME_MAX || !ALLOWED.test(name) || !HAS_LETTER.test(name) || DOMAIN_LIKE.test(name)) return 'invalid';
  return undefined;
}

export function isPersonName(name: string): boolean {
  return personNameProblem(name) === undefined;
}

/** A caller handed a name that breaks the rule to a write path (a bug of that caller: it should have shown a field error). */
export class InvalidPersonNameError extends Error {
  constructor(readonly field: string) {
    super(`${field} is not an acceptable person name`);
    this.name = 'InvalidPersonNameError';
  }
}
