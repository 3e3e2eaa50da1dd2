import { SCREEN_LANGUAGES } from './screen-languages';
import { SCREEN_TRANSLATIONS } from './screen-translator.service';
import { flattenTranslations, placeholdersOf } from './translation-tree';

const flatten = flattenTranslations;
const placeholders = placeholdersOf;

const english = flatten(SCREEN_TRANSLATIONS.en);
const others = Object.keys(SCREEN_LANGUAGES).filter((l) => l !== 'en') as Array<keyof typeof SCREEN_TRANSLATIONS>;

describe('screen translations', () => {
  it('ship English plus at least es, de, fr, zh and ar', () => {
    expect(Object.keys(SCREEN_TRANSLATIONS).sort()).toEqual(expect.arrayContaining(['ar', 'de', 'en', 'es', 'fr', 'zh']));
    expect(Object.keys(SCREEN_TRANSLATIONS).sort()).toEqual(Object.keys(SCREEN_LANGUAGES).sort());
  });

  it.each(others)('%s has every English key, no extra key, and the same placeholders', (lang) => {
    const strings = flatten(SCREEN_TRANSLATIONS[lang]);
    expect([...english.keys()].filter((k) => !strings.has(k))).toEqual([]);
    expect([...strings.keys()].filter((k) => !english.has(k))).toEqual([]);
    for (const [key, en] of english) expect([key, placeholders(strings.get(key) ?? '')]).toEqual([key, placeholders(en)]);
  });

  it.each(others)('%s is a real translation, not a copy of English', (lang) => {
    const strings = flatten(SCREEN_TRANSLATIONS[lang]);
    const same = [...english].filter(([k, v]) => strings.get(k) === v && v.length > 12).map(([k]) => k);
    expect(same).toEqual([]);
  });

  it('no string is empty, and none names "cTrader ID"', () => {
    for (const lang of Object.keys(SCREEN_TRANSLATIONS) as Array<keyof typeof SCREEN_TRANSLATIONS>) {
      for (const [key, v] of flatten(SCREEN_TRANSLATIONS[lang])) {
        expect([lang, key, v.trim().length > 0]).toEqual([lang, key, true]);
        expect(v).not.toMatch(/ctrader\s*id/i);
      }
    }
  });

  it('the login error never says whether the email exists', () => {
    expect(english.get('errors.invalidCredentials')).toBe('The email or password is incorrect.');
    expect(english.get('resetPassword.sent')).toMatch(/^If an account/);
  });
});
