import type { TranslationTree } from '../../../kernel/screens/i18n/screen-translator.service';
import type { ScreenLanguage } from '../../../kernel/screens/i18n/screen-languages';

/**
 * Full SSO's own screen strings (added with ScreenTranslator.addTranslations; the kernel's shared keys such as
 * resetPassword.*, changePassword.*, changeEmail.* and errors.* are used as they are).
 */
export const SSO_SCREEN_TRANSLATIONS: Record<ScreenLanguage, TranslationTree> = {
  en: {
    sso: {
      loginHint: 'After several wrong passwords, logging in is paused for a few minutes. You can reset your password at any time.',
      resetConfirmIntro: 'Choose a new password of at least {{min}} characters.',
      requestNewLink: 'Request a new link',
      emailConfirmTitle: 'Confirm your new email',
      emailConfirmIntro: 'Confirm that {{email}} becomes the email address of your profile.',
      emailConfirmSubmit: 'Confirm',
      emailConfirmed: 'Your new email address is confirmed. It will be in use within a minute.',
      emailSame: 'This is already your email address.',
      emailInUse: 'This email address cannot be used.',
      noPasswordYet: 'Your profile has no password yet. Use “Reset password” on the login page to set one.',
      backToAccount: 'Back to my account',
    },
  },
  es: {
    sso: {
      loginHint: 'Tras varias contraseñas incorrectas, el inicio de sesión se bloquea unos minutos. Puede restablecer su contraseña en cualquier momento.',
      resetConfirmIntro: 'Elija una nueva contraseña de al menos {{min}} caracteres.',
      requestNewLink: 'Solicitar un nuevo enlace',
      emailConfirmTitle: 'Confirme su nuevo email',
      emailConfirmIntro: 'Confirme que {{email}} pasa a ser la dirección de email de su perfil.',
      emailConfirmSubmit: 'Confirmar',
      emailConfirmed: 'Su nueva dirección de email está confirmada. Estará activa en menos de un minuto.',
      emailSame: 'Esta ya es su dirección de email.',
      emailInUse: 'Esta dirección de email no se puede utilizar.',
      noPasswordYet: 'Su perfil aún no tiene contraseña. Use «Restablecer contraseña» en la página de inicio de sesión para crear una.',
      backToAccount: 'Volver a mi cuenta',
    },
  },
  de: {
    sso: {
      loginHint: 'Nach mehreren falschen Passwörtern wird die Anmeldung für einige Minuten gesperrt. Sie können Ihr Passwort jederzeit zurücksetzen.',
      resetConfirmIntro: 'Wählen Sie ein neues Passwort mit mindestens {{min}} Zeichen.',
      requestNewLink: 'Neuen Link anfordern',
      emailConfirmTitle: 'Neue E-Mail-Adresse bestätigen',
      emailConfirmIntro: 'Bestätigen Sie, dass {{email}} die E-Mail-Adresse Ihres Profils wird.',
      emailConfirmSubmit: 'Bestätigen',
      emailConfirmed: 'Ihre neue E-Mail-Adresse ist bestätigt. Sie ist in spätestens einer Minute aktiv.',
      emailSame: 'Das ist bereits Ihre E-Mail-Adresse.',
      emailInUse: 'Diese E-Mail-Adresse kann nicht verwendet werden.',
      noPasswordYet: 'Ihr Profil hat noch kein Passwort. Nutzen Sie „Passwort zurücksetzen“ auf der Anmeldeseite, um eines festzulegen.',
      backToAccount: 'Zurück zu meinem Konto',
    },
  },
  fr: {
    sso: {
      loginHint: 'Après plusieurs mots de passe erronés, la connexion est suspendue quelques minutes. Vous pouvez réinitialiser votre mot de passe à tout moment.',
      resetConfirmIntro: 'Choisissez un nouveau mot de passe d’au moins {{min}} caractères.',
      requestNewLink: 'Demander un nouveau lien',
      emailConfirmTitle: 'Confirmez votre nouvel e-mail',
      emailConfirmIntro: 'Confirmez que {{email}} devient l’adresse e-mail de votre profil.',
      emailConfirmSubmit: 'Confirmer',
      emailConfirmed: 'Votre nouvelle adresse e-mail est confirmée. Elle sera active d’ici une minute.',
      emailSame: 'C’est déjà votre adresse e-mail.',
      emailInUse: 'Cette adresse e-mail ne peut pas être utilisée.',
      noPasswordYet: 'Votre profil n’a pas encore de mot de passe. Utilisez « Réinitialiser le mot de passe » sur la page de connexion pour en définir un.',
      backToAccount: 'Retour à mon compte',
    },
  },
  zh: {
    sso: {
      loginHint: '多次输入错误密码后，登录将暂停几分钟。您可以随时重置密码。',
      resetConfirmIntro: '请设置一个至少 {{min}} 个字符的新密码。',
      requestNewLink: '重新获取链接',
      emailConfirmTitle: '确认您的新邮箱',
      emailConfirmIntro: '请确认将 {{email}} 设为您账户的邮箱地址。',
      emailConfirmSubmit: '确认',
      emailConfirmed: '您的新邮箱地址已确认，将在一分钟内生效。',
      emailSame: '这已经是您的邮箱地址。',
      emailInUse: '此邮箱地址无法使用。',
      noPasswordYet: '您的账户尚未设置密码。请在登录页面使用“重置密码”进行设置。',
      backToAccount: '返回我的账户',
    },
  },
  ar: {
    sso: {
      loginHint: 'بعد عدة محاولات بكلمة مرور خاطئة، يتوقف تسجيل الدخول لبضع دقائق. يمكنك إعادة تعيين كلمة المرور في أي وقت.',
      resetConfirmIntro: 'اختر كلمة مرور جديدة لا تقل عن {{min}} حرفًا.',
      requestNewLink: 'طلب رابط جديد',
      emailConfirmTitle: 'تأكيد بريدك الإلكتروني الجديد',
      emailConfirmIntro: 'أكِّد أن {{email}} سيصبح عنوان البريد الإلكتروني لملفك الشخصي.',
      emailConfirmSubmit: 'تأكيد',
      emailConfirmed: 'تم تأكيد عنوان بريدك الإلكتروني الجديد، وسيُستخدم خلال دقيقة.',
      emailSame: 'هذا هو عنوان بريدك الإلكتروني بالفعل.',
      emailInUse: 'لا يمكن استخدام عنوان البريد الإلكتروني هذا.',
      noPasswordYet: 'لا توجد كلمة مرور لملفك الشخصي بعد. استخدم «إعادة تعيين كلمة المرور» في صفحة تسجيل الدخول لتعيين واحدة.',
      backToAccount: 'العودة إلى حسابي',
    },
  },
};
