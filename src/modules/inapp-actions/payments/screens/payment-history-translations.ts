import type { ScreenLanguage } from '../../../../kernel/screens';

type Tree = { [key: string]: string | Tree };

/**
 * The client-area payment history's own strings (namespace `paymentHistory.*`). The title, the state names and
 * the amount/account labels reuse `clientArea.history`, `payments.state.*` and `fields.*`.
 */
export const PAYMENT_HISTORY_TRANSLATIONS: Record<ScreenLanguage, { paymentHistory: Tree }> = {
  en: { paymentHistory: { date: 'Date', kind: 'Type', status: 'Status', deposit: 'Deposit', withdrawal: 'Withdrawal' } },
  es: { paymentHistory: { date: 'Fecha', kind: 'Tipo', status: 'Estado', deposit: 'Depósito', withdrawal: 'Retiro' } },
  de: { paymentHistory: { date: 'Datum', kind: 'Art', status: 'Status', deposit: 'Einzahlung', withdrawal: 'Auszahlung' } },
  fr: { paymentHistory: { date: 'Date', kind: 'Type', status: 'Statut', deposit: 'Dépôt', withdrawal: 'Retrait' } },
  zh: { paymentHistory: { date: '日期', kind: '类型', status: '状态', deposit: '入金', withdrawal: '出金' } },
  ar: { paymentHistory: { date: 'التاريخ', kind: 'النوع', status: 'الحالة', deposit: 'إيداع', withdrawal: 'سحب' } },
};
