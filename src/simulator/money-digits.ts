import { CtraderError } from './ctrader-error';

/**
 * moneyDigits per deposit currency. CT decides it per account (the trader read and 3.3's answer carry it); the
 * docs give no table, so the simulator defaults to 2 and tests configure others (0 for JPY, 8 for a crypto deposit
 * currency such as BTC) to prove the broker never assumes 2.
 */
export const DEFAULT_MONEY_DIGITS = 2;
export const MAX_MONEY_DIGITS = 10;

export class MoneyDigitsTable {
  private readonly byCurrency = new Map<string, number>();

  constructor(initial: Record<string, number> = {}) {
    for (const [currency, digits] of Object.entries(initial)) this.set(currency, digits);
  }

  of(depositCurrency: string): number {
    return this.byCurrency.get(depositCurrency) ?? DEFAULT_MONEY_DIGITS;
  }

  set(currency: string, digits: number): void {
    if (!Number.isSafeInteger(digits) || digits < 0 || digits > MAX_MONEY_DIGITS) {
      throw new Error(`moneyDigits for ${currency} must be an integer 0..${MAX_MONEY_DIGITS}`);
    }
    this.byCurrency.set(currency, digits);
  }

  view(): Record<string, number> {
    return Object.fromEntries(this.byCurrency);
  }
}

/**
 * 3.3's `balance` is "specified in 10^2 … If JPY is the account currency, the last two digits in balance have to
 * equal zero" (https://help.ctrader.com/broker-oauth-inapp/create-trader/, "3.3. Create a Trader", Request Body,
 * `balance`). So the input is always in hundredths, and the account holds it in 10^moneyDigits: scaled up for
 * more digits, and refused when fewer digits cannot hold it exactly.
 */
export function createBalanceToMinorUnits(balance: number, moneyDigits: number): number {
  if (moneyDigits >= 2) {
    const scaled = balance * 10 ** (moneyDigits - 2);
    if (!Number.isSafeInteger(scaled)) throw CtraderError.invalidRequest("'balance' is too large");
    return scaled;
  }
  const divisor = 10 ** (2 - moneyDigits);
  if (balance % divisor !== 0) {
    throw CtraderError.invalidRequest(`'balance' is in 10^2 and this currency has ${moneyDigits} money digits: its last ${2 - moneyDigits} digit(s) must be 0`);
  }
  return balance / divisor;
}
