import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EnqueueResult, JobQueue } from '../../jobs/job-queue.service';
import { CHANGE_BALANCE_JOB_KIND, ChangeBalanceJobPayload, changeBalancePayloadProblem } from './change-balance.job';

/**
 * What business modules use to move money at cTrader: enqueue a changebalance in the same transaction as their own
 * row (deposit, withdrawal, bonus). The job runs exactly once per externalId (see ChangeBalanceJobHandler);
 * its final outcome arrives on the JobOutcomeBus under kind `ctrader.changeBalance`.
 */
@Injectable()
export class ChangeBalanceJobs {
  constructor(private readonly queue: JobQueue) {}

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
}
