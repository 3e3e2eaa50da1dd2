/**
 * The event types a broker's endpoint can subscribe to (issue #21's table), plus `test`, which is only ever sent on
 * demand to the one endpoint that asked for it. The strings are the wire format: never rename them.
 */
export const WEBHOOK_EVENT_TYPES = [
  'user.signed_up',
  'user.email_verified',
  'user.locked',
  'user.unlocked',
  'user.logged_out',
  'account.opened',
  'payment.requested',
  'payment.approved',
  'payment.completed',
  'payment.rejected',
  'payment.failed',
  'kyc.submitted',
  'kyc.approved',
  'kyc.rejected',
  'partner.created',
  'partner.attributed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export type WebhookMessageType = WebhookEventType | 'test';

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The trader as the broker's systems know them: our local id, their cTID and their trading logins. */
export interface WebhookTrader {
  userId: number;
  ctidUserId: number | null;
  logins: number[];
}

/**
 * A message body (Standard Webhooks: `type`, `timestamp`, `data`). `data` always names the broker and, where there is
 * one, the trader; the rest is ids, statuses and amounts — never a secret, a token or document content.
 */
export interface WebhookBody {
  type: WebhookMessageType;
  /** ISO 8601: when the fact became true (the emitter's clock), the same on every attempt. */
  timestamp: string;
  data: { brokerName: string; trader?: WebhookTrader } & Record<string, unknown>;
}
