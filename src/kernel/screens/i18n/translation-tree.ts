import type { TranslationTree } from './screen-translator.service';

/** Every string of a translation tree by its dotted key (`errors.required` → text): what completeness checks compare. */
export function flattenTranslations(tree: TranslationTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of flattenTranslations(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** The i18next `{{name}}` placeholders of a string, sorted: a translation must keep exactly the English ones. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
}
