/**
 * Money as integer minor units (contract §1.1): what the trader types is parsed as decimal text, never through a
 * float, and what 3.5 receives as `preciseAmount` is printed back from the integer.
 */
const TYPED_AMOUNT = /^(\d{1,13})(?:[.,](\d+))?$/;

/** "100.5" with 2 digits → 10050; null when not a plain positive amount with at most `digits` decimals. */
export function parseAmountToMinor(text: string, digits: number): number | null {
  const m = TYPED_AMOUNT.exec(text.trim().replace(/[\s\u00a0']/g, ''));
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}

/** 10050 with 2 digits → "100.50" (plain decimal, what 3.5's preciseAmount takes). */
export function formatMinor(minor: number, digits: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError('amount must be a safe integer of minor units');
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** An amount of `fromDigits` expressed in `toDigits` (cTrader may report balances with other money digits), rounded down. */
export function rescaleMinor(minor: number, fromDigits: number, toDigits: number): number {
  if (fromDigits === toDigits) return minor;
  if (toDigits > fromDigits) return minor * 10 ** (toDigits - fromDigits);
  return Math.floor(minor / 10 ** (fromDigits - toDigits));
}
