/** Strings of the KYC back-office pages (English: staff pages; the fallback of every language). */
export const KYC_PAGES_TRANSLATIONS = {
  en: {
    backOffice: {
      kyc: {
        nav: 'KYC',
        title: 'KYC review',
        submissionTitle: 'KYC submission',
        counter: 'KYC to review',
        status: 'Status',
        all: 'All',
        empty: 'Nothing to review.',
        open: 'Review',
        col: { created: 'Submitted', trader: 'Trader', type: 'Document', status: 'Status', files: 'Files' },
        facts: {
          trader: 'Trader',
          account: 'Trading account',
          type: 'Document type',
          status: 'Status',
          submitted: 'Submitted',
          reviewedBy: 'Reviewed by',
          reason: 'Reason',
        },
        documents: 'Documents',
        download: 'Download',
        pdfNote: 'PDF shown in a sandboxed frame; if your browser does not display it, download it.',
        approve: 'Approve',
        reject: 'Reject',
        reason: 'Reason for the trader (required to reject)',
        backToQueue: 'Back to the queue',
        approved: 'KYC submission approved.',
        rejected: 'KYC submission rejected.',
      },
    },
  },
};
