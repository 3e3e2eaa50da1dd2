import { buildConfig } from './config-loader';
import { ConfigError } from './config-error';
import { hashPasswordSync } from '../lib/crypto/password-hash';

const CRM_HASH = hashPasswordSync('a-crm-password');

const broker = (payments: unknown) => ({
  brokerName: 'b',
  brokerCrmName: 'c',
  modules: ['fullSso', 'inappActions'],
  crmApiPasswords: [CRM_HASH],
  ctrader: { url: 'http://127.0.0.1:9', managerLogin: 1, managerPassword: { default: 'x' } },
  branding: { name: 'B', legalEntity: 'B Ltd' },
  payments,
});
const build = (payments: unknown, env: NodeJS.ProcessEnv = {}) =>
  buildConfig({ database: { url: 'sqlite:/tmp/x.sqlite' }, modules: ['fullSso', 'inappActions'], brokers: [broker(payments)] }, env);
const problems = (payments: unknown, env: NodeJS.ProcessEnv = {}) => {
  try {
    build(payments, env);
    return '';
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
};

describe('payments config', () => {
  it('defaults to the manual provider with limits in minor units', () => {
    const p = build(undefined).brokers[0].payments;
    expect(p.providers).toEqual(['manual']);
    expect(p.deposit.minMinor).toBeGreaterThan(0);
    expect(p.hosted).toBeUndefined();
  });

  it('needs the hosted settings when the hosted provider is listed, and its secret only by reference', () => {
    expect(problems({ providers: ['hosted'] })).toContain('payments.hosted is required');
    expect(problems({ providers: ['hosted'], hosted: { paymentPageUrl: 'https://pay.example.com/p', callbackSecret: 'literal-secret-value-123' } })).toContain(
      'never literally',
    );
    const ok = build(
      { providers: ['manual', 'hosted'], hosted: { paymentPageUrl: 'https://pay.example.com/p', callbackSecret: { env: 'PAY_SECRET' } } },
      { PAY_SECRET: 'a-long-enough-shared-secret' },
    );
    expect(ok.brokers[0].payments.hosted?.callbackSecret).toBe('a-long-enough-shared-secret');
    expect(
      problems(
        { providers: ['hosted'], hosted: { paymentPageUrl: 'https://pay.example.com/p', callbackSecret: { env: 'PAY_SECRET' } } },
        { PAY_SECRET: 'short' },
      ),
    ).toContain('at least 16');
  });

  it('refuses unknown providers, bad currencies and bad limits', () => {
    expect(problems({ providers: ['paypal'] })).toMatch(/providers/);
    expect(problems({ currencies: ['usd'] })).toMatch(/currencies/);
    expect(problems({ deposit: { minMinor: 0 } })).toMatch(/minMinor/);
  });
});
