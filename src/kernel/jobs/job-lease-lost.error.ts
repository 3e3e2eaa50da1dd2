/** This worker no longer holds the job (its lease expired and another worker claimed it): stop, write nothing. */
export class JobLeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`Lease on job ${jobId} was lost`);
    this.name = 'JobLeaseLostError';
  }
}
