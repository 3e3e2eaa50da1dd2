/** Why a partner operation was refused; the admin API and the screens translate these. */
export type PartnerErrorReason = 'NOT_FOUND' | 'USER_NOT_FOUND' | 'USER_NOT_READY' | 'PARENT_NOT_FOUND' | 'CYCLE' | 'NOT_ACTIVE';

export class PartnerError extends Error {
  constructor(
    readonly reason: PartnerErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'PartnerError';
  }
}
