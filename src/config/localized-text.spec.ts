import { isLocalizedText, resolveLocalizedText } from './localized-text';
import { buildConfig } from './config-loader';
import { ConfigError } from './config-error';
import { hashPasswordSync } from '../lib/crypto/password-hash';
import { ManualPaymentProvider } from '../modules/inapp-actions/payments/providers/manual-payment.provider';
import type { BrokerContext } from '../kernel/broker-identification/broker-context';
import type { PaymentRequest } from '../modules/inapp-actions/payments/entities/payment-request.entity';

describe('LocalizedText', () => {
  const text = { en: 'Regulated by X', de: 'Reguliert durch X', fr: 'Réglementé par X' };

  it('resolves the language, then the broker default, then English, then any given; a plain string is every language', () => {
    expect(resolveLocalizedText(text, 'de', 'fr')).toBe('Reguliert durch X');
    expect(resolveLocalizedText(text, 'es', 'fr')).toBe('Réglementé par X');
    expect(resolveLocalizedText(text, 'es', 'zh')).toBe('Regulated by X');
    expect(resolveLocalizedText({ de: 'Nur Deutsch' }, 'ar', 'en')).toBe('Nur Deutsch');
    expect(resolveLocalizedText('Same everywhere', 'zh', 'de')).toBe('Same everywhere');
    expect(resolveLocalizedText(undefined, 'en')).toBe('');
  });

  it('accepts a string or a map of known languages to non-empty texts', () => {
    expect(isLocalizedText('x', 10, false)).toBe(true);
    expect(isLocalizedText('', 10, true)).toBe(true);
    expect(isLocalizedText('', 10, false)).toBe(false);
    expect(isLocalizedText({ de: 'x' }, 10, false)).toBe(true);
    expect(isLocalizedText({}, 10, false)).toBe(false);
    expect(isLocalizedText({ pt: 'x' }, 10, false)).toBe(false);
    expect(isLocalizedText({ en: '' }, 10, false)).toBe(false);
    expect(isLocalizedText({ en: 'x'.repeat(11) }, 10, false)).toBe(false);
    expect(isLocalizedText(['x'], 10, false)).toBe(false);
    expect(isLocalizedText(42, 10, false)).toBe(false);
  });

  describe('in the config', () => {
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
      buildConfig({ database: { url: 'sqlite::memory:' }, modules: ['fullSso'], brokers: [broker(over)] }, { CT_PW: 'secret' });
    const problems = (over: Record<string, unknown>) => {
      try {
        build(over);
      } catch (e) {
        if (e instanceof ConfigError) return e.problems.join('\n');
        throw e;
      }
      return '';
    };

    it('branding, deposit instructions and custom actions take one string or one per language', () => {
      const c = build({
        branding: { name: 'B1', legalEntity: { en: 'B1 Ltd', de: 'B1 GmbH' }, jurisdiction: { de: 'Reguliert durch die BaFin' }, defaultLanguage: 'de' },
        payments: { manual: { depositInstructions: { en: 'Pay {amount} {currency}, ref {reference}', es: 'Pague {amount} {currency}, ref. {reference}' } } },
        customActions: { actions: { help: { builtin: 'info', title: { de: 'Hilfe' }, text: 'Call us' } } },
      }).brokers[0];
      expect(c.branding.legalEntity).toEqual({ en: 'B1 Ltd', de: 'B1 GmbH' });
      expect(problems({ branding: { name: 'B1', legalEntity: { pt: 'x' } } })).toMatch(/legalEntity must be a text, or a map of languages/);
      expect(problems({ branding: { name: 'B1', legalEntity: '' } })).toMatch(/legalEntity/);
      expect(problems({ payments: { manual: { depositInstructions: { en: '' } } } })).toMatch(/depositInstructions/);

      const provider = new ManualPaymentProvider();
      const payment = { id: 'abcdef12-0000', kind: 'deposit', amountMinor: 12345, moneyDigits: 2, currency: 'EUR' } as unknown as PaymentRequest;
      const ctx = { config: c } as unknown as BrokerContext;
      expect(provider.instructions(ctx, payment, 'es')).toBe('Pague 123.45 EUR, ref. ABCDEF12');
      // German is not given: the broker's default (de) is not either, so English.
      expect(provider.instructions(ctx, payment, 'de')).toBe('Pay 123.45 EUR, ref ABCDEF12');
    });
  });
});
