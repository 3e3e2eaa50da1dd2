/**
 * An idempotency key was reused for a different payload: the caller has a bug (two different intents under one
 * key), and silently returning the first job would hide it.
 */
export class JobIdempotencyConflictError extends Error {
  constructor(
    readonly brokerName: string,
    readonly kind: string,
    readonly idempotencyKey: string,
  ) {
    super(`Job ${kind} for ${brokerName} with idempotency key ${idempotencyKey} already exists with a different payload`);
    this.name = 'JobIdempotencyConflictError';
  }
}
