/**
 * Lifecycle of a payment request (issues #6, #22):
 *
 *   created ──► pending ──► approved ──► completed
 *                  │          │ │ │ └──► failed          (the balance change certainly did not happen: job dead/cancelled)
 *                  │          │ │ └────► reconciliation  (a 3.5 was sent and its outcome is unknown)
 *                  │          │ │             ├──► completed (staff: credited at cTrader)
 *                  │          │ ◄─────────────┘            (staff: not credited → one new 3.5 attempt)
 *                  └──► rejected ◄┘                       (admin/provider refused, or cTrader said NOT_ENOUGH_MONEY)
 *
 * `approved` means the 3.5 changebalance job is committed (same transaction); `completed` means cTrader answered
 * with a balanceHistoryId (or staff confirmed the credit). `failed` may still become `completed` when an admin
 * retries the dead job: nothing was sent that could have moved money.
 */
export const PAYMENT_STATES = ['created', 'pending', 'approved', 'rejected', 'completed', 'failed', 'reconciliation'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const PAYMENT_KINDS = ['deposit', 'withdrawal'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/** Why a request ended rejected or failed (shown to admins; the trader sees a translated sentence). */
export type PaymentRejectionReason =
  | 'ADMIN_REJECTED'
  | 'PROVIDER_DECLINED'
  | 'NOT_ENOUGH_MONEY'
  | 'CHANGE_BALANCE_BAD_AMOUNT'
  | 'TRADER_NOT_FOUND'
  | 'CTRADER_FAILED'
  /** In `reconciliation`: cTrader may or may not have applied the balance change. */
  | 'CTRADER_OUTCOME_UNKNOWN';

/** States from which nothing moves any more without an admin. */
export const FINAL_PAYMENT_STATES: ReadonlySet<PaymentState> = new Set(['rejected', 'completed']);

/** States in which a withdrawal still holds its amount against the account's free funds (in reconciliation it may be gone already). */
export const OPEN_PAYMENT_STATES: PaymentState[] = ['created', 'pending', 'approved', 'reconciliation'];
