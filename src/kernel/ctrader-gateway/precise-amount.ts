/**
 * 3.5's `preciseAmount` is a JSON number (contract §1.5: "a plain positive decimal"). We hold amounts as decimal
 * text and never compute with floats (contract §1.1). Turning the text into a JS number only to serialise it is
 * exact when it has at most 15 significant digits: every such decimal maps to a double whose shortest round-trip
 * text (what JSON.stringify prints) is that same decimal (IEEE 754 double: 15 digits always survive a round trip).
 */
const PLAIN_DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const MAX_SIGNIFICANT_DIGITS = 15;

/** Why `text` cannot be sent as preciseAmount, or null when it can. */
export function preciseAmountProblem(text: unknown): string | null {
  if (typeof text !== 'string' || !PLAIN_DECIMAL.test(text)) return 'must be a plain decimal string such as "100.50"';
  if (text.split('.')[0].length > MAX_SIGNIFICANT_DIGITS) return 'is too large';
  const digits = text.replace('.', '').replace(/^0+/, '');
  if (/^0*$/.test(digits)) return 'must be greater than 0';
  const significant = digits.replace(/0+$/, '').length;
  if (significant > MAX_SIGNIFICANT_DIGITS) return `must have at most ${MAX_SIGNIFICANT_DIGITS} significant digits`;
  return null;
}

export function preciseAmountToJsonNumber(text: string): number {
  const problem = preciseAmountProblem(text);
  if (problem) throw new RangeError(`preciseAmount ${problem}`);
  return Number(text);
}
