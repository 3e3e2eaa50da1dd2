import type { ScreenLanguage } from '../../../../kernel/screens';

type Tree = { [key: string]: string | Tree };

/**
 * The client-area KYC section's own column labels (namespace `kycSection.*`); the title, the status names and
 * sentences reuse `clientArea.verification`, `kyc.status.*`, `kyc.statusText.*` and `fields.documentType`.
 */
export const KYC_SECTION_TRANSLATIONS: Record<ScreenLanguage, { kycSection: Tree }> = {
  en: { kycSection: { date: 'Submitted', status: 'Status' } },
  es: { kycSection: { date: 'Enviado', status: 'Estado' } },
  de: { kycSection: { date: 'Eingereicht', status: 'Status' } },
  fr: { kycSection: { date: 'Envoyé le', status: 'Statut' } },
  zh: { kycSection: { date: '提交时间', status: '状态' } },
  ar: { kycSection: { date: 'تاريخ الإرسال', status: 'الحالة' } },
};
