import type { ScreenLanguage, TranslationTree } from '../../../kernel/screens';

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
      emailVerify: {
        subject: 'Confirm your {{broker}} email address',
        body: 'Please confirm that this is the email address of your {{broker}} profile. The link works once and for {{minutes}} minutes.',
        button: 'Confirm email address',
        ignore: 'If you do not have a {{broker}} profile, ignore this email: nothing will change.',
      },
      signupCode: {
        subject: 'Your {{broker}} verification code',
        body: 'Enter this code on the signup screen to confirm your email address. It works once and for {{minutes}} minutes.',
        ignore: 'If you did not try to sign up with {{broker}}, ignore this email: nothing is created without the code.',
      },
      signupAttempt: {
        subject: 'Someone tried to sign up with your email',
        body: 'Someone, perhaps you, tried to create a new {{broker}} profile with this email address. It already has a profile, so nothing was created.',
        action: 'If it was you, log in with your password, or reset it if you forgot it.',
        login: 'Log in',
        reset: 'Reset password',
        ignore: 'If it was not you, you can ignore this email: your profile is unchanged.',
      },
      emailInUse: {
        subject: 'Someone tried to use your email address',
        body: 'Someone tried to move another {{broker}} profile to this email address. It already belongs to your profile, so nothing was changed.',
        ignore: 'You do not need to do anything.',
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
      emailVerify: {
        subject: 'Confirme su dirección de email de {{broker}}',
        body: 'Confirme que esta es la dirección de email de su perfil de {{broker}}. El enlace funciona una vez y durante {{minutes}} minutos.',
        button: 'Confirmar dirección de email',
        ignore: 'Si no tiene un perfil de {{broker}}, ignore este email: no cambiará nada.',
      },
      signupCode: {
        subject: 'Su código de verificación de {{broker}}',
        body: 'Introduzca este código en la pantalla de registro para confirmar su dirección de email. Funciona una sola vez y durante {{minutes}} minutos.',
        ignore: 'Si no ha intentado registrarse en {{broker}}, ignore este email: sin el código no se crea nada.',
      },
      signupAttempt: {
        subject: 'Alguien intentó registrarse con su email',
        body: 'Alguien, quizá usted, intentó crear un nuevo perfil de {{broker}} con esta dirección de email. Ya tiene un perfil, así que no se ha creado nada.',
        action: 'Si fue usted, inicie sesión con su contraseña o restablézcala si la ha olvidado.',
        login: 'Iniciar sesión',
        reset: 'Restablecer contraseña',
        ignore: 'Si no fue usted, puede ignorar este email: su perfil no ha cambiado.',
      },
      emailInUse: {
        subject: 'Alguien intentó usar su dirección de email',
        body: 'Alguien intentó trasladar otro perfil de {{broker}} a esta dirección de email. Ya pertenece a su perfil, así que no se ha cambiado nada.',
        ignore: 'No tiene que hacer nada.',
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
      emailVerify: {
        subject: 'Bestätigen Sie Ihre E-Mail-Adresse bei {{broker}}',
        body: 'Bitte bestätigen Sie, dass dies die E-Mail-Adresse Ihres {{broker}}-Profils ist. Der Link funktioniert einmal und {{minutes}} Minuten lang.',
        button: 'E-Mail-Adresse bestätigen',
        ignore: 'Wenn Sie kein {{broker}}-Profil haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.',
      },
      signupCode: {
        subject: 'Ihr Bestätigungscode für {{broker}}',
        body: 'Geben Sie diesen Code in der Registrierung ein, um Ihre E-Mail-Adresse zu bestätigen. Er gilt einmal und {{minutes}} Minuten lang.',
        ignore: 'Wenn Sie sich nicht bei {{broker}} registrieren wollten, ignorieren Sie diese E-Mail: Ohne den Code wird nichts angelegt.',
      },
      signupAttempt: {
        subject: 'Jemand wollte sich mit Ihrer E-Mail-Adresse registrieren',
        body: 'Jemand, vielleicht Sie, wollte mit dieser E-Mail-Adresse ein neues {{broker}}-Profil anlegen. Zu ihr gibt es bereits ein Profil, daher wurde nichts angelegt.',
        action: 'Wenn Sie es waren, melden Sie sich mit Ihrem Passwort an oder setzen Sie es zurück, falls Sie es vergessen haben.',
        login: 'Anmelden',
        reset: 'Passwort zurücksetzen',
        ignore: 'Wenn Sie es nicht waren, können Sie diese E-Mail ignorieren: Ihr Profil ist unverändert.',
      },
      emailInUse: {
        subject: 'Jemand wollte Ihre E-Mail-Adresse verwenden',
        body: 'Jemand wollte ein anderes {{broker}}-Profil auf diese E-Mail-Adresse umstellen. Sie gehört bereits zu Ihrem Profil, daher wurde nichts geändert.',
        ignore: 'Sie müssen nichts tun.',
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
      emailVerify: {
        subject: 'Confirmez votre adresse e-mail {{broker}}',
        body: 'Veuillez confirmer qu’il s’agit bien de l’adresse e-mail de votre profil {{broker}}. Le lien fonctionne une fois et pendant {{minutes}} minutes.',
        button: 'Confirmer l’adresse e-mail',
        ignore: 'Si vous n’avez pas de profil {{broker}}, ignorez cet e-mail : rien ne changera.',
      },
      signupCode: {
        subject: 'Votre code de vérification {{broker}}',
        body: 'Saisissez ce code sur l’écran d’inscription pour confirmer votre adresse e-mail. Il fonctionne une seule fois et pendant {{minutes}} minutes.',
        ignore: 'Si vous n’avez pas essayé de vous inscrire chez {{broker}}, ignorez cet e-mail : rien n’est créé sans le code.',
      },
      signupAttempt: {
        subject: 'Quelqu’un a essayé de s’inscrire avec votre e-mail',
        body: 'Quelqu’un, peut-être vous, a essayé de créer un nouveau profil {{broker}} avec cette adresse e-mail. Elle a déjà un profil : rien n’a été créé.',
        action: 'Si c’était vous, connectez-vous avec votre mot de passe, ou réinitialisez-le si vous l’avez oublié.',
        login: 'Se connecter',
        reset: 'Réinitialiser le mot de passe',
        ignore: 'Si ce n’était pas vous, vous pouvez ignorer cet e-mail : votre profil est inchangé.',
      },
      emailInUse: {
        subject: 'Quelqu’un a essayé d’utiliser votre adresse e-mail',
        body: 'Quelqu’un a essayé de transférer un autre profil {{broker}} vers cette adresse e-mail. Elle appartient déjà à votre profil : rien n’a été modifié.',
        ignore: 'Vous n’avez rien à faire.',
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
      emailVerify: {
        subject: '请确认您的 {{broker}} 邮箱地址',
        body: '请确认这是您 {{broker}} 账户的邮箱地址。该链接仅可使用一次，有效期 {{minutes}} 分钟。',
        button: '确认邮箱地址',
        ignore: '如果您没有 {{broker}} 账户，请忽略此邮件：不会有任何更改。',
      },
      signupCode: {
        subject: '您的 {{broker}} 验证码',
        body: '请在注册页面输入此验证码以确认您的邮箱地址。验证码仅可使用一次，{{minutes}} 分钟内有效。',
        ignore: '如果您没有尝试注册 {{broker}}，请忽略此邮件：没有验证码不会创建任何内容。',
      },
      signupAttempt: {
        subject: '有人尝试使用您的邮箱注册',
        body: '有人（可能是您本人）尝试使用此邮箱地址创建新的 {{broker}} 账户。该邮箱已有账户，因此未创建任何内容。',
        action: '如果是您本人，请使用密码登录；如果忘记密码，请重置密码。',
        login: '登录',
        reset: '重置密码',
        ignore: '如果不是您本人，可以忽略此邮件：您的账户没有任何变化。',
      },
      emailInUse: {
        subject: '有人尝试使用您的邮箱地址',
        body: '有人尝试将另一个 {{broker}} 账户改为此邮箱地址。该邮箱已属于您的账户，因此未做任何更改。',
        ignore: '您无需进行任何操作。',
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
      emailVerify: {
        subject: 'أكّد عنوان بريدك الإلكتروني لدى {{broker}}',
        body: 'يرجى تأكيد أن هذا هو عنوان البريد الإلكتروني لملفك لدى {{broker}}. يعمل الرابط مرة واحدة ولمدة {{minutes}} دقيقة.',
        button: 'تأكيد عنوان البريد الإلكتروني',
        ignore: 'إذا لم يكن لديك ملف لدى {{broker}}، فتجاهل هذه الرسالة: لن يتغير شيء.',
      },
      signupCode: {
        subject: 'رمز التحقق الخاص بك من {{broker}}',
        body: 'أدخل هذا الرمز في شاشة التسجيل لتأكيد عنوان بريدك الإلكتروني. يعمل مرة واحدة ولمدة {{minutes}} دقيقة.',
        ignore: 'إذا لم تحاول التسجيل لدى {{broker}}، فتجاهل هذه الرسالة: لا يُنشأ شيء دون الرمز.',
      },
      signupAttempt: {
        subject: 'حاول شخص ما التسجيل باستخدام بريدك الإلكتروني',
        body: 'حاول شخص ما، ربما أنت، إنشاء ملف جديد لدى {{broker}} بهذا البريد الإلكتروني. لهذا العنوان ملف بالفعل، لذلك لم يُنشأ شيء.',
        action: 'إذا كنت أنت، فسجّل الدخول بكلمة المرور، أو أعد تعيينها إذا نسيتها.',
        login: 'تسجيل الدخول',
        reset: 'إعادة تعيين كلمة المرور',
        ignore: 'إذا لم تكن أنت، يمكنك تجاهل هذه الرسالة: لم يتغير ملفك.',
      },
      emailInUse: {
        subject: 'حاول شخص ما استخدام عنوان بريدك الإلكتروني',
        body: 'حاول شخص ما نقل ملف آخر لدى {{broker}} إلى هذا البريد الإلكتروني. العنوان مرتبط بملفك بالفعل، لذلك لم يتغير شيء.',
        ignore: 'لا يلزمك فعل أي شيء.',
      },
    },
  },
};
