/** The durable jobs of the ribbons module (src/kernel/jobs). */
export const RIBBON_PUSH_JOB = 'ribbons.push';
export const RIBBON_RECOMPUTE_JOB = 'ribbons.recompute';
export const RIBBON_SWEEP_JOB = 'ribbons.sweep';

export interface RibbonPushPayload {
  ctidUserId: number;
}

export interface RibbonRecomputePayload {
  reason: string;
}

export interface RibbonSweepPayload {
  /** The sweep interval this job covers (its idempotency key): one sweep per interval, whatever the instances. */
  bucket: number;
}
