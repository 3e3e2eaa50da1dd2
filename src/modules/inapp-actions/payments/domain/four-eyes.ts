import type { FourEyesConfig } from '../../../../config/payments-config';
import type { PaymentKind } from './payment-state';

/**
 * Four-eyes (issue #19): does this request need a second approval by a different person? The per-broker
 * thresholds are in major units of the account currency; the request's amount is in minor units with its own
 * moneyDigits, so the threshold is scaled to them (integers only, no floats near money).
 */
export function needsSecondApproval(config: FourEyesConfig, p: { kind: PaymentKind; amountMinor: number; moneyDigits: number }): boolean {
  const from = p.kind === 'withdrawal' ? config.withdrawalsFrom : config.depositsFrom;
  if (from === undefined || from === null) return false;
  return BigInt(p.amountMinor) >= BigInt(from) * 10n ** BigInt(p.moneyDigits);
}

/** The person behind an approval, as four-eyes compares them: a staff id (never a spelling of an email). */
export interface Approver {
  /** Staff id of the person (a session, or a key issued to them); null = a machine key. */
  personId: string | null;
  /** That person's email (lower-cased), to refuse approving one's own request as a trader; null if unknown. */
  personEmail: string | null;
}

export type FourEyesRefusal =
  /** A machine key (no person) cannot be one of the two people. */
  | 'NOT_A_PERSON'
  /** This person gave the first approval already. */
  | 'SAME_PERSON'
  /** This person is the trader who asked for the money. */
  | 'REQUESTER';
