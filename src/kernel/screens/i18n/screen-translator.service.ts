import { Injectable } from '@nestjs/common';
import i18next, { i18n as I18n } from 'i18next';
import ar from './locales/ar.json';
import de from './locales/de.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import zh from './locales/zh.json';
import { FALLBACK_LANGUAGE, isScreenLanguage, SCREEN_LANGUAGES, ScreenLanguage } from './screen-languages';

/** A translation function bound to one language: `t('login.title')`, `t('errors.passwordTooShort', { min: 10 })`. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export type TranslationTree = { [key: string]: string | TranslationTree };

const NAMESPACE = 'screens';
/** Bounds the cache of parameterless translations per language (keys come from templates, but never trust that). */
const CACHED_KEYS_MAX = 5_000;

/** The kernel's own strings; modules may add theirs with `addTranslations`. */
export const SCREEN_TRANSLATIONS: Record<ScreenLanguage, TranslationTree> = { en, es, de, fr, zh, ar };

/**
 * i18next behind a small interface. One private instance (never the global i18next singleton, which another
 * library could reconfigure), resources in memory, initialised synchronously at construction. A key missing in
 * a language falls back to English; interpolation is NOT escaped here because Eta escapes every `<%= %>`
 * (escaping twice would show `&amp;` to users).
 */
@Injectable()
export class ScreenTranslator {
  private readonly i18n: I18n;
  /**
   * Parameterless translations per language: a screen asks for dozens of them and i18next resolves each from
   * scratch (issue #11 profile: the largest cost of rendering the login screen). Cleared whenever strings change.
   */
  private readonly plain = new Map<string, Map<string, string>>();

  constructor() {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      initAsync: false,
      resources: Object.fromEntries(Object.entries(SCREEN_TRANSLATIONS).map(([lang, tree]) => [lang, { [NAMESPACE]: tree }])),
      ns: [NAMESPACE],
      defaultNS: NAMESPACE,
      supportedLngs: Object.keys(SCREEN_LANGUAGES),
      fallbackLng: FALLBACK_LANGUAGE,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  /** A translate function for `lang` (anything unsupported translates as English). */
  translator(lang: string): Translate {
    const language = isScreenLanguage(lang) ? lang : FALLBACK_LANGUAGE;
    const fixed = this.i18n.getFixedT(language, NAMESPACE);
    let cache = this.plain.get(language);
    if (!cache) this.plain.set(language, (cache = new Map<string, string>()));
    const known = cache;
    return (key, params) => {
      if (params) return String(fixed(key, params));
      let text = known.get(key);
      if (text === undefined) {
        text = String(fixed(key, {}));
        if (known.size < CACHED_KEYS_MAX) known.set(key, text);
      }
      return text;
    };
  }

  /** Whether English (the reference language) has the key: lets callers choose a safe fallback message. */
  has(key: string): boolean {
    return this.i18n.exists(key, { lng: FALLBACK_LANGUAGE, ns: NAMESPACE });
  }

  /**
   * Lets a feature module ship its own strings (deep-merged, existing keys overwritten). English should always
   * be given: it is the fallback for every other language.
   */
  addTranslations(bundles: Partial<Record<ScreenLanguage, TranslationTree>>): void {
    for (const [lang, tree] of Object.entries(bundles)) {
      if (tree) this.i18n.addResourceBundle(lang, NAMESPACE, tree, true, true);
    }
    this.plain.clear();
  }
}
