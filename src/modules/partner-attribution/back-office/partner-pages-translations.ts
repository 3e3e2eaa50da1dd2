/** The partner pages' strings (English, as the back-office shell: staff write English). */
export const PARTNER_PAGES_TRANSLATIONS = {
  en: {
    partnerPages: {
      title: 'Partners',
      exportCsv: 'Export attributions CSV',
      none: 'No partners yet.',
      referral: 'referral',
      traderCount: '{{count}} attributed traders',
      trader: 'Trader',
      email: 'Email',
      state: 'State',
      attributedAt: 'Attributed',
    },
  },
};
