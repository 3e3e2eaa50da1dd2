/** Lifecycle of a job: pending → running → succeeded | pending (retry) | dead; pending → cancelled (admin). */
export const JOB_STATES = ['pending', 'running', 'succeeded', 'dead', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** States in which nothing will happen to a job any more unless an admin retries it. */
export type FinalJobState = Extract<JobState, 'succeeded' | 'dead' | 'cancelled'>;
