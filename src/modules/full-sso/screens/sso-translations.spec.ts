import { SCREEN_LANGUAGES } from '../../../kernel/screens/i18n/screen-languages';
import type { TranslationTree } from '../../../kernel/screens/i18n/screen-translator.service';
import { flattenTranslations, placeholdersOf } from '../../../kernel/screens/i18n/translation-tree';
import { MailTemplates } from '../../../kernel/mail/mail-templates';
import { MAIL_TRANSLATIONS } from '../../../kernel/mail/i18n/mail-translations';
import { EMAIL_CHANGE_MAIL, EMAIL_VERIFY_MAIL, PASSWORD_RESET_MAIL, WELCOME_MAIL } from '../mail/sso-mail-templates';
import { SSO_MAIL_TRANSLATIONS } from '../mail/sso-mail-translations';
import { SSO_SCREEN_TRANSLATIONS } from './sso-screen-translations';
import { SIGNUP_FORM_TRANSLATIONS } from './signup-form-translations';

const flatten = (tree: TranslationTree): Record<string, string> => Object.fromEntries(flattenTranslations(tree));
const placeholders = placeholdersOf;

describe.each([
  ['Full SSO screen strings', SSO_SCREEN_TRANSLATIONS],
  ['signup form strings (consents, countries)', SIGNUP_FORM_TRANSLATIONS],
  ['Full SSO email strings', SSO_MAIL_TRANSLATIONS],
  ['kernel email strings', MAIL_TRANSLATIONS],
])('%s', (_name, bundles) => {
  const en = flatten(bundles.en);
  it.each(Object.keys(SCREEN_LANGUAGES))('%s has every English key, with the same placeholders, translated', (lang) => {
    const other = flatten(bundles[lang as keyof typeof bundles]);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect([key, placeholders(other[key])]).toEqual([key, placeholders(text)]);
      if (lang !== 'en') expect([key, other[key]]).not.toEqual([key, text]);
    }
  });
});

describe('Full SSO email templates', () => {
  const templates = new MailTemplates();
  templates.register(WELCOME_MAIL, SSO_MAIL_TRANSLATIONS);
  templates.register(PASSWORD_RESET_MAIL);
  templates.register(EMAIL_CHANGE_MAIL);
  templates.register(EMAIL_VERIFY_MAIL);
  const brand = { name: 'Acme <FX>', legalEntity: 'Acme Ltd', jurisdiction: 'CySEC 123' };

  it('renders every template in every language; HTML escapes, text does not', () => {
    for (const lang of Object.keys(SCREEN_LANGUAGES)) {
      for (const name of ['sso.welcome', 'sso.passwordReset', 'sso.emailChange', 'sso.emailVerify']) {
        const r = templates.render(name, lang, brand, {
          firstName: '<b>Ann</b>',
          link: 'https://x.test/a?b=1&t=abc',
          newEmail: 'n@x.test',
          minutes: 30,
          accountLogin: 42,
        });
        expect(r.language).toBe(lang);
        expect(r.subject).not.toMatch(/\{\{|sso\./);
        expect(r.html).toContain('&lt;b&gt;Ann&lt;/b&gt;');
        expect(r.html).not.toContain('<b>Ann</b>');
        expect(r.text).toContain('<b>Ann</b>');
        expect(r.html).toContain('Acme Ltd');
        expect(r.text).toContain('CySEC 123');
        if (name !== 'sso.welcome') {
          expect(r.text).toContain('https://x.test/a?b=1&t=abc');
          expect(r.html).toContain('https://x.test/a?b=1&amp;t=abc');
        }
      }
    }
    expect(templates.render('sso.welcome', 'ar', brand, { firstName: 'A' }).html).toContain('dir="rtl"');
  });

  it('falls back to English for an unsupported language', () => {
    const r = templates.render('sso.passwordReset', 'pt', brand, { firstName: 'A', link: 'https://x', minutes: 30 });
    expect(r.language).toBe('en');
    expect(r.subject).toBe('Reset your Acme <FX> password');
  });
});
