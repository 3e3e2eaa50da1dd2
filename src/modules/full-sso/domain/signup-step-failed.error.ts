import { CtraderError } from '../../../kernel/ctrader-gateway';

/** A cTrader step of signup or account opening failed; the user sees a retry page, the stored steps stay. */
export class SignupStepFailed extends Error {
  readonly ctraderCode: string | undefined;
  /** cTrader said no for good (e.g. the email is refused); a retry will not help. */
  readonly final: boolean;

  constructor(
    readonly call: string,
    cause: unknown,
  ) {
    super(`signup step ${call} failed`);
    this.name = 'SignupStepFailed';
    this.ctraderCode = cause instanceof CtraderError ? cause.errorCode : undefined;
    this.final = cause instanceof CtraderError && cause.kind === 'rejected' && !['EMAIL_ALREADY_EXISTS'].includes(cause.errorCode);
  }
}
