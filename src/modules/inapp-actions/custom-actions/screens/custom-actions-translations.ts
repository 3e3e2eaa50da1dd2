import type { ScreenLanguage } from '../../../../kernel/screens';

type Tree = { [key: string]: string | Tree };

/** Strings of /inapp/action and /inapp/chat beyond the kernel's action.* and chat.* (titles and texts of actions come from config). */
export const CUSTOM_ACTIONS_TRANSLATIONS: Record<ScreenLanguage, Tree> = {
  en: {
    action: { notFoundTitle: 'Not available', notFound: 'This action is not available. Please go back to the app.' },
    chat: { notConfigured: 'Support chat is not available at the moment. Please go back to the app.', frameTitle: 'Support chat' },
  },
  es: {
    action: { notFoundTitle: 'No disponible', notFound: 'Esta acción no está disponible. Vuelva a la aplicación.' },
    chat: { notConfigured: 'El chat de soporte no está disponible en este momento. Vuelva a la aplicación.', frameTitle: 'Chat de soporte' },
  },
  de: {
    action: { notFoundTitle: 'Nicht verfügbar', notFound: 'Diese Aktion ist nicht verfügbar. Bitte kehren Sie zur App zurück.' },
    chat: { notConfigured: 'Der Support-Chat ist derzeit nicht verfügbar. Bitte kehren Sie zur App zurück.', frameTitle: 'Support-Chat' },
  },
  fr: {
    action: { notFoundTitle: 'Indisponible', notFound: 'Cette action n’est pas disponible. Veuillez revenir à l’application.' },
    chat: { notConfigured: 'Le chat d’assistance n’est pas disponible pour le moment. Veuillez revenir à l’application.', frameTitle: 'Chat d’assistance' },
  },
  zh: {
    action: { notFoundTitle: '不可用', notFound: '此操作不可用。请返回应用。' },
    chat: { notConfigured: '在线客服暂时不可用。请返回应用。', frameTitle: '在线客服' },
  },
  ar: {
    action: { notFoundTitle: 'غير متاح', notFound: 'هذا الإجراء غير متاح. يرجى العودة إلى التطبيق.' },
    chat: { notConfigured: 'دردشة الدعم غير متاحة حالياً. يرجى العودة إلى التطبيق.', frameTitle: 'دردشة الدعم' },
  },
};
