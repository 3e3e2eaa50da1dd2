import { SCREEN_LANGUAGES } from '../../../kernel/screens';
import type { TranslationTree } from '../../../kernel/screens/i18n/screen-translator.service';
import { flattenTranslations } from '../../../kernel/screens/i18n/translation-tree';
import { LIGHT_IDENTITY_TRANSLATIONS } from './light-identity.translations';

const keys = (tree: TranslationTree): string[] => [...flattenTranslations(tree).keys()];

describe('Light identity translations', () => {
  const english = keys(LIGHT_IDENTITY_TRANSLATIONS.en).sort();

  it.each(Object.keys(SCREEN_LANGUAGES))('%s has every key, translated, never naming "cTrader ID"', (lang) => {
    const tree = LIGHT_IDENTITY_TRANSLATIONS[lang as keyof typeof LIGHT_IDENTITY_TRANSLATIONS];
    expect(keys(tree).sort()).toEqual(english);
    const text = JSON.stringify(tree);
    expect(text).not.toMatch(/cTrader ID/i);
    if (lang !== 'en') expect(text).not.toEqual(JSON.stringify(LIGHT_IDENTITY_TRANSLATIONS.en));
  });
});
