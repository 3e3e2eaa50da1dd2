import type { ScreenLanguage, TranslationTree } from '../../../kernel/screens';

/**
 * Strings of the signup form's consents and country check (signup-form.ts). The default consent labels are
 * overridable per broker and language (`brokers[].consents[].label`).
 */
export const SIGNUP_FORM_TRANSLATIONS: Record<ScreenLanguage, TranslationTree> = {
  en: {
    signupForm: {
      consent: {
        terms: 'I have read and accept the Terms and Conditions.',
        privacy: 'I have read and accept the Privacy Policy.',
        marketing: 'I would like to receive news and offers by email.',
      },
      documentLink: 'Read the document',
      errors: {
        consentRequired: 'Please tick this box to continue.',
        countryBlocked: 'We cannot open accounts for residents of this country.',
      },
    },
  },
  es: {
    signupForm: {
      consent: {
        terms: 'He leído y acepto los Términos y Condiciones.',
        privacy: 'He leído y acepto la Política de Privacidad.',
        marketing: 'Deseo recibir noticias y ofertas por email.',
      },
      documentLink: 'Leer el documento',
      errors: {
        consentRequired: 'Marque esta casilla para continuar.',
        countryBlocked: 'No podemos abrir cuentas para residentes de este país.',
      },
    },
  },
  de: {
    signupForm: {
      consent: {
        terms: 'Ich habe die Allgemeinen Geschäftsbedingungen gelesen und akzeptiere sie.',
        privacy: 'Ich habe die Datenschutzerklärung gelesen und akzeptiere sie.',
        marketing: 'Ich möchte Neuigkeiten und Angebote per E-Mail erhalten.',
      },
      documentLink: 'Dokument lesen',
      errors: {
        consentRequired: 'Bitte setzen Sie dieses Häkchen, um fortzufahren.',
        countryBlocked: 'Für Einwohner dieses Landes können wir kein Konto eröffnen.',
      },
    },
  },
  fr: {
    signupForm: {
      consent: {
        terms: 'J’ai lu et j’accepte les Conditions générales.',
        privacy: 'J’ai lu et j’accepte la Politique de confidentialité.',
        marketing: 'Je souhaite recevoir des actualités et des offres par e-mail.',
      },
      documentLink: 'Lire le document',
      errors: {
        consentRequired: 'Cochez cette case pour continuer.',
        countryBlocked: 'Nous ne pouvons pas ouvrir de compte pour les résidents de ce pays.',
      },
    },
  },
  zh: {
    signupForm: {
      consent: {
        terms: '我已阅读并接受条款与条件。',
        privacy: '我已阅读并接受隐私政策。',
        marketing: '我希望通过电子邮件接收新闻和优惠信息。',
      },
      documentLink: '阅读文件',
      errors: {
        consentRequired: '请勾选此项以继续。',
        countryBlocked: '我们无法为该国家/地区的居民开设账户。',
      },
    },
  },
  ar: {
    signupForm: {
      consent: {
        terms: 'لقد قرأت الشروط والأحكام وأوافق عليها.',
        privacy: 'لقد قرأت سياسة الخصوصية وأوافق عليها.',
        marketing: 'أرغب في تلقي الأخبار والعروض عبر البريد الإلكتروني.',
      },
      documentLink: 'اقرأ المستند',
      errors: {
        consentRequired: 'يرجى تحديد هذا المربع للمتابعة.',
        countryBlocked: 'لا يمكننا فتح حسابات للمقيمين في هذا البلد.',
      },
    },
  },
};
