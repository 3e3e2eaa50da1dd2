import { hashPassword, hashPasswordSync, SCRYPT_PARAMS, verifyPasswordHash, verifyPasswordHashSync } from './password-hash';

describe('password hashing (scrypt)', () => {
  it('meets an OWASP scrypt minimum (N=2^14, r=8, p=5 or an equivalent cost)', async () => {
    const [scheme, n, r, p, salt, key] = (await hashPassword('correct horse battery')).split('$');
    expect(scheme).toBe('scrypt');
    expect({ N: Number(n), r: Number(r), p: Number(p) }).toEqual(SCRYPT_PARAMS);
    // cost ~ N * r * p; OWASP's equivalents all have N * r * p >= 2^14 * 8 * 5
    expect(Number(n) * Number(r) * Number(p)).toBeGreaterThanOrEqual(2 ** 14 * 8 * 5);
    expect(Buffer.from(salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });

  it('salts every hash and verifies only the right password, also for hashes stored with older parameters', async () => {
    const a = hashPasswordSync('same password');
    const b = hashPasswordSync('same password');
    expect(a).not.toBe(b);
    expect(await verifyPasswordHash('same password', a)).toBe(true);
    expect(await verifyPasswordHash('other password', a)).toBe(false);
    expect(verifyPasswordHashSync('same password', b)).toBe(true);
    expect(await verifyPasswordHash('x', 'not-a-hash')).toBe(false);
  });
});
