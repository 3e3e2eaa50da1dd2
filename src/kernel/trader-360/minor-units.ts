/** An integer amount in minor units as a decimal string (12345, 2 → "123.45"), without floating point. */
export function formatMinorUnits(amount: number, digits: number): string {
  if (!Number.isSafeInteger(amount)) return String(amount);
  const negative = amount < 0;
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = digits > 0 ? text.slice(0, -digits) : text;
  const fraction = digits > 0 ? `.${text.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
