import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EnqueueResult, JobQueue } from '../../jobs/job-queue.service';
import { BalanceChangeAttempt } from './balance-change-attempt.entity';
import { BalanceChangeAttempts } from './balance-change-attempts';
import { CHANGE_BALANCE_JOB_KIND, ChangeBalanceJobPayload, ChangeBalanceOutcome, changeBalancePayloadProblem } from './change-balance.job';

export interface ReconciliationResolution {
  /** Staff checked cTrader: the money moved (true) or it did not (false). */
  credited: boolean;
  /** Credited: the balance history entry, when staff know it. */
  balanceHistoryId?: number | null;
  /** `admin:<keyId>` (audited by the caller). */
  by: string;
}

/**
 * What business modules use to move money at cTrader: enqueue a changebalance in the same transaction as their own
 * row (deposit, withdrawal, bonus). The job sends 3.5 at most once per unknown outcome (ChangeBalanceJobHandler); its
 * final outcome arrives on the JobOutcomeBus under kind `ctrader.changeBalance`, and `outcomeOf` tells at any time
 * whether the movement is applied, certainly not applied, or waiting for reconciliation.
 */
@Injectable()
export class ChangeBalanceJobs {
  constructor(
    private readonly queue: JobQueue,
    private readonly attempts: BalanceChangeAttempts,
  ) {}

  async enqueue(manager: EntityManager, brokerName: string, payload: ChangeBalanceJobPayload, options: { maxAttempts?: number } = {}): Promise<EnqueueResult> {
    const problem = changeBalancePayloadProblem(payload);
    if (problem) throw new TypeError(`changebalance job: ${problem}`);
    const clean: ChangeBalanceJobPayload = {
      login: payload.login,
      preciseAmount: payload.preciseAmount,
      type: payload.type,
      externalId: payload.externalId,
      ...(payload.comment !== undefined && { comment: payload.comment }),
    };
    return this.queue.enqueue(manager, {
      brokerName,
      kind: CHANGE_BALANCE_JOB_KIND,
      payload: clean,
      idempotencyKey: payload.externalId,
      maxAttempts: options.maxAttempts,
    });
  }

  /**
   * Where the movement stands at cTrader as far as we know. `unknown` also covers a job that died without its
   * handler's verdict (its last worker vanished mid-call): the attempt row, written before each send, says so.
   */
  async outcomeOf(brokerName: string, externalId: string): Promise<ChangeBalanceOutcome> {
    const attempt = await this.attempts.find({ brokerName, externalId });
    if (!attempt) return 'notApplied';
    if (attempt.state === 'applied') return 'applied';
    return attempt.state === 'sending' ? 'unknown' : 'notApplied';
  }

  /** The movement's attempt record, for the staff view of a reconciliation. */
  attemptOf(brokerName: string, externalId: string): Promise<BalanceChangeAttempt | null> {
    return this.attempts.find({ brokerName, externalId });
  }

  /**
   * Staff resolve an unknown outcome, in the caller's transaction (with its audit entry). Not credited: the job goes
   * back to pending for one more 3.5, which is then the movement's only possible credit. false when the movement is
   * not waiting for reconciliation (already resolved, or its job is still running).
   */
  async resolve(manager: EntityManager, brokerName: string, externalId: string, resolution: ReconciliationResolution): Promise<boolean> {
    const attempt = await this.attempts.find({ brokerName, externalId }, manager);
    if (!attempt) return false;
    const job = await this.queue.findById(attempt.jobId, manager);
    if (!job || job.state === 'pending' || job.state === 'running') return false;
    const moved = await this.attempts.resolve(
      manager,
      { brokerName, externalId },
      { credited: resolution.credited, balanceHistoryId: resolution.balanceHistoryId ?? null, by: resolution.by },
    );
    if (!moved) return false;
    if (!resolution.credited && !(await this.queue.retry(job.id, manager))) throw new Error('the changebalance job could not be put back to pending');
    return true;
  }
}
