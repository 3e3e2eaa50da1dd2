import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../database/unit-of-work';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { JobOutcomeBus } from './job-outcome.bus';
import { JobQueue } from './job-queue.service';
import { Job } from './job.entity';
import { isUuid } from '../../lib/ids/uuid';

/** Who asks, as the admin API and the back office both know them. */
export interface JobAdminActor {
  actor: string;
  /** The brokers the actor may administer jobs of ('*' = all). */
  brokers: string[] | '*';
  requestId: string | null;
}

/**
 * Retry and cancel of a job, each audited under whoever asked, in the transaction of the change: one code path for
 * the admin API (POST /admin/jobs/:id/retry|cancel) and the back office's jobs page.
 */
@Injectable()
export class JobAdministration {
  constructor(
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly outcomes: JobOutcomeBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** A job of a broker the actor does not administer does not exist for them (no probing of other brokers' ids). */
  async visible(brokers: string[] | '*', id: string): Promise<Job> {
    const job = isUuid(id) ? await this.queue.findById(id) : null;
    if (!job || (brokers !== '*' && !brokers.includes(job.brokerName))) throw new ContractException(ErrorCode.NotFound, 'No such job');
    return job;
  }

  /** A dead or cancelled job back to pending, with a fresh attempt budget; 409 for any other state. */
  async retry(id: string, by: JobAdminActor): Promise<Job> {
    const before = await this.visible(by.brokers, id);
    const after = await this.unitOfWork.run(async (manager) => {
      const job = await this.queue.retry(id, manager);
      if (job) await this.record(manager, by, 'job.retry', before);
      return job;
    });
    if (!after) throw conflict(await this.queue.findById(id), 'retried', 'dead or cancelled');
    return after;
  }

  /** A pending job is not run (a running one cannot be cancelled: its call may already be at cTrader); 409 otherwise. */
  async cancel(id: string, by: JobAdminActor): Promise<Job> {
    const before = await this.visible(by.brokers, id);
    const after = await this.unitOfWork.run(async (manager) => {
      const job = await this.queue.cancel(id, manager);
      if (job) await this.record(manager, by, 'job.cancel', before);
      return job;
    });
    if (!after) throw conflict(await this.queue.findById(id), 'cancelled', 'pending');
    await this.outcomes.emit({
      jobId: after.id,
      brokerName: after.brokerName,
      kind: after.kind,
      state: 'cancelled',
      result: null,
      lastError: after.lastError,
      attempts: after.attempts,
    });
    return after;
  }

  private record(manager: EntityManager, by: JobAdminActor, action: string, job: Job): Promise<void> {
    return this.audit.record(
      {
        brokerName: job.brokerName,
        category: 'admin',
        action,
        actor: by.actor,
        target: `job:${job.id}`,
        details: { kind: job.kind, previousState: job.state, attempts: job.attempts },
        requestId: by.requestId,
      },
      manager,
    );
  }
}

function conflict(job: Job | null, verb: string, allowed: string): ContractException {
  return new ContractException(ErrorCode.Conflict, `Job is ${job?.state ?? 'gone'}; only a ${allowed} job can be ${verb}`);
}
