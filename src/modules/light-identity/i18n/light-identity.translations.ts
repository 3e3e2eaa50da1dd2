import type { ScreenLanguage, TranslationTree } from '../../../kernel/screens';

/**
 * The Light-identity module's own screen strings (keys under `lightIdentity.`), shipped from here rather than the
 * kernel's locale files. Bad, expired and used tokens reuse the kernel's `errors.tokenInvalid` (one message
 * whatever the reason, like Full SSO). The words "cTrader ID" never appear (spec 02 §2.1).
 */
export const LIGHT_IDENTITY_TRANSLATIONS: Record<ScreenLanguage, TranslationTree> = {
  en: {
    lightIdentity: {
      errors: {
        unavailable: 'We could not confirm your identity right now. Please go back to the app and open this page again in a moment.',
        profileConflict: 'We could not open your profile here. Please contact support.',
      },
    },
  },
  es: {
    lightIdentity: {
      errors: {
        unavailable: 'No hemos podido confirmar su identidad en este momento. Vuelva a la aplicación y abra esta página de nuevo en unos instantes.',
        profileConflict: 'No hemos podido abrir su perfil aquí. Póngase en contacto con el servicio de atención al cliente.',
      },
    },
  },
  de: {
    lightIdentity: {
      errors: {
        unavailable: 'Wir konnten Ihre Identität gerade nicht bestätigen. Bitte kehren Sie zur App zurück und öffnen Sie diese Seite in einem Moment erneut.',
        profileConflict: 'Wir konnten Ihr Profil hier nicht öffnen. Bitte wenden Sie sich an den Support.',
      },
    },
  },
  fr: {
    lightIdentity: {
      errors: {
        unavailable: 'Nous n’avons pas pu confirmer votre identité pour le moment. Revenez à l’application et rouvrez cette page dans un instant.',
        profileConflict: 'Nous n’avons pas pu ouvrir votre profil ici. Veuillez contacter le support.',
      },
    },
  },
  zh: {
    lightIdentity: {
      errors: {
        unavailable: '我们暂时无法确认您的身份。请返回应用，稍后重新打开此页面。',
        profileConflict: '我们无法在此打开您的资料。请联系客服。',
      },
    },
  },
  ar: {
    lightIdentity: {
      errors: {
        unavailable: 'تعذّر علينا تأكيد هويتك في الوقت الحالي. يُرجى العودة إلى التطبيق وفتح هذه الصفحة مرة أخرى بعد قليل.',
        profileConflict: 'تعذّر علينا فتح ملفك الشخصي هنا. يُرجى التواصل مع الدعم.',
      },
    },
  },
};
