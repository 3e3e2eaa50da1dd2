import type { ScreenLanguage } from '../../../kernel/screens';

type Tree = { [key: string]: string | Tree };

/** Embedded cTrader Web's strings (English + real es, de, fr, zh, ar). */
export const EMBEDDED_WEB_TRANSLATIONS: Record<ScreenLanguage, Tree> = {
  en: {
    embeddedWeb: {
      title: 'cTrader Web',
      live: 'Live',
      demo: 'Demo',
      account: 'Trading account',
      switch: 'Switch account',
      openNewPage: 'Open on a new page',
      frameTitle: 'cTrader Web trading platform',
    },
  },
  es: {
    embeddedWeb: {
      title: 'cTrader Web',
      live: 'Real',
      demo: 'Demo',
      account: 'Cuenta de trading',
      switch: 'Cambiar de cuenta',
      openNewPage: 'Abrir en una página nueva',
      frameTitle: 'Plataforma de trading cTrader Web',
    },
  },
  de: {
    embeddedWeb: {
      title: 'cTrader Web',
      live: 'Live',
      demo: 'Demo',
      account: 'Handelskonto',
      switch: 'Konto wechseln',
      openNewPage: 'Auf neuer Seite öffnen',
      frameTitle: 'Handelsplattform cTrader Web',
    },
  },
  fr: {
    embeddedWeb: {
      title: 'cTrader Web',
      live: 'Réel',
      demo: 'Démo',
      account: 'Compte de trading',
      switch: 'Changer de compte',
      openNewPage: 'Ouvrir dans une nouvelle page',
      frameTitle: 'Plateforme de trading cTrader Web',
    },
  },
  zh: {
    embeddedWeb: {
      title: 'cTrader Web',
      live: '真实',
      demo: '模拟',
      account: '交易账户',
      switch: '切换账户',
      openNewPage: '在新页面中打开',
      frameTitle: 'cTrader Web 交易平台',
    },
  },
  ar: {
    embeddedWeb: {
      title: 'cTrader Web',
      live: 'حقيقي',
      demo: 'تجريبي',
      account: 'حساب التداول',
      switch: 'تبديل الحساب',
      openNewPage: 'فتح في صفحة جديدة',
      frameTitle: 'منصة التداول cTrader Web',
    },
  },
};
