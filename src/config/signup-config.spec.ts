import { buildConfig } from './config-loader';
import { ConfigError } from './config-error';
import { hashPasswordSync } from '../lib/crypto/password-hash';

const HASH = hashPasswordSync('pw');
const broker = (over: Record<string, unknown>) => ({
  brokerName: 'b1',
  brokerCrmName: 'crm1',
  modules: ['fullSso'],
  crmApiPasswords: [HASH],
  ctrader: { url: 'https://ct.example.com:443', managerLogin: 1, managerPassword: { env: 'CT_PW' } },
  branding: { name: 'B1', legalEntity: 'B1 Ltd' },
  ...over,
});
const build = (over: Record<string, unknown>) =>
  buildConfig({ database: { url: 'sqlite::memory:' }, modules: ['fullSso'], brokers: [broker(over)] }, { CT_PW: 'secret' }).brokers[0];
const problems = (over: Record<string, unknown>) => {
  try {
    build(over);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.join('\n');
    throw e;
  }
  return '';
};

describe('signup config: consents and countries', () => {
  const terms = { key: 'terms', url: 'https://b1.example/terms', version: '2026-01', required: true };

  it('defaults: no consents, every country, none blocked', () => {
    const b = build({});
    expect(b.consents).toEqual([]);
    expect(b.countries.allowed).toBeUndefined();
    expect(b.countries.blocked).toEqual([]);
  });

  it('takes consents with per-language labels; a key without a default label needs one', () => {
    const b = build({
      consents: [terms, { key: 'privacy', version: '3', required: true, label: { de: 'Datenschutz gelesen' } }, { key: 'marketing', version: '1' }],
    });
    expect(b.consents.map((c) => [c.key, c.required])).toEqual([
      ['terms', true],
      ['privacy', true],
      ['marketing', false],
    ]);
    expect(problems({ consents: [{ key: 'risk', version: '1', required: true }] })).toMatch(/label is required for a key other than terms/);
    expect(problems({ consents: [{ key: 'risk', version: '1', label: 'I understand the risks' }] })).toBe('');
  });

  it('refuses bad consents: duplicate keys, missing version, a non-http url, and requireAgreement without a required terms', () => {
    expect(problems({ consents: [terms, terms] })).toMatch(/unique keys/);
    expect(problems({ consents: [{ key: 'terms', required: true }] })).toMatch(/version/);
    expect(problems({ consents: [{ ...terms, url: 'javascript:alert(1)' }] })).toMatch(/url/);
    expect(problems({ requireAgreement: true, consents: [{ key: 'privacy', version: '1', required: true }] })).toMatch(
      /requireAgreement: true they must include/,
    );
    expect(problems({ requireAgreement: true, consents: [{ ...terms, required: false }] })).toMatch(/requireAgreement/);
    // requireAgreement alone keeps working (the implicit terms checkbox).
    expect(problems({ requireAgreement: true })).toBe('');
  });

  it('countries must be ISO 3166-1 alpha-2 codes', () => {
    expect(build({ countries: { allowed: ['CY', 'DE'], blocked: ['DE'] } }).countries).toMatchObject({ allowed: ['CY', 'DE'], blocked: ['DE'] });
    expect(problems({ countries: { blocked: ['XX'] } })).toMatch(/countries.blocked must be ISO/);
    expect(problems({ countries: { allowed: ['cy'] } })).toMatch(/countries.allowed must be ISO/);
  });
});
