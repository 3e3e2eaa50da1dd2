/** The durable job that keeps a partner's referral id at cTrader in sync (3.6 set + 3.7 verify, or 3.8 remove). */
export const REFERRAL_SYNC_JOB_KIND = 'partner.referralSync';

export interface ReferralSyncPayload {
  /** Partner.id */
  partnerRef: number;
  action: 'set' | 'remove';
  /** Partner.referralVersion when requested: an older job than the partner's current version is superseded. */
  version: number;
}
