/**
 * The languages the screens are translated into (spec §2.1: English plus at least four real translations, RTL
 * ready). Adding one: drop `<code>.json` beside en.json, import it in screen-translator.service.ts and list it here.
 */
export const SCREEN_LANGUAGES = {
  en: { nativeName: 'English', dir: 'ltr' },
  es: { nativeName: 'Español', dir: 'ltr' },
  de: { nativeName: 'Deutsch', dir: 'ltr' },
  fr: { nativeName: 'Français', dir: 'ltr' },
  zh: { nativeName: '中文', dir: 'ltr' },
  ar: { nativeName: 'العربية', dir: 'rtl' },
} as const;

export type ScreenLanguage = keyof typeof SCREEN_LANGUAGES;
export type TextDirection = 'ltr' | 'rtl';

export const FALLBACK_LANGUAGE: ScreenLanguage = 'en';

export function isScreenLanguage(code: unknown): code is ScreenLanguage {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(SCREEN_LANGUAGES, code);
}

/**
 * Normalises what cTrader or a user sends (`de`, `DE`, `zh-CN`, `pt_BR`) to a lower-case primary subtag, or
 * undefined when it is not even shaped like a language tag.
 */
export function normaliseLanguageTag(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/.exec(raw.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** Spec §2.1: the requested language if we have it, else the broker's default if we have that, else English. */
export function resolveScreenLanguage(requested: unknown, brokerDefault?: string): ScreenLanguage {
  const wanted = normaliseLanguageTag(requested);
  if (isScreenLanguage(wanted)) return wanted;
  const fallback = normaliseLanguageTag(brokerDefault);
  return isScreenLanguage(fallback) ? fallback : FALLBACK_LANGUAGE;
}

export function directionOf(lang: ScreenLanguage): TextDirection {
  return SCREEN_LANGUAGES[lang].dir;
}
