import { Injectable, Logger } from '@nestjs/common';
import { FinalJobState } from './job-state';

/** A job reached a final state. `result` is the handler's result (succeeded) or the failure details (dead). */
export interface JobOutcomeEvent<R = unknown> {
  jobId: string;
  brokerName: string;
  kind: string;
  state: FinalJobState;
  result: R | null;
  lastError: string | null;
  attempts: number;
}

export type JobOutcomeListener<R = unknown> = (event: JobOutcomeEvent<R>) => void | Promise<void>;

/**
 * A tiny typed bus so business modules react to their jobs' final outcomes without the kernel knowing them
 * (ARCHITECTURE.md §1: modules → kernel, never back). Events are emitted in-process after the outcome is committed,
 * by the instance that committed it: at most once. A crash between commit and emit loses the event, so a listener
 * must be idempotent and the business row should also be reconcilable from the job (JobQueue.findById).
 */
@Injectable()
export class JobOutcomeBus {
  private readonly logger = new Logger('JobOutcomeBus');
  private readonly byKind = new Map<string, Set<JobOutcomeListener>>();
  private readonly any = new Set<JobOutcomeListener>();

  /** Listens to one kind; returns the unsubscribe function. */
  on<R = unknown>(kind: string, listener: JobOutcomeListener<R>): () => void {
    let set = this.byKind.get(kind);
    if (!set) {
      set = new Set();
      this.byKind.set(kind, set);
    }
    set.add(listener as JobOutcomeListener);
    return () => set.delete(listener as JobOutcomeListener);
  }

  onAny(listener: JobOutcomeListener): () => void {
    this.any.add(listener);
    return () => this.any.delete(listener);
  }

  /** Runs every listener; a failing listener is logged and does not stop the others or the worker. */
  async emit(event: JobOutcomeEvent): Promise<void> {
    const listeners = [...(this.byKind.get(event.kind) ?? []), ...this.any];
    for (const listener of listeners) {
      try {
        await listener(event);
      } catch (error: unknown) {
        this.logger.error(
          { job: { id: event.jobId, kind: event.kind }, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) },
          'job outcome listener failed',
        );
      }
    }
  }
}
