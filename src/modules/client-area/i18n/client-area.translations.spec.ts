import { SCREEN_LANGUAGES } from '../../../kernel/screens';
import { CLIENT_AREA_TRANSLATIONS } from './client-area.translations';

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe.each([
  ['client area', CLIENT_AREA_TRANSLATIONS],
])('%s translations', (_name, bundles) => {
  const english = new Map(leaves(bundles.en as Tree));

  it.each(Object.keys(SCREEN_LANGUAGES).filter((l) => l !== 'en'))('%s has every English key, with the same placeholders', (lang) => {
    const other = new Map(leaves(bundles[lang as keyof typeof bundles] as Tree));
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect(placeholders(other.get(key)!)).toEqual(placeholders(text));
      expect(other.get(key)!.trim()).not.toBe('');
    }
  });
});
