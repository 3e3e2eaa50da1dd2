/**
 * cTrader money (contract §1.1) is an integer scaled by 10^moneyDigits. It is shown without ever going through a
 * binary float: the integer is cut into a decimal string, which Intl formats exactly (ECMA-402 accepts numeric
 * strings), in the page's language.
 */
export function minorUnitsToDecimal(minor: number | bigint, moneyDigits: number): string {
  const digits = Number.isInteger(moneyDigits) && moneyDigits >= 0 && moneyDigits <= 10 ? moneyDigits : 2;
  const value = BigInt(minor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits ? `.${text.slice(text.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export function formatMoney(minor: number | bigint, moneyDigits: number, currency: string, lang: string): string {
  const decimal = minorUnitsToDecimal(minor, moneyDigits);
  const digits = decimal.includes('.') ? decimal.length - decimal.indexOf('.') - 1 : 0;
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      decimal as unknown as number,
    );
  } catch {
    // An unknown currency code (a broker's custom one): the amount and the code as they are.
    return `${decimal} ${currency}`;
  }
}
