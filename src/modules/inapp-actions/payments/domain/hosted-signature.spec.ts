import { callbackSigningText, HostedCallbackFields, sign, signatureMatches } from './hosted-signature';

describe('hosted payment signatures', () => {
  const secret = 'a-test-secret-of-some-length';
  const fields: HostedCallbackFields = { paymentId: 'p1', eventId: 'e1', status: 'succeeded', amountMinor: 10050, currency: 'USD', timestamp: 1_700_000_000 };

  it('accepts the right signature and refuses any change of field, secret or format', () => {
    const good = sign(secret, callbackSigningText(fields));
    expect(good).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureMatches(secret, callbackSigningText(fields), good)).toBe(true);
    expect(signatureMatches(secret, callbackSigningText({ ...fields, amountMinor: 10051 }), good)).toBe(false);
    expect(signatureMatches(secret, callbackSigningText({ ...fields, status: 'declined' }), good)).toBe(false);
    expect(signatureMatches('another-secret-of-some-length', callbackSigningText(fields), good)).toBe(false);
    expect(signatureMatches(secret, callbackSigningText(fields), good.toUpperCase())).toBe(false);
    expect(signatureMatches(secret, callbackSigningText(fields), good.slice(0, -1))).toBe(false);
    expect(signatureMatches(secret, callbackSigningText(fields), undefined)).toBe(false);
    expect(signatureMatches(secret, callbackSigningText(fields), ['x'])).toBe(false);
  });
});
