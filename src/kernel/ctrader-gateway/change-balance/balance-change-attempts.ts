import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { BalanceChangeAttempt, BalanceChangeAttemptState, BalanceChangeConfirmation } from './balance-change-attempt.entity';
import { Clock } from '../../clock';

export interface AttemptKey {
  brokerName: string;
  externalId: string;
}

/**
 * The durable record of each movement's 3.5 (BalanceChangeAttempt). Every change is one conditional UPDATE on the
 * state it expects, so a worker, a second worker that reclaimed the job, and a person resolving it can never both
 * win: whoever finds the state changed under them backs off.
 */
@Injectable()
export class BalanceChangeAttempts {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private repo(manager?: EntityManager): Repository<BalanceChangeAttempt> {
    return (manager ?? this.dataSource.manager).getRepository(BalanceChangeAttempt);
  }

  find(key: AttemptKey, manager?: EntityManager): Promise<BalanceChangeAttempt | null> {
    return this.repo(manager).findOneBy({ brokerName: key.brokerName, externalId: key.externalId });
  }

  /** The movement's record, created `idle` on the job's first run. */
  async open(key: AttemptKey, jobId: string, login: number): Promise<BalanceChangeAttempt> {
    const now = this.clock.now();
    await this.repo()
      .createQueryBuilder()
      .insert()
      .into(BalanceChangeAttempt)
      .values({
        ...key,
        jobId,
        login,
        state: 'idle',
        sends: 0,
        lastSentAt: null,
        lastErrorCode: null,
        lastErrorStatus: null,
        balanceHistoryId: null,
        confirmedBy: null,
        resolvedBy: null,
        resolvedAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .execute();
    const row = await this.find(key);
    if (!row) throw new Error('balance change attempt not found after insert');
    return row;
  }

  /**
   * `from` → `sending`, counted, BEFORE the request leaves: if this process dies during the call, the next attempt
   * finds `sending` and knows the outcome is unknown. false when the state was no longer `from`.
   */
  async markSending(key: AttemptKey, from: BalanceChangeAttemptState): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.repo()
      .createQueryBuilder()
      .update(BalanceChangeAttempt)
      .set({ state: 'sending', sends: () => '"sends" + 1', lastSentAt: now, updatedAt: now })
      .where('"brokerName" = :brokerName AND "externalId" = :externalId AND "state" = :from', { ...key, from })
      .execute();
    return result.affected === 1;
  }

  /** `sending` → `idle`: CT's answer proves the request had no effect (refused before acting, never connected). */
  markNothingHappened(key: AttemptKey, error: { errorCode: string; status: number | null }): Promise<boolean> {
    return this.move(key, 'sending', { state: 'idle', ...lastError(error) });
  }

  /** Records why the outcome stays unknown (the state stays `sending`). */
  markUnknown(key: AttemptKey, error: { errorCode: string; status: number | null }): Promise<boolean> {
    return this.move(key, 'sending', lastError(error));
  }

  markRejected(key: AttemptKey, error: { errorCode: string; status: number | null }): Promise<boolean> {
    return this.move(key, 'sending', { state: 'rejected', ...lastError(error) });
  }

  /** `sending` → `applied`, by CT's own answer or by the configured reconciliation source. */
  markApplied(key: AttemptKey, balanceHistoryId: number | null, confirmedBy: Exclude<BalanceChangeConfirmation, 'staff'>): Promise<boolean> {
    return this.move(key, 'sending', { state: 'applied', balanceHistoryId, confirmedBy });
  }

  /**
   * Staff resolve an unknown outcome (`sending`, its job final): credited (`applied`, with the balanceHistoryId if
   * they know it) or not credited (`idle`: the job may send once more). In the caller's transaction.
   */
  resolve(manager: EntityManager, key: AttemptKey, resolution: { credited: boolean; balanceHistoryId: number | null; by: string }): Promise<boolean> {
    const now = this.clock.now();
    const set: Partial<BalanceChangeAttempt> = resolution.credited
      ? { state: 'applied', balanceHistoryId: resolution.balanceHistoryId, confirmedBy: 'staff', resolvedBy: resolution.by, resolvedAt: now }
      : { state: 'idle', resolvedBy: resolution.by, resolvedAt: now };
    return this.move(key, 'sending', set, manager);
  }

  private async move(key: AttemptKey, from: BalanceChangeAttemptState, set: Partial<BalanceChangeAttempt>, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update(
      { brokerName: key.brokerName, externalId: key.externalId, state: from },
      { ...set, updatedAt: this.clock.now() },
    );
    return result.affected === 1;
  }
}

/** The failure as the row keeps it (the column is 64 characters; CT's code or ours, never a URL or token). */
function lastError(error: { errorCode: string; status: number | null }): Pick<BalanceChangeAttempt, 'lastErrorCode' | 'lastErrorStatus'> {
  return { lastErrorCode: error.errorCode.slice(0, 64), lastErrorStatus: error.status };
}
