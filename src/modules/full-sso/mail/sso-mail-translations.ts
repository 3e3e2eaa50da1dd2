import type { TranslationTree } from '../../../kernel/screens/i18n/screen-translator.service';
import type { ScreenLanguage } from '../../../kernel/screens/i18n/screen-languages';

/** Strings of Full SSO's emails (en is the fallback of every other language). `{{broker}}` is always set. */
export const SSO_MAIL_TRANSLATIONS: Record<ScreenLanguage, TranslationTree> = {
  en: {
    sso: {
      greeting: 'Hello {{name}},',
      linkFallback: 'If the button does not work, copy this link into your browser:',
      welcome: {
        subject: 'Welcome to {{broker}}',
        body: 'Your {{broker}} profile is ready. You can log in from the trading app at any time with your email and password.',
        account: 'Your first trading account is {{login}}.',
        closing: 'Happy trading!',
      },
      passwordReset: {
        subject: 'Reset your {{broker}} password',
        body: 'We received a request to reset the password of your {{broker}} profile. The link below works once and for {{minutes}} minutes.',
        button: 'Choose a new password',
        ignore: 'If you did not ask for this, ignore this email: your password stays as it is.',
      },
      emailChange: {
        subject: 'Confirm your new email address',
        body: 'Please confirm that {{email}} should become the email address of your {{broker}} profile. The link works once and for {{minutes}} minutes.',
        button: 'Confirm new email',
        ignore: 'If you did not ask for this, ignore this email: nothing will change.',
      },
    },
  },
  es: {
    sso: {
      greeting: 'Hola, {{name}}:',
      linkFallback: 'Si el botón no funciona, copie este enlace en su navegador:',
      welcome: {
        subject: 'Bienvenido a {{broker}}',
        body: 'Su perfil de {{broker}} está listo. Puede iniciar sesión desde la aplicación de trading en cualquier momento con su email y su contraseña.',
        account: 'Su primera cuenta de trading es {{login}}.',
        closing: '¡Buen trading!',
      },
      passwordReset: {
        subject: 'Restablezca su contraseña de {{broker}}',
        body: 'Hemos recibido una solicitud para restablecer la contraseña de su perfil de {{broker}}. El enlace de abajo funciona una sola vez y durante {{minutes}} minutos.',
        button: 'Elegir una nueva contraseña',
        ignore: 'Si no lo ha solicitado, ignore este email: su contraseña no cambiará.',
      },
      emailChange: {
        subject: 'Confirme su nueva dirección de email',
        body: 'Confirme que {{email}} debe pasar a ser la dirección de email de su perfil de {{broker}}. El enlace funciona una sola vez y durante {{minutes}} minutos.',
        button: 'Confirmar el nuevo email',
        ignore: 'Si no lo ha solicitado, ignore este email: no cambiará nada.',
      },
    },
  },
  de: {
    sso: {
      greeting: 'Hallo {{name}},',
      linkFallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:',
      welcome: {
        subject: 'Willkommen bei {{broker}}',
        body: 'Ihr {{broker}}-Profil ist bereit. Sie können sich jederzeit in der Trading-App mit Ihrer E-Mail-Adresse und Ihrem Passwort anmelden.',
        account: 'Ihr erstes Handelskonto ist {{login}}.',
        closing: 'Viel Erfolg beim Handeln!',
      },
      passwordReset: {
        subject: 'Setzen Sie Ihr {{broker}}-Passwort zurück',
        body: 'Wir haben eine Anfrage erhalten, das Passwort Ihres {{broker}}-Profils zurückzusetzen. Der folgende Link funktioniert einmal und {{minutes}} Minuten lang.',
        button: 'Neues Passwort wählen',
        ignore: 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
      },
      emailChange: {
        subject: 'Bestätigen Sie Ihre neue E-Mail-Adresse',
        body: 'Bitte bestätigen Sie, dass {{email}} die E-Mail-Adresse Ihres {{broker}}-Profils werden soll. Der Link funktioniert einmal und {{minutes}} Minuten lang.',
        button: 'Neue E-Mail bestätigen',
        ignore: 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.',
      },
    },
  },
  fr: {
    sso: {
      greeting: 'Bonjour {{name}},',
      linkFallback: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :',
      welcome: {
        subject: 'Bienvenue chez {{broker}}',
        body: 'Votre profil {{broker}} est prêt. Vous pouvez vous connecter depuis l’application de trading à tout moment avec votre e-mail et votre mot de passe.',
        account: 'Votre premier compte de trading est le {{login}}.',
        closing: 'Bon trading !',
      },
      passwordReset: {
        subject: 'Réinitialisez votre mot de passe {{broker}}',
        body: 'Nous avons reçu une demande de réinitialisation du mot de passe de votre profil {{broker}}. Le lien ci-dessous fonctionne une seule fois, pendant {{minutes}} minutes.',
        button: 'Choisir un nouveau mot de passe',
        ignore: 'Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.',
      },
      emailChange: {
        subject: 'Confirmez votre nouvelle adresse e-mail',
        body: 'Veuillez confirmer que {{email}} doit devenir l’adresse e-mail de votre profil {{broker}}. Le lien fonctionne une seule fois, pendant {{minutes}} minutes.',
        button: 'Confirmer le nouvel e-mail',
        ignore: 'Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : rien ne changera.',
      },
    },
  },
  zh: {
    sso: {
      greeting: '{{name}}，您好：',
      linkFallback: '如果按钮无法使用，请将此链接复制到浏览器中：',
      welcome: {
        subject: '欢迎加入 {{broker}}',
        body: '您的 {{broker}} 账户资料已创建完成。您可以随时在交易应用中使用邮箱和密码登录。',
        account: '您的第一个交易账户是 {{login}}。',
        closing: '祝您交易顺利！',
      },
      passwordReset: {
        subject: '重置您的 {{broker}} 密码',
        body: '我们收到了重置您 {{broker}} 账户密码的请求。下面的链接只能使用一次，有效期为 {{minutes}} 分钟。',
        button: '设置新密码',
        ignore: '如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。',
      },
      emailChange: {
        subject: '请确认您的新邮箱地址',
        body: '请确认将 {{email}} 设为您 {{broker}} 账户的邮箱地址。该链接只能使用一次，有效期为 {{minutes}} 分钟。',
        button: '确认新邮箱',
        ignore: '如果这不是您本人的操作，请忽略此邮件，不会有任何更改。',
      },
    },
  },
  ar: {
    sso: {
      greeting: 'مرحبًا {{name}}،',
      linkFallback: 'إذا لم يعمل الزر، انسخ هذا الرابط في متصفحك:',
      welcome: {
        subject: 'مرحبًا بك في {{broker}}',
        body: 'ملفك الشخصي لدى {{broker}} جاهز. يمكنك تسجيل الدخول من تطبيق التداول في أي وقت باستخدام بريدك الإلكتروني وكلمة المرور.',
        account: 'حساب التداول الأول الخاص بك هو {{login}}.',
        closing: 'نتمنى لك تداولًا موفقًا!',
      },
      passwordReset: {
        subject: 'إعادة تعيين كلمة مرور {{broker}}',
        body: 'تلقينا طلبًا لإعادة تعيين كلمة مرور ملفك الشخصي لدى {{broker}}. يعمل الرابط أدناه مرة واحدة فقط ولمدة {{minutes}} دقيقة.',
        button: 'اختيار كلمة مرور جديدة',
        ignore: 'إذا لم تطلب ذلك، فتجاهل هذه الرسالة: ستبقى كلمة المرور كما هي.',
      },
      emailChange: {
        subject: 'أكِّد عنوان بريدك الإلكتروني الجديد',
        body: 'يُرجى تأكيد أن {{email}} سيصبح عنوان البريد الإلكتروني لملفك الشخصي لدى {{broker}}. يعمل الرابط مرة واحدة فقط ولمدة {{minutes}} دقيقة.',
        button: 'تأكيد البريد الإلكتروني الجديد',
        ignore: 'إذا لم تطلب ذلك، فتجاهل هذه الرسالة: لن يتغير شيء.',
      },
    },
  },
};
