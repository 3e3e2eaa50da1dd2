import { REDACTED, redactForDisplay } from './job-payload-redaction';

describe('redactForDisplay', () => {
  it('masks secret-looking keys at any depth and keeps the rest', () => {
    const shown = redactForDisplay({
      login: 3000001,
      preciseAmount: '10.00',
      traderPassword: 'p',
      nested: { webservToken: 't', list: [{ hashedPassword: 'h', ok: 1 }] },
    });
    expect(shown).toEqual({
      login: 3000001,
      preciseAmount: '10.00',
      traderPassword: REDACTED,
      nested: { webservToken: REDACTED, list: [{ hashedPassword: REDACTED, ok: 1 }] },
    });
  });

  it('passes scalars and null through', () => {
    expect(redactForDisplay(null)).toBeNull();
    expect(redactForDisplay('x')).toBe('x');
  });
});
