/**
 * The one rule for "this name carries a credential", shared by the request log (query parameters, headers), the
 * admin config view (query parameters of URL-valued settings) and the outbox view (query parameters of links in
 * a message). Matching by fragment, not by a list of exact names, so a new `x-<provider>-signature` header or
 * `crmApiToken[]` parameter is covered without anyone remembering to add it (issue #17).
 */
const CREDENTIAL_FRAGMENT = /signature|token|secret|key|auth|passw|pwd|credential|cookie|session|sig$/i;

/** Short names used for single-use secrets: `t` (our email links), `code` (OAuth / verification codes), `sig`, `otp`. */
const CREDENTIAL_EXACT = new Set(['t', 'code', 'sig', 'otp', 'pin', 'jwt', 'hmac']);

/**
 * A parameter or header name that may carry a credential. Array/object-shaped query names (`token[]`,
 * `token[0]`, `crmApiToken[a]`, `auth[token]`) are judged by each of their segments.
 */
export function isCredentialName(name: string): boolean {
  return name
    .split(/[[\].]+/)
    .map((segment) => segment.trim().toLowerCase())
    .some((segment) => segment !== '' && (CREDENTIAL_EXACT.has(segment) || CREDENTIAL_FRAGMENT.test(segment)));
}
