/** Why an upload was refused: an HTTP status and a translation key for the message shown on the KYC screen. */
export class KycUploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
  }
}
