import { CTRADER_BALANCE_CHANGE_TYPES, CtraderBalanceChangeType } from '../ctrader-gateway.dto';
import { preciseAmountProblem } from '../precise-amount';

/** Job kind of an exactly-once 3.5 changebalance. */
export const CHANGE_BALANCE_JOB_KIND = 'ctrader.changeBalance';

/** What a business module enqueues. `externalId` is its unique id of this movement (also the idempotency key). */
export interface ChangeBalanceJobPayload {
  login: number;
  /** Positive plain decimal as text ("100.50"). */
  preciseAmount: string;
  type: CtraderBalanceChangeType;
  externalId: string;
  comment?: string;
}

/**
 * The job's result: the balance change was made (job `succeeded`), cTrader refused it, or its outcome is unknown and
 * waits for reconciliation (both job `dead`).
 */
export type ChangeBalanceJobResult =
  | {
      outcome: 'applied';
      /** null for a bonus type answered without one, or a credit confirmed by staff who did not know it. */
      balanceHistoryId: number | null;
      /** true when the credit was confirmed after an attempt whose outcome was unknown (no second 3.5). */
      reconciled: boolean;
    }
  | {
      outcome: 'rejected';
      /** cTrader's code: NOT_ENOUGH_MONEY, CHANGE_BALANCE_BAD_AMOUNT, TRADER_NOT_FOUND, … */
      errorCode: string;
      status: number | null;
    }
  | {
      /**
       * A 3.5 was sent and nobody can tell whether cTrader applied it (timeout, dropped answer, 5xx, a worker that died
       * mid-call), and no configured source could confirm it. Nothing is sent again until staff resolve it.
       */
      outcome: 'unconfirmed';
      /** The last failure's code (TIMEOUT, NETWORK_ERROR, HTTP_503, …), when one was seen. */
      errorCode: string | null;
      status: number | null;
    };

/** What the business module needs to know about a movement whose job is final (see ChangeBalanceJobs.outcomeOf). */
export type ChangeBalanceOutcome = 'applied' | 'notApplied' | 'unknown';

/** Why a payload cannot be a changebalance job, or null. Checked at enqueue and again by the handler. */
export function changeBalancePayloadProblem(p: unknown): string | null {
  if (!p || typeof p !== 'object') return 'payload must be an object';
  const v = p as Record<string, unknown>;
  if (!Number.isSafeInteger(v.login) || (v.login as number) <= 0) return 'login must be a positive integer';
  const amount = preciseAmountProblem(v.preciseAmount);
  if (amount) return `preciseAmount ${amount}`;
  if (!CTRADER_BALANCE_CHANGE_TYPES.includes(v.type as CtraderBalanceChangeType)) return `type must be one of ${CTRADER_BALANCE_CHANGE_TYPES.join(', ')}`;
  // externalId is what staff and a reconciliation source look for at CT: it must be present and unambiguous.
  if (typeof v.externalId !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(v.externalId))
    return 'externalId must be 1-200 printable ASCII characters without spaces';
  if (v.comment !== undefined && (typeof v.comment !== 'string' || v.comment.length > 500)) return 'comment must be a string of at most 500 characters';
  return null;
}
