/**
 * The `looseAnswers` quirk: a success body as a less tidy CT build may send it. The docs themselves are loose in
 * places — the 3.3 request example sends `"balance": "00"`, a number as a string
 * (https://help.ctrader.com/broker-oauth-inapp/create-trader/, "3.3. Create a Trader", Request Example) — and a
 * server may add response fields in any release. With the quirk on, every integer in a 2xx JSON body is sent as a
 * decimal string and every object gains a field no doc lists, so the gateway is tested against both shapes.
 */
export const LOOSE_EXTRA_FIELD = 'addedByNewerCtrader';

export function looseAnswer(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(looseAnswer);
  if (typeof body === 'number' && Number.isSafeInteger(body)) return String(body);
  if (body === null || typeof body !== 'object') return body;
  const loose: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) loose[key] = looseAnswer(value);
  loose[LOOSE_EXTRA_FIELD] = { note: 'a field the docs do not list' };
  return loose;
}
