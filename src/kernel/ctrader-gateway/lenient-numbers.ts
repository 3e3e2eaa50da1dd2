/**
 * Numbers in cTrader's answers, read leniently. The docs are loose about JSON types — their own 3.3 request example
 * sends `"balance": "00"` (https://help.ctrader.com/broker-oauth-inapp/create-trader/, "3.3. Create a Trader",
 * Request Example) — so an integer sent as a decimal string is taken as that integer. Only exact integers pass:
 * "12.5", "1e3", " 7" and unsafe magnitudes do not, so a garbled field is still an invalid answer.
 */
const INTEGER_TEXT = /^-?[0-9]{1,16}$/;

export function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !INTEGER_TEXT.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The trader's integer fields (contract §1.1: money fields are integers in 10^moneyDigits). */
const TRADER_INTEGER_FIELDS = [
  'login',
  'moneyDigits',
  'balance',
  'bonus',
  'nonWithdrawableBonus',
  'equity',
  'usedMargin',
  'freeMargin',
  'leverageInCents',
  'maxLeverage',
  'registrationTimestamp',
] as const;

/** A copy of a trader answer whose integer fields sent as strings are numbers; everything else is kept as sent. */
export function withIntegerFields<T extends object>(trader: T): T {
  const copy = { ...trader } as Record<string, unknown>;
  for (const field of TRADER_INTEGER_FIELDS) {
    if (!(field in copy)) continue;
    const n = integerOf(copy[field]);
    if (n !== undefined) copy[field] = n;
  }
  return copy as T;
}
