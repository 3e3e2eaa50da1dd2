import { SCREEN_LANGUAGES } from '../../../kernel/screens';
import { flattenTranslations, placeholdersOf } from '../../../kernel/screens/i18n/translation-tree';
import { CLIENT_AREA_TRANSLATIONS } from './client-area.translations';

const placeholders = placeholdersOf;

describe.each([['client area', CLIENT_AREA_TRANSLATIONS]])('%s translations', (_name, bundles) => {
  const english = flattenTranslations(bundles.en);

  it.each(Object.keys(SCREEN_LANGUAGES).filter((l) => l !== 'en'))('%s has every English key, with the same placeholders', (lang) => {
    const other = flattenTranslations(bundles[lang as keyof typeof bundles]);
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect(placeholders(other.get(key)!)).toEqual(placeholders(text));
      expect(other.get(key)!.trim()).not.toBe('');
    }
  });
});
