import { SCREEN_LANGUAGES } from '../screens/i18n/screen-languages';
import { flattenTranslations, placeholdersOf } from '../screens/i18n/translation-tree';
import { formatMinorUnits } from './minor-units';
import { TRADER_360_TRANSLATIONS } from './trader-360-translations';

describe('Trader 360 translations', () => {
  const english = flattenTranslations(TRADER_360_TRANSLATIONS.en);
  it.each(Object.keys(SCREEN_LANGUAGES).filter((l) => l !== 'en'))('%s has every English key, with the same placeholders', (lang) => {
    const other = flattenTranslations(TRADER_360_TRANSLATIONS[lang as keyof typeof TRADER_360_TRANSLATIONS]);
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) expect(placeholdersOf(other.get(key)!)).toEqual(placeholdersOf(text));
  });
});

describe('formatMinorUnits', () => {
  it.each([
    [12345, 2, '123.45'],
    [5, 2, '0.05'],
    [-5, 2, '-0.05'],
    [100, 0, '100'],
    [1, 8, '0.00000001'],
  ])('%d with %d digits → %s', (amount, digits, text) => expect(formatMinorUnits(amount, digits)).toBe(text));
});
