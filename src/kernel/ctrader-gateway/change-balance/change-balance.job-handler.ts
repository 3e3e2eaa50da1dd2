import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BrokerContext } from '../../broker-identification/broker-context';
import { BrokerRegistry } from '../../broker-identification/broker-registry.service';
import { JobContext, JobHandler } from '../../jobs/job-handler';
import { JobHandlerRegistry } from '../../jobs/job-handler.registry';
import { JobPermanentError } from '../../jobs/job-permanent.error';
import { CtraderBalanceHistoryEntry } from '../ctrader-gateway.dto';
import { CtraderGateway } from '../ctrader-gateway.service';
import { CtraderError } from '../ctrader.error';
import { CHANGE_BALANCE_JOB_KIND, ChangeBalanceJobPayload, ChangeBalanceJobResult, changeBalancePayloadProblem } from './change-balance.job';

/**
 * Exactly-once 3.5 changebalance (contract §1.5: "No idempotency key exists at CT: we guarantee exactly-once
 * ourselves (durable job + unique externalId)").
 *
 * 1. The intent is a job whose idempotency key is the externalId: one movement, one job.
 * 2. Attempt 1 calls 3.5 with the externalId. Any later attempt — after an error, a timeout, a dropped answer, or a
 *    worker that died mid-call (its lease expired and the job was reclaimed) — first reads the trader's balance
 *    history; if the externalId is there, that entry is the result and 3.5 is NOT sent again.
 * 3. Only one worker may be between "read the history" and "3.5 answered or was abandoned": right before sending,
 *    the lease is renewed in one guarded UPDATE (fails if another worker took the job), and the gateway refuses to
 *    send a request that could still be in flight when that lease ends (deadline = lease end − margin). So a
 *    reclaiming worker reads the history only after the previous attempt's request is finished or aborted.
 *
 * Remaining assumption (documented): a request CT receives but processes only after our client gave up on it
 * (timeout) lands within the retry backoff, before the next attempt reads the history.
 *
 * Lives beside the gateway because it needs CT's error codes and calls; the job queue itself stays CT-agnostic.
 */
@Injectable()
export class ChangeBalanceJobHandler implements JobHandler<ChangeBalanceJobPayload, ChangeBalanceJobResult>, OnModuleInit {
  readonly kind = CHANGE_BALANCE_JOB_KIND;
  private readonly logger = new Logger('ChangeBalanceJob');

  constructor(
    private readonly gateway: CtraderGateway,
    private readonly brokers: BrokerRegistry,
    private readonly registry: JobHandlerRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(payload: ChangeBalanceJobPayload, context: JobContext): Promise<ChangeBalanceJobResult> {
    const problem = changeBalancePayloadProblem(payload);
    if (problem) throw new JobPermanentError(`invalid changebalance payload: ${problem}`, { outcome: 'rejected', errorCode: 'INVALID_PAYLOAD', status: null });
    const broker = this.brokers.findByName(context.brokerName);
    // Not permanent: a broker missing from config is an operator mistake that a config fix (and a retry) repairs.
    if (!broker) throw new Error(`broker ${context.brokerName} is not configured`);
    try {
      if (context.attempt > 1) {
        const applied = await this.findApplied(broker, payload);
        if (applied) {
          this.logger.log({ job: { id: context.jobId, attempt: context.attempt }, balanceHistoryId: applied.balanceHistoryId }, 'changebalance already applied at cTrader; not sending it again');
          return { outcome: 'applied', balanceHistoryId: applied.balanceHistoryId, reconciled: true };
        }
      }
      const leaseUntil = await context.renewLease(context.leaseMs);
      const margin = Math.min(2000, Math.floor(context.leaseMs / 4));
      const { balanceHistoryId } = await this.gateway.changeBalance(
        broker,
        { login: payload.login, preciseAmount: payload.preciseAmount, type: payload.type, externalId: payload.externalId, comment: payload.comment },
        { deadline: leaseUntil - margin },
      );
      return { outcome: 'applied', balanceHistoryId, reconciled: false };
    } catch (error: unknown) {
      // A business refusal (NOT_ENOUGH_MONEY, CHANGE_BALANCE_BAD_AMOUNT, TRADER_NOT_FOUND, …) will not change by
      // repeating it: the job dies with CT's code so the business module can reject its request.
      if (error instanceof CtraderError && error.kind === 'rejected') {
        throw new JobPermanentError(`cTrader refused the balance change: ${error.errorCode}`, { outcome: 'rejected', errorCode: error.errorCode, status: error.status });
      }
      throw error;
    }
  }

  private async findApplied(broker: BrokerContext, payload: ChangeBalanceJobPayload): Promise<CtraderBalanceHistoryEntry | undefined> {
    const history = await this.gateway.getBalanceHistory(broker, payload.login);
    const matches = history.filter((entry) => entry.externalId === payload.externalId);
    if (matches.length > 1) {
      // Cannot happen through this job; if it does, someone else sent our externalId. Report the first, loudly.
      this.logger.error({ login: payload.login, externalId: payload.externalId, entries: matches.length }, 'externalId appears more than once in the balance history');
    }
    return matches[0];
  }
}
