import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BrokerContext } from '../../broker-identification/broker-context';
import { BrokerRegistry } from '../../broker-identification/broker-registry.service';
import { JobContext, JobHandler } from '../../jobs/job-handler';
import { JobHandlerRegistry } from '../../jobs/job-handler.registry';
import { JobPermanentError } from '../../jobs/job-permanent.error';
import { CtraderGateway } from '../ctrader-gateway.service';
import { CtraderError } from '../ctrader.error';
import { BalanceChangeAttempt } from './balance-change-attempt.entity';
import { AttemptKey, BalanceChangeAttempts } from './balance-change-attempts';
import { CHANGE_BALANCE_JOB_KIND, ChangeBalanceJobPayload, ChangeBalanceJobResult, changeBalancePayloadProblem } from './change-balance.job';

/**
 * Exactly-once 3.5 changebalance on documented calls only (contract §1.5: "No idempotency key exists at CT … an
 * attempt whose outcome is unknown is never resent blind; it goes to reconciliation").
 *
 * 1. One movement, one job (idempotency key = externalId), one BalanceChangeAttempt row.
 * 2. Before a 3.5 leaves, the row goes `idle → sending` (conditional UPDATE), after the lease was renewed; the
 *    gateway refuses to send a request that could still be in flight when the lease ends. So a worker that dies
 *    mid-call leaves `sending`, and only the lease holder can send.
 * 3. CT's answer decides: success → `applied`; a business refusal → `rejected` (job dead, CT's code); an answer that
 *    proves nothing happened (REQUEST_FREQUENCY_EXCEEDED after the gateway's own retries, connection refused, not sent
 *    for the deadline) → back to `idle` and the job retries.
 * 4. Anything else leaves the outcome unknown (timeout, dropped answer, 5xx, an unreadable 2xx, a crash). Then:
 *    - with a reconciliation source configured for the broker (`ctrader.reconciliation.balanceHistory`, off by
 *      default), the next attempt reads it: the externalId is there → `applied`; it is not → sent once more;
 *    - otherwise the job ends `dead` with outcome `unconfirmed`, and the business module shows the movement to
 *      staff, who resolve it as credited or not credited (BalanceChangeAttempts.resolve). An admin retry of the job
 *      meanwhile changes nothing: it finds `sending` and ends `unconfirmed` again.
 *
 * The source path keeps one assumption, stated in the README: a request CT has not processed by the time the next
 * attempt reads the source (after the retry backoff) is never processed. Without a source nothing is assumed.
 */
@Injectable()
export class ChangeBalanceJobHandler implements JobHandler<ChangeBalanceJobPayload, ChangeBalanceJobResult>, OnModuleInit {
  readonly kind = CHANGE_BALANCE_JOB_KIND;
  private readonly logger = new Logger('ChangeBalanceJob');

  constructor(
    private readonly gateway: CtraderGateway,
    private readonly brokers: BrokerRegistry,
    private readonly registry: JobHandlerRegistry,
    private readonly attempts: BalanceChangeAttempts,
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
    const key: AttemptKey = { brokerName: broker.brokerName, externalId: payload.externalId };
    const attempt = await this.attempts.open(key, context.jobId, payload.login);

    if (attempt.state === 'applied') return { outcome: 'applied', balanceHistoryId: attempt.balanceHistoryId, reconciled: attempt.confirmedBy !== 'answer' };
    if (attempt.state === 'sending') {
      const confirmed = await this.confirmFromSource(broker, payload, attempt, context);
      if (confirmed) return confirmed;
      // The source says it is not there: send once more, from `sending`.
    }
    return this.send(broker, payload, key, attempt.state, context);
  }

  private async send(
    broker: BrokerContext,
    payload: ChangeBalanceJobPayload,
    key: AttemptKey,
    from: BalanceChangeAttempt['state'],
    context: JobContext,
  ): Promise<ChangeBalanceJobResult> {
    const leaseUntil = await context.renewLease(context.leaseMs);
    // Someone else moved the row (staff resolved it meanwhile): start over on the next attempt, reading it afresh.
    if (!(await this.attempts.markSending(key, from))) throw new Error('the balance change attempt changed under this worker; retrying');
    const margin = Math.min(2000, Math.floor(context.leaseMs / 4));
    try {
      const { balanceHistoryId } = await this.gateway.changeBalance(
        broker,
        { login: payload.login, preciseAmount: payload.preciseAmount, type: payload.type, externalId: payload.externalId, comment: payload.comment },
        { deadline: leaseUntil - margin },
      );
      await this.attempts.markApplied(key, balanceHistoryId, 'answer');
      return { outcome: 'applied', balanceHistoryId, reconciled: false };
    } catch (error: unknown) {
      if (!(error instanceof CtraderError)) throw error; // outcome unknown (state stays `sending`); retried, then reconciled
      if (error.kind === 'rejected') {
        // NOT_ENOUGH_MONEY, CHANGE_BALANCE_BAD_AMOUNT, TRADER_NOT_FOUND, …: repeating will not change it.
        await this.attempts.markRejected(key, error);
        throw new JobPermanentError(`cTrader refused the balance change: ${error.errorCode}`, {
          outcome: 'rejected',
          errorCode: error.errorCode,
          status: error.status,
        });
      }
      if (!error.outcomeUnknown) {
        await this.attempts.markNothingHappened(key, error);
        throw error;
      }
      await this.attempts.markUnknown(key, error);
      if (broker.config.ctrader.reconciliation.balanceHistory.enabled) throw error; // the next attempt reads the source
      throw this.unconfirmed(payload, context, error.errorCode, error.status);
    }
  }

  /** The configured source's verdict on an unknown outcome, or an `unconfirmed` end when there is no source. */
  private async confirmFromSource(
    broker: BrokerContext,
    payload: ChangeBalanceJobPayload,
    attempt: BalanceChangeAttempt,
    context: JobContext,
  ): Promise<ChangeBalanceJobResult | null> {
    if (!broker.config.ctrader.reconciliation.balanceHistory.enabled) throw this.unconfirmed(payload, context, attempt.lastErrorCode, attempt.lastErrorStatus);
    // A read failure is retried like any other; if the attempts run out the row is still `sending` → reconciliation.
    const found = await this.gateway.findConfirmedBalanceChange(broker, payload.login, payload.externalId);
    if (!found) return null;
    await this.attempts.markApplied({ brokerName: broker.brokerName, externalId: payload.externalId }, found.balanceHistoryId, 'source');
    this.logger.log(
      { job: { id: context.jobId, attempt: context.attempt }, balanceHistoryId: found.balanceHistoryId },
      'changebalance confirmed by the reconciliation source; not sending it again',
    );
    return { outcome: 'applied', balanceHistoryId: found.balanceHistoryId, reconciled: true };
  }

  private unconfirmed(payload: ChangeBalanceJobPayload, context: JobContext, errorCode: string | null, status: number | null): JobPermanentError {
    this.logger.warn(
      { job: { id: context.jobId, attempt: context.attempt }, login: payload.login, errorCode },
      'changebalance outcome unknown: waiting for reconciliation, not sending it again',
    );
    return new JobPermanentError(`the outcome of the balance change is unknown (${errorCode ?? 'no answer recorded'}); it needs reconciliation`, {
      outcome: 'unconfirmed',
      errorCode,
      status,
    });
  }
}
