import { hashToken, inappTokenFor, newToken } from './token-format';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** An inappToken issued without Keep me logged in lives as long as a working day of app use. */
export const SESSION_INAPP_TTL_MS = DAY_MS;

export interface LoginTokenPlanInput {
  now: number;
  /** The OT token's "Keep me logged in" (contract §4.2): only then is there an access token. */
  keepLoggedIn: boolean;
  /** The broker's `inappTokenEnabled`. */
  withInappToken: boolean;
  accessTokenTtlDays: number;
}

/**
 * 4.2's token rules in one place (issue #20), with no I/O: what the answer carries and the rows that back it.
 * Both dialect paths of LoginTokenExchange store exactly these rows (sourceOneTimeTokenHash, brokerName and
 * userId come from the consumed OT token).
 */
export interface LoginTokenPlan {
  /** The plaintexts for the 4.2 answer; never stored. */
  answer: { accessToken?: string; inappToken?: string };
  /** The access_token row, present only with Keep me logged in. */
  access: { tokenHash: string; expiresAt: number } | null;
  /** The inapp_token row, present when the broker enables inappTokens. */
  inapp: { tokenHash: string; accessTokenHash: string | null; expiresAt: number } | null;
}

/**
 * - With Keep me logged in: a fresh access token living `accessTokenTtlDays`, and an inappToken *derived* from it
 *   (inappTokenFor), so 4.3 hands the same inappToken back without a write; it lives and dies with the access token.
 * - Without: no access token, and a random inappToken for one working day (SESSION_INAPP_TTL_MS).
 * - Only SHA-256 hashes go to the database (contract §1.6). `mint` is the randomness, a parameter for the spec.
 */
export function planLoginTokens(input: LoginTokenPlanInput, mint: () => string = newToken): LoginTokenPlan {
  const accessToken = input.keepLoggedIn ? mint() : undefined;
  const expiresAt = accessToken === undefined ? input.now + SESSION_INAPP_TTL_MS : input.now + input.accessTokenTtlDays * DAY_MS;
  const access = accessToken === undefined ? null : { tokenHash: hashToken(accessToken), expiresAt };
  const inappToken = !input.withInappToken ? undefined : accessToken === undefined ? mint() : inappTokenFor(accessToken);
  const inapp = inappToken === undefined ? null : { tokenHash: hashToken(inappToken), accessTokenHash: access?.tokenHash ?? null, expiresAt };
  return {
    answer: { ...(accessToken !== undefined ? { accessToken } : {}), ...(inappToken !== undefined ? { inappToken } : {}) },
    access,
    inapp,
  };
}
