import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { JobQueue } from '../jobs/job-queue.service';
import { JobWorker } from '../jobs/job-worker.service';
import { DomainEventMap, DomainEventName } from './domain-events';

/** What a reaction's job carries: the event, as emitted, and when it happened (not when the reaction runs). */
export interface DurableEventEnvelope<K extends DomainEventName = DomainEventName> {
  event: K;
  /** Unique per emit; with the reaction's name it is the job's idempotency key. */
  eventId: string;
  /** The emitter's clock at emit time: a reaction retried later still records when the fact became true. */
  occurredAt: number;
  payload: DomainEventMap[K];
}

export interface ReactionContext {
  eventId: string;
  occurredAt: number;
  /** 1 on the first run; above 1 an earlier run may have had its effect (reactions are idempotent). */
  attempt: number;
}

export type Reaction<K extends DomainEventName> = (payload: DomainEventMap[K], context: ReactionContext) => Promise<unknown>;

export interface ReactionOptions<K extends DomainEventName> {
  /**
   * Asked in the emitter's transaction: false writes no job for this reaction (e.g. webhooks when the broker has no
   * endpoint subscribed to the event). Keep it to one cheap read; it runs on every emit.
   */
  onlyIf?: (manager: EntityManager, payload: DomainEventMap[K]) => Promise<boolean>;
}

/** Job kinds of reactions: `event.<reaction>` (the reaction's name is global, e.g. `ribbons.kycChanged`). */
export const REACTION_JOB_PREFIX = 'event.';

/**
 * Cross-module events that survive a crash (issue #20). A module's reaction to another module's change is a job
 * of the durable outbox (kernel/jobs), written by `emitInTransaction` with the emitter's EntityManager: it commits
 * or rolls back with the change itself. There is no window where the change is committed and its reaction only
 * lives in memory.
 *
 * - Subscriptions are registered at module init (`react`) in every instance, so any instance that commits an
 *   event enqueues a job for every reaction, and any instance runs it (the handlers are registered everywhere).
 * - One job per (event, reaction): kind `event.<reaction>`, idempotency key `<event>:<eventId>`, so a reaction
 *   that fails is retried on its own with the worker's backoff, without re-running the others.
 * - Right after the commit the emitting process runs the reactions itself (UnitOfWork.afterCommit →
 *   JobWorker.runNow), so a request that emitted an event normally answers with its reactions done, as with the
 *   in-process DomainEvents before. A crash (or a stopped worker, JOBS_AUTOSTART=false) leaves the jobs pending
 *   and the worker of whichever instance polls next runs them.
 * - Delivery is at least once (a worker can die after the effect and before recording the outcome): every
 *   reaction must be idempotent; each says how next to its `react` call.
 * - Payloads are stored in the job table and shown by the admin jobs API: ids, statuses and amounts only, never a
 *   token, a password or a document.
 *
 * DomainEvents stays for events nothing durable reacts to (user.emailChanged: a hook with no listener) — an in-process listener added to those would be lost on a crash, so a reaction goes here instead.
 */
@Injectable()
export class DurableEvents {
  private readonly reactions = new Map<DomainEventName, string[]>();
  private readonly conditions = new Map<string, (manager: EntityManager, payload: never) => Promise<boolean>>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly handlers: JobHandlerRegistry,
    private readonly worker: JobWorker,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Registers `reaction` (a unique name) to `event`; call it from onModuleInit. */
  react<K extends DomainEventName>(event: K, reaction: string, run: Reaction<K>, options: ReactionOptions<K> = {}): void {
    const kind = reactionJobKind(reaction);
    if (options.onlyIf) this.conditions.set(reaction, options.onlyIf);
    this.handlers.register<DurableEventEnvelope<K>, { eventId: string }>({
      kind,
      handle: async (envelope, context) => {
        await run(envelope.payload, { eventId: envelope.eventId, occurredAt: envelope.occurredAt, attempt: context.attempt });
        return { eventId: envelope.eventId };
      },
    });
    this.reactions.set(event, [...(this.reactions.get(event) ?? []), reaction]);
  }

  /** The reactions subscribed to `event` (tests, diagnostics). */
  reactionsTo(event: DomainEventName): string[] {
    return [...(this.reactions.get(event) ?? [])];
  }

  /**
   * Writes one job per subscribed reaction (whose `onlyIf`, if any, says yes) with the caller's transaction. Returns
   * the job ids (empty when nothing reacts to the event).
   */
  async emitInTransaction<K extends DomainEventName>(manager: EntityManager, event: K, payload: DomainEventMap[K]): Promise<string[]> {
    const reactions = this.reactions.get(event) ?? [];
    if (reactions.length === 0) return [];
    const envelope: DurableEventEnvelope<K> = { event, eventId: randomUUID(), occurredAt: this.clock.now(), payload };
    const ids: string[] = [];
    for (const reaction of reactions) {
      const condition = this.conditions.get(reaction);
      if (condition && !(await condition(manager, payload as never))) continue;
      const { job } = await this.jobs.enqueue(manager, {
        brokerName: payload.brokerName,
        kind: reactionJobKind(reaction),
        payload: envelope,
        idempotencyKey: `${event}:${envelope.eventId}`,
      });
      ids.push(job.id);
    }
    if (ids.length === 0) return ids;
    this.unitOfWork.afterCommit(manager, () => this.worker.runNow(ids));
    return ids;
  }
}

export function reactionJobKind(reaction: string): string {
  return `${REACTION_JOB_PREFIX}${reaction}`;
}
