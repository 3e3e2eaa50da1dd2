import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers of one attempt, signed with every active secret (the `standardwebhooks` library
 * computes each `v1,<base64>`; several are joined by spaces, which the spec allows so a rotation can overlap).
 * The timestamp is the attempt's, so receivers' replay tolerance (5 minutes in the library) holds on retries too.
 */
export function signedHeaders(messageId: string, sentAt: Date, body: string, secrets: string[]): Record<string, string> {
  if (secrets.length === 0) throw new Error('an endpoint without a signing secret cannot sign');
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, sentAt, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
