/**
 * Money in the simulator is integer minor units (cTrader's "scaled by 10^moneyDigits" integers, contract §1.1).
 * Decimal amounts are converted by string manipulation and BigInt, never by float multiplication:
 * 0.29 * 100 is 28.999999999999996 in binary floating point, which is exactly the drift a ledger must not have.
 */

export class MoneyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyFormatError';
  }
}

const DECIMAL_PATTERN = /^([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses an unsigned decimal literal ("100", "100.10", "1e-2", "1.5E3") into minor units with `moneyDigits`
 * decimals. Trailing zeros are insignificant ("1.500" has one decimal). Throws MoneyFormatError when the text
 * is not a plain decimal, has more decimals than `moneyDigits`, or the result is not a safe integer.
 */
export function decimalTextToMinorUnits(text: string, moneyDigits: number): number {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) {
    throw new MoneyFormatError(`"${text}" is not a plain unsigned decimal number`);
  }
  const [, intPart, fracPart = '', expPart = '0'] = match;
  const exponent = Number(expPart);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) {
    throw new MoneyFormatError(`"${text}" has an out-of-range exponent`);
  }
  const fraction = fracPart.replace(/0+$/, '');
  // value = digits × 10^(-scale)
  const digits = (intPart + fraction).replace(/^0+(?=\d)/, '');
  const scale = fraction.length - exponent;
  const significantScale = digits === '0' ? 0 : scale - trailingZeros(digits);
  if (significantScale > moneyDigits) {
    throw new MoneyFormatError(`"${text}" has more than ${moneyDigits} decimal places`);
  }
  const shift = moneyDigits - scale;
  const minor = shift >= 0 ? BigInt(digits) * 10n ** BigInt(shift) : BigInt(digits) / 10n ** BigInt(-shift);
  if (minor > MAX_SAFE) {
    throw new MoneyFormatError(`"${text}" is too large`);
  }
  return Number(minor);
}

/**
 * A JSON number arrives as a binary double. `String(n)` gives the shortest text that round-trips to the same
 * double, which is the literal the sender wrote whenever it had ≤ 15 significant digits. A sender whose own
 * float arithmetic drifted (0.1 + 0.2 → 0.30000000000000004) is therefore seen with its drift and rejected.
 */
export function jsonNumberToMinorUnits(value: number, moneyDigits: number): number {
  if (!Number.isFinite(value)) {
    throw new MoneyFormatError('amount is not a finite number');
  }
  if (value < 0) {
    throw new MoneyFormatError('amount is negative');
  }
  return decimalTextToMinorUnits(String(value), moneyDigits);
}

/** 12345 with 2 digits → "123.45"; -5 → "-0.05". Always exactly `moneyDigits` decimals. */
export function minorUnitsToDecimalText(minor: number, moneyDigits: number): string {
  if (!Number.isSafeInteger(minor)) {
    throw new MoneyFormatError(`${minor} is not a safe integer amount of minor units`);
  }
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(moneyDigits + 1, '0');
  const whole = moneyDigits === 0 ? abs : abs.slice(0, abs.length - moneyDigits);
  const frac = moneyDigits === 0 ? '' : `.${abs.slice(abs.length - moneyDigits)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Integer addition that refuses to leave the exactly-representable range instead of silently rounding. */
export function addMinorUnits(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) {
    throw new MoneyFormatError('balance would leave the safe integer range');
  }
  return sum;
}

function trailingZeros(digits: string): number {
  const match = /0*$/.exec(digits);
  return match ? match[0].length : 0;
}
