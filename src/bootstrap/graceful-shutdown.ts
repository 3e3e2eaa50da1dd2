import { INestApplication, Logger } from '@nestjs/common';
import { JobWorker } from '../kernel/jobs';
import { InFlightRequests } from '../kernel/observability';

export type ShutdownOutcome = 'drained' | 'timedOut';

export interface ShutdownOptions {
  /** server.shutdownTimeoutMs: how long the drain may take before the process exits anyway. */
  timeoutMs: number;
  /** Resolves when the drain time is up; a test hands in one it resolves itself (default: a timer). */
  deadline?: (ms: number) => Promise<void>;
}

/**
 * A SIGTERM/SIGINT shutdown that says what it waits for: the requests still being answered and the jobs still
 * running (their kinds), then closes the application (the job worker stops claiming and waits for its jobs, the
 * HTTP server stops accepting and finishes its requests, the database closes) — for at most `timeoutMs`. Past
 * that it reports what is still running and gives up, so the caller can exit before an orchestrator kills the
 * process: a job cut short keeps its lease until it expires, and another instance takes it over.
 */
export async function shutDownGracefully(app: INestApplication, options: ShutdownOptions): Promise<ShutdownOutcome> {
  const logger = new Logger('Shutdown');
  const requests = app.get(InFlightRequests);
  const worker = app.get(JobWorker);
  const waitingFor = () => {
    const jobs = worker.runningJobs();
    return { inFlightRequests: requests.count, runningJobs: jobs.length, jobKinds: [...new Set(jobs.map((j) => j.kind))].sort() };
  };
  const before = waitingFor();
  logger.log(
    { ...before, timeoutMs: options.timeoutMs },
    `shutting down: waiting for ${before.inFlightRequests} in-flight request(s) and ${before.runningJobs} running job(s)` +
      `${before.jobKinds.length ? ` (${before.jobKinds.join(', ')})` : ''}, for up to ${options.timeoutMs} ms`,
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = options.deadline ?? ((ms: number) => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))));
  const outcome = await Promise.race([app.close().then(() => 'drained' as const), deadline(options.timeoutMs).then(() => 'timedOut' as const)]);
  clearTimeout(timer);
  const left = waitingFor();
  if (outcome === 'drained' && left.runningJobs === 0) logger.log('shut down: every request answered, every running job finished');
  else if (outcome === 'drained')
    logger.warn(
      left,
      `shut down with ${left.runningJobs} job(s) still running past the job worker's grace: their leases expire and another instance takes them over`,
    );
  else
    logger.warn(
      left,
      `shutdown timed out after ${options.timeoutMs} ms with ${left.inFlightRequests} request(s) and ${left.runningJobs} job(s) still running; exiting anyway`,
    );
  return outcome;
}
