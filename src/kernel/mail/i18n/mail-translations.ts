import type { TranslationTree } from '../../screens/i18n/screen-translator.service';
import type { ScreenLanguage } from '../../screens/i18n/screen-languages';

/** The kernel's own email strings (the frame); modules register their templates' strings with them. */
export const MAIL_TRANSLATIONS: Record<ScreenLanguage, TranslationTree> = {
  en: { common: { automated: 'This is an automated message from {{broker}}. Please do not reply.' } },
  es: { common: { automated: 'Este es un mensaje automático de {{broker}}. Por favor, no responda.' } },
  de: { common: { automated: 'Dies ist eine automatische Nachricht von {{broker}}. Bitte antworten Sie nicht darauf.' } },
  fr: { common: { automated: 'Ceci est un message automatique de {{broker}}. Merci de ne pas y répondre.' } },
  zh: { common: { automated: '这是来自 {{broker}} 的自动邮件，请勿回复。' } },
  ar: { common: { automated: 'هذه رسالة تلقائية من {{broker}}. يُرجى عدم الرد عليها.' } },
};
