import { createHash } from 'node:crypto';
import { DAY_MS, planLoginTokens, SESSION_INAPP_TTL_MS } from './login-token-plan';
import { inappTokenFor, isWellFormedToken } from './token-format';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const NOW = 1_800_000_000_000;
const base = { now: NOW, accessTokenTtlDays: 30 };
/** Predictable randomness: the n-th token minted. */
const minter = () => {
  let n = 0;
  return () => `minted-${++n}`.padEnd(43, 'x');
};

describe('planLoginTokens (4.2: what a consumed login OT token produces)', () => {
  it('with Keep me logged in: an access token for accessTokenTtlDays and an inappToken derived from it, living as long', () => {
    const plan = planLoginTokens({ ...base, keepLoggedIn: true, withInappToken: true }, minter());
    const accessToken = 'minted-1'.padEnd(43, 'x');
    expect(plan.answer).toEqual({ accessToken, inappToken: inappTokenFor(accessToken) });
    const expiresAt = NOW + 30 * DAY_MS;
    expect(plan.access).toEqual({ tokenHash: sha256(accessToken), expiresAt });
    expect(plan.inapp).toEqual({ tokenHash: sha256(inappTokenFor(accessToken)), accessTokenHash: sha256(accessToken), expiresAt });
  });

  it('without Keep me logged in: no access token, a random inappToken for one working day, tied to no access token', () => {
    const plan = planLoginTokens({ ...base, keepLoggedIn: false, withInappToken: true }, minter());
    const inappToken = 'minted-1'.padEnd(43, 'x');
    expect(plan.answer).toEqual({ inappToken });
    expect(plan.access).toBeNull();
    expect(plan.inapp).toEqual({ tokenHash: sha256(inappToken), accessTokenHash: null, expiresAt: NOW + SESSION_INAPP_TTL_MS });
    expect(SESSION_INAPP_TTL_MS).toBe(DAY_MS);
  });

  it('a broker without inappTokens gets none, with or without an access token', () => {
    const kept = planLoginTokens({ ...base, keepLoggedIn: true, withInappToken: false }, minter());
    expect(Object.keys(kept.answer)).toEqual(['accessToken']);
    expect(kept.access?.expiresAt).toBe(NOW + 30 * DAY_MS);
    expect(kept.inapp).toBeNull();
    const session = planLoginTokens({ ...base, keepLoggedIn: false, withInappToken: false }, minter());
    expect(session).toEqual({ answer: {}, access: null, inapp: null });
  });

  it('stores hashes only, and real tokens are well-formed and new each time', () => {
    const a = planLoginTokens({ ...base, keepLoggedIn: true, withInappToken: true });
    const b = planLoginTokens({ ...base, keepLoggedIn: true, withInappToken: true });
    const rows = JSON.stringify([a.access, a.inapp]);
    for (const secret of [a.answer.accessToken!, a.answer.inappToken!]) {
      expect(isWellFormedToken(secret)).toBe(true);
      expect(rows).not.toContain(secret);
    }
    expect(a.answer.accessToken).not.toBe(b.answer.accessToken);
    const session = planLoginTokens({ ...base, keepLoggedIn: false, withInappToken: true });
    expect(isWellFormedToken(session.answer.inappToken)).toBe(true);
  });
});
