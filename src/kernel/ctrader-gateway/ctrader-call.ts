/**
 * The catalogue of cTrader calls (contract §1.5): how each is sent and when the gateway may repeat it on its own.
 * Call ids follow the contract's numbering; the trader reads have names (they carry no number in the docs).
 */
export type CtraderCallId =
  | '3.1'
  | '3.2'
  | '3.3'
  | '3.4'
  | '3.5'
  | '3.6'
  | '3.7'
  | '3.8'
  | '3.9'
  | '3.10'
  | '3.11'
  | '3.12'
  | '3.13'
  | 'LI'
  | 'traderRead'
  | 'tradersList'
  | 'balanceHistoryRead';

export type CtraderHttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Who may repeat a call after a 5xx, a timeout or a dropped connection:
 * - `read`: a GET — no effect at CT, always safe.
 * - `replace`: the call sets state to a value given in full (PUT/DELETE of 3.6, 3.8, 3.9, 3.10, 3.13, the 3.12
 *   logout, and 3.1 which only issues one more never-expiring token): sending it twice ends in the same state.
 * - `effect`: the call creates something or moves money (3.2, 3.3, 3.4, 3.5, the Light-identity redeem). A repeat
 *   could create a second user/trader/link, a second deposit, or burn a token: the gateway never repeats these
 *   except after REQUEST_FREQUENCY_EXCEEDED (CT refused it, nothing happened). The caller (a saga or a durable
 *   job that can check CT's state first) decides.
 */
export type CtraderRetryClass = 'read' | 'replace' | 'effect';

export interface CtraderCallSpec {
  id: CtraderCallId;
  /** Human name for logs and errors. */
  name: string;
  method: CtraderHttpMethod;
  retry: CtraderRetryClass;
  /** Every call except 3.1 carries `?token={webservToken}` (contract §1.5). */
  authenticated: boolean;
}

const spec = (id: CtraderCallId, name: string, method: CtraderHttpMethod, retry: CtraderRetryClass, authenticated = true): CtraderCallSpec => ({
  id,
  name,
  method,
  retry,
  authenticated,
});

export const CTRADER_CALLS: Readonly<Record<CtraderCallId, CtraderCallSpec>> = {
  '3.1': spec('3.1', 'managerToken', 'POST', 'replace', false),
  '3.2': spec('3.2', 'createUser', 'POST', 'effect'),
  '3.3': spec('3.3', 'createTrader', 'POST', 'effect'),
  '3.4': spec('3.4', 'linkAccount', 'POST', 'effect'),
  '3.5': spec('3.5', 'changeBalance', 'POST', 'effect'),
  '3.6': spec('3.6', 'setReferral', 'PUT', 'replace'),
  '3.7': spec('3.7', 'getReferral', 'GET', 'read'),
  '3.8': spec('3.8', 'deleteReferral', 'DELETE', 'replace'),
  '3.9': spec('3.9', 'putInAppControls', 'PUT', 'replace'),
  '3.10': spec('3.10', 'changeEmail', 'PUT', 'replace'),
  '3.11': spec('3.11', 'findUserIdByEmail', 'GET', 'read'),
  '3.12': spec('3.12', 'logoutEverywhere', 'POST', 'replace'),
  '3.13': spec('3.13', 'acceptAgreement', 'PUT', 'replace'),
  LI: spec('LI', 'redeemLightIdentityToken', 'POST', 'effect'),
  traderRead: spec('traderRead', 'getTrader', 'GET', 'read'),
  tradersList: spec('tradersList', 'listTraders', 'GET', 'read'),
  balanceHistoryRead: spec('balanceHistoryRead', 'getBalanceHistory', 'GET', 'read'),
};

/**
 * Contract §1.1: paths under /ctid/, /ctid2/ and /oauth2/ live below `/cid`, paths under /webserv/ below `/v2`.
 * Anything else is a programming or configuration error (e.g. a mistyped 3.11 path in config).
 */
export function ctraderBasePath(path: string): '/cid' | '/v2' {
  if (/^\/(ctid|ctid2|oauth2)\//.test(path)) return '/cid';
  if (path.startsWith('/webserv/')) return '/v2';
  throw new Error(`cTrader path ${path} is neither under /ctid/, /ctid2/, /oauth2/ nor /webserv/`);
}
