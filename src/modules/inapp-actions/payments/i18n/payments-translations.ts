import type { ScreenLanguage } from '../../../../kernel/screens';

type Tree = { [key: string]: string | Tree };

/**
 * The payment screens' own strings (namespace `payments.*`), shipped from the module through
 * ScreenTranslator.addTranslations so the kernel's locale files stay untouched. Generic strings (titles, amount
 * errors, field labels) come from the kernel's `deposit.*`, `withdraw.*`, `fields.*` and `errors.*`.
 */
export const PAYMENTS_TRANSLATIONS: Record<ScreenLanguage, { payments: Tree }> = {
  en: {
    payments: {
      method: { manual: 'Bank transfer', hosted: 'Card (secure payment page)', manualWithdrawal: 'Bank transfer' },
      destinationHint: 'Bank account (IBAN) or other payout details.',
      awaitingPayment: 'Waiting for the payment provider to confirm your payment.',
      processing: 'Confirmed. Your trading account balance is being updated.',
      failed: 'We could not update your account balance yet. Our team has been notified; no further action is needed from you.',
      withdrawalNotEnoughMoney: 'Your withdrawal was rejected: the account does not have enough free funds. Nothing was withdrawn.',
      instructionsTitle: 'How to pay',
      checkStatus: 'Check status',
      done: 'Done',
      details: { amount: 'Amount', reference: 'Reference', status: 'Status', transaction: 'Transaction number', destination: 'Destination' },
      state: { created: 'Received', pending: 'Pending', approved: 'Processing', completed: 'Completed', rejected: 'Rejected', failed: 'Delayed', reconciliation: 'Being checked' },
      errors: {
        accountRequired: 'Open this page from a trading account in the app.',
        currencyNotSupported: "Payments in this account's currency are not available.",
        noMethod: 'No payment method is available for this account.',
        destinationRequired: 'Enter where the money should be sent.',
        notFound: 'This payment was not found.',
      },
    },
  },
  es: {
    payments: {
      method: { manual: 'Transferencia bancaria', hosted: 'Tarjeta (página de pago segura)', manualWithdrawal: 'Transferencia bancaria' },
      destinationHint: 'Cuenta bancaria (IBAN) u otros datos para el pago.',
      awaitingPayment: 'Esperando a que el proveedor de pagos confirme su pago.',
      processing: 'Confirmado. Se está actualizando el saldo de su cuenta de trading.',
      failed: 'Todavía no hemos podido actualizar el saldo de su cuenta. Nuestro equipo ha sido avisado; no tiene que hacer nada más.',
      withdrawalNotEnoughMoney: 'Su retiro fue rechazado: la cuenta no tiene fondos libres suficientes. No se retiró nada.',
      instructionsTitle: 'Cómo pagar',
      checkStatus: 'Consultar estado',
      done: 'Listo',
      details: { amount: 'Importe', reference: 'Referencia', status: 'Estado', transaction: 'Número de transacción', destination: 'Destino' },
      state: { created: 'Recibido', pending: 'Pendiente', approved: 'En proceso', completed: 'Completado', rejected: 'Rechazado', failed: 'Retrasado', reconciliation: 'En verificación' },
      errors: {
        accountRequired: 'Abra esta página desde una cuenta de trading en la aplicación.',
        currencyNotSupported: 'Los pagos en la divisa de esta cuenta no están disponibles.',
        noMethod: 'No hay ningún método de pago disponible para esta cuenta.',
        destinationRequired: 'Indique adónde debe enviarse el dinero.',
        notFound: 'No se encontró este pago.',
      },
    },
  },
  de: {
    payments: {
      method: { manual: 'Banküberweisung', hosted: 'Karte (sichere Zahlungsseite)', manualWithdrawal: 'Banküberweisung' },
      destinationHint: 'Bankkonto (IBAN) oder andere Auszahlungsdaten.',
      awaitingPayment: 'Wir warten auf die Bestätigung Ihrer Zahlung durch den Zahlungsanbieter.',
      processing: 'Bestätigt. Der Kontostand Ihres Handelskontos wird aktualisiert.',
      failed: 'Wir konnten Ihren Kontostand noch nicht aktualisieren. Unser Team ist informiert; Sie müssen nichts weiter tun.',
      withdrawalNotEnoughMoney: 'Ihre Auszahlung wurde abgelehnt: Das Konto hat nicht genug freie Mittel. Es wurde nichts abgebucht.',
      instructionsTitle: 'So bezahlen Sie',
      checkStatus: 'Status prüfen',
      done: 'Fertig',
      details: { amount: 'Betrag', reference: 'Referenz', status: 'Status', transaction: 'Transaktionsnummer', destination: 'Ziel' },
      state: { created: 'Eingegangen', pending: 'Ausstehend', approved: 'In Bearbeitung', completed: 'Abgeschlossen', rejected: 'Abgelehnt', failed: 'Verzögert', reconciliation: 'Wird geprüft' },
      errors: {
        accountRequired: 'Öffnen Sie diese Seite in der App über ein Handelskonto.',
        currencyNotSupported: 'Zahlungen in der Währung dieses Kontos sind nicht verfügbar.',
        noMethod: 'Für dieses Konto ist keine Zahlungsmethode verfügbar.',
        destinationRequired: 'Geben Sie an, wohin das Geld gesendet werden soll.',
        notFound: 'Diese Zahlung wurde nicht gefunden.',
      },
    },
  },
  fr: {
    payments: {
      method: { manual: 'Virement bancaire', hosted: 'Carte (page de paiement sécurisée)', manualWithdrawal: 'Virement bancaire' },
      destinationHint: 'Compte bancaire (IBAN) ou autres coordonnées de versement.',
      awaitingPayment: 'En attente de la confirmation de votre paiement par le prestataire.',
      processing: 'Confirmé. Le solde de votre compte de trading est en cours de mise à jour.',
      failed: "Nous n'avons pas encore pu mettre à jour le solde de votre compte. Notre équipe est prévenue ; vous n'avez rien d'autre à faire.",
      withdrawalNotEnoughMoney: "Votre retrait a été refusé : le compte n'a pas assez de fonds disponibles. Rien n'a été retiré.",
      instructionsTitle: 'Comment payer',
      checkStatus: 'Vérifier le statut',
      done: 'Terminé',
      details: { amount: 'Montant', reference: 'Référence', status: 'Statut', transaction: 'Numéro de transaction', destination: 'Destination' },
      state: { created: 'Reçu', pending: 'En attente', approved: 'En cours', completed: 'Terminé', rejected: 'Refusé', failed: 'Retardé', reconciliation: 'En vérification' },
      errors: {
        accountRequired: "Ouvrez cette page depuis un compte de trading dans l'application.",
        currencyNotSupported: 'Les paiements dans la devise de ce compte ne sont pas disponibles.',
        noMethod: "Aucun moyen de paiement n'est disponible pour ce compte.",
        destinationRequired: "Indiquez où l'argent doit être envoyé.",
        notFound: 'Ce paiement est introuvable.',
      },
    },
  },
  zh: {
    payments: {
      method: { manual: '银行转账', hosted: '银行卡（安全支付页面）', manualWithdrawal: '银行转账' },
      destinationHint: '银行账户（IBAN）或其他收款信息。',
      awaitingPayment: '正在等待支付服务商确认您的付款。',
      processing: '已确认。正在更新您的交易账户余额。',
      failed: '我们暂时无法更新您的账户余额。我们的团队已收到通知，您无需再做任何操作。',
      withdrawalNotEnoughMoney: '您的出金申请被拒绝：账户可用资金不足。未扣除任何款项。',
      instructionsTitle: '付款方式',
      checkStatus: '查看状态',
      done: '完成',
      details: { amount: '金额', reference: '参考号', status: '状态', transaction: '交易编号', destination: '收款信息' },
      state: { created: '已收到', pending: '待处理', approved: '处理中', completed: '已完成', rejected: '已拒绝', failed: '已延迟', reconciliation: '核实中' },
      errors: {
        accountRequired: '请在应用中从交易账户打开此页面。',
        currencyNotSupported: '不支持此账户货币的付款。',
        noMethod: '此账户没有可用的支付方式。',
        destinationRequired: '请输入收款信息。',
        notFound: '未找到此付款。',
      },
    },
  },
  ar: {
    payments: {
      method: { manual: 'تحويل بنكي', hosted: 'بطاقة (صفحة دفع آمنة)', manualWithdrawal: 'تحويل بنكي' },
      destinationHint: 'الحساب البنكي (IBAN) أو بيانات الدفع الأخرى.',
      awaitingPayment: 'بانتظار تأكيد مزوّد الدفع لعملية الدفع.',
      processing: 'تم التأكيد. يجري تحديث رصيد حساب التداول الخاص بك.',
      failed: 'لم نتمكن بعد من تحديث رصيد حسابك. تم إبلاغ فريقنا، ولا يلزمك القيام بأي إجراء آخر.',
      withdrawalNotEnoughMoney: 'تم رفض طلب السحب: لا يحتوي الحساب على أموال متاحة كافية. لم يتم سحب أي مبلغ.',
      instructionsTitle: 'طريقة الدفع',
      checkStatus: 'التحقق من الحالة',
      done: 'تم',
      details: { amount: 'المبلغ', reference: 'المرجع', status: 'الحالة', transaction: 'رقم المعاملة', destination: 'الوجهة' },
      state: { created: 'تم الاستلام', pending: 'قيد الانتظار', approved: 'قيد المعالجة', completed: 'مكتمل', rejected: 'مرفوض', failed: 'متأخر', reconciliation: 'قيد التحقق' },
      errors: {
        accountRequired: 'افتح هذه الصفحة من حساب تداول في التطبيق.',
        currencyNotSupported: 'المدفوعات بعملة هذا الحساب غير متاحة.',
        noMethod: 'لا توجد طريقة دفع متاحة لهذا الحساب.',
        destinationRequired: 'أدخل الجهة التي يجب إرسال المال إليها.',
        notFound: 'لم يتم العثور على هذه الدفعة.',
      },
    },
  },
};
