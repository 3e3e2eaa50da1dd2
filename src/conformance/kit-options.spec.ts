import { parseKitArgs, UsageError } from './kit-options';

describe('parseKitArgs', () => {
  const required = ['--base-url', 'https://crm.example.com/', '--password', 'pw', '--broker-name', 'b', '--broker-crm-name', 'c'];

  it('reads the required options and trims the base URL', () => {
    const o = parseKitArgs(required, {});
    expect(o).toMatchObject({ baseUrl: 'https://crm.example.com', password: 'pw', brokerName: 'b', brokerCrmName: 'c', waitExpiry: false });
    expect(o.user).toBeUndefined();
  });

  it('names every missing required option at once', () => {
    expect(() => parseKitArgs(['--broker-name', 'b'], {})).toThrow(/missing --base-url, --password, --broker-crm-name/);
  });

  it('takes secrets from the environment', () => {
    const o = parseKitArgs([...required.filter((a, i) => i !== 2 && i !== 3), '--user', 'u@example.com'], {
      CONFORMANCE_PASSWORD: 'envpw',
      CONFORMANCE_USER_PASSWORD: 'upw',
      CONFORMANCE_ADMIN_KEY: 'k',
    });
    expect(o.password).toBe('envpw');
    expect(o.user).toEqual({ email: 'u@example.com', password: 'upw', account: undefined });
    expect(o.adminKey).toBe('k');
  });

  it('splits --only, keeps hooks as given, refuses unknown options', () => {
    const o = parseKitArgs([...required, '--only', '6.1, 6.2.7', '--email-hook', 'cat mail.txt', '--wait-expiry'], {});
    expect(o.only).toEqual(['6.1', '6.2.7']);
    expect(o.emailHook).toBe('cat mail.txt');
    expect(o.waitExpiry).toBe(true);
    expect(() => parseKitArgs([...required, '--nope'], {})).toThrow(UsageError);
    expect(() => parseKitArgs([...required, '--user', 'u@example.com'], {})).toThrow(/--user needs --user-password/);
  });
});
