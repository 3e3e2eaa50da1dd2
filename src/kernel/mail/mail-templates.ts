import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import i18next, { i18n as I18n } from 'i18next';
import { FALLBACK_LANGUAGE, isScreenLanguage, SCREEN_LANGUAGES, ScreenLanguage } from '../screens/i18n/screen-languages';
import type { TranslationTree } from '../screens/i18n/screen-translator.service';
import { MAIL_LAYOUT_HTML, MAIL_LAYOUT_TEXT } from './mail-layout';
import { MAIL_TRANSLATIONS } from './i18n/mail-translations';

/** One kind of email: Eta sources for the HTML and the plain-text body; the subject is a translation key. */
export interface MailTemplate {
  /** `module.name`, e.g. `sso.welcome`. */
  name: string;
  subjectKey: string;
  html: string;
  text: string;
  /**
   * Params that are single-use secrets (a reset link, a confirmation link, a verification code): the admin API
   * shows the message rendered with these replaced by `[redacted]` (issue #17).
   */
  secretParams?: readonly string[];
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  language: ScreenLanguage;
}

export interface MailBrand {
  name: string;
  legalEntity: string;
  jurisdiction: string;
}

const NAMESPACE = 'mail';

/**
 * The email templates modules register (with their strings), rendered in the recipient's preferred language
 * (fallback: English). Two Eta instances: the HTML one escapes every `<%= %>`; the text one must not (a name
 * like "O'Neil" would arrive as `O&#39;Neil`).
 */
@Injectable()
export class MailTemplates {
  private readonly html = new Eta({ autoEscape: true, cache: true });
  private readonly text = new Eta({ autoEscape: false, autoTrim: false, cache: true });
  private readonly templates = new Map<string, MailTemplate>();
  private readonly i18n: I18n;

  constructor() {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      initAsync: false,
      // A copy: i18next merges later bundles into the resource objects it was given.
      resources: Object.fromEntries(Object.entries(MAIL_TRANSLATIONS).map(([lang, tree]) => [lang, { [NAMESPACE]: structuredClone(tree) }])),
      ns: [NAMESPACE],
      defaultNS: NAMESPACE,
      supportedLngs: Object.keys(SCREEN_LANGUAGES),
      fallbackLng: FALLBACK_LANGUAGE,
      // Eta escapes the HTML body; the text body and the subject must stay literal.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    this.html.loadTemplate('@mail-layout', MAIL_LAYOUT_HTML);
    this.text.loadTemplate('@mail-layout', MAIL_LAYOUT_TEXT);
  }

  register(template: MailTemplate, translations: Partial<Record<ScreenLanguage, TranslationTree>> = {}): void {
    if (!/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/.test(template.name)) throw new Error(`mail template name ${template.name} must look like module.name`);
    this.templates.set(template.name, template);
    this.html.loadTemplate(`@${template.name}`, template.html);
    this.text.loadTemplate(`@${template.name}`, template.text);
    for (const [lang, tree] of Object.entries(translations)) {
      if (tree) this.i18n.addResourceBundle(lang, NAMESPACE, tree, true, true);
    }
  }

  /** The template's secret params (see MailTemplate.secretParams). */
  secretParamsOf(name: string): readonly string[] {
    return this.templates.get(name)?.secretParams ?? [];
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  render(name: string, language: string, brand: MailBrand, params: Record<string, unknown>): RenderedMail {
    const template = this.templates.get(name);
    if (!template) throw new Error(`unknown mail template ${name}`);
    const lang: ScreenLanguage = isScreenLanguage(language) ? language : FALLBACK_LANGUAGE;
    const fixed = this.i18n.getFixedT(lang, NAMESPACE);
    const t = (key: string, p?: Record<string, unknown>) => String(fixed(key, { broker: brand.name, ...(p ?? {}) }));
    const data = { ...params, t, brand, lang, dir: SCREEN_LANGUAGES[lang].dir, layout: '@mail-layout' };
    return {
      subject: t(template.subjectKey)
        .replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')
        .slice(0, 300),
      html: this.html.render(`@${name}`, data),
      text: this.text.render(`@${name}`, data),
      language: lang,
    };
  }
}
