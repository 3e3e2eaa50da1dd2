/** Keys whose values are never shown, whatever a payload author put there (contract §1.6: no token leaves us). */
const SECRET_KEY = /(password|passwd|secret|token|hash|credential|apikey|api_key|authorization)/i;
export const REDACTED = '[REDACTED]';

/** A copy of a job payload/result fit for the admin API: secret-looking members masked at any depth. */
export function redactForDisplay(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactForDisplay(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : redactForDisplay(v, depth + 1)]));
  }
  return value;
}
