import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { AuditService } from '../../../../kernel/audit';
import { BrokerContext } from '../../../../kernel/broker-identification';
import { ChangeBalanceJobResult, ChangeBalanceJobs } from '../../../../kernel/ctrader-gateway';
import { BrokerScopedRepository, isPostgres, UnitOfWork } from '../../../../kernel/database';
import { DurableEvents, PaymentFact } from '../../../../kernel/events';
import { FinalJobState, isFinalState, JobQueue } from '../../../../kernel/jobs';
import { TraderUser, TradingAccount } from '../../../../kernel/users';
import type { PaymentProviderKey } from '../../../../config/payments-config';
import { Approver, FourEyesRefusal, needsSecondApproval } from '../domain/four-eyes';
import { formatMinor } from '../domain/money-amount';
import { PaymentRequest } from '../entities/payment-request.entity';
import { OPEN_PAYMENT_STATES, PaymentKind, PaymentRejectionReason, PaymentState } from '../domain/payment-state';
import { Clock } from '../../../../kernel/clock';
import { isUuid } from '../../../../lib/ids/uuid';

export interface NewPaymentRequest {
  userId: number;
  login: number;
  kind: PaymentKind;
  provider: PaymentProviderKey;
  amountMinor: number;
  currency: string;
  moneyDigits: number;
  formKey: string;
  destination?: string | null;
  /** Withdrawals: cTrader's balance of the account in minor units (moneyDigits of the request), when it answered. */
  withdrawableMinor?: number | null;
}

export type CreateOutcome =
  | { ok: true; payment: PaymentRequest; created: boolean }
  /** A withdrawal larger than the balance minus the other open withdrawals of the account. */
  | { ok: false; reason: 'NOT_ENOUGH_MONEY'; availableMinor: number };

/** Who moved a request: an admin key, the hosted provider's callback, or the job outcome. */
export interface PaymentActor {
  actor: string;
  requestId?: string | null;
  note?: string | null;
  providerEventId?: string | null;
}

export type TransitionOutcome = { ok: true; payment: PaymentRequest } | { ok: false; payment: PaymentRequest | null };

/** A back-office approval: done, or recorded as the first of two; refused by four-eyes, or not pending any more. */
export type StaffApprovalOutcome =
  { ok: true; payment: PaymentRequest; awaitingSecondApproval?: boolean } | { ok: false; payment: PaymentRequest | null; refused?: FourEyesRefusal };

/** cTrader refusals that mean "this request cannot be paid as asked" rather than "something broke". */
const REJECTING_CODES = new Set(['NOT_ENOUGH_MONEY', 'CHANGE_BALANCE_BAD_AMOUNT']);

/**
 * The payment requests' state machine (payment-state.ts). Every transition is one conditional UPDATE on the
 * current state, so two instances, two admins or a replayed callback can never apply the same step twice; the
 * move to `approved` writes the 3.5 job in the same transaction (nothing half-done).
 */
@Injectable()
export class PaymentRequests {
  private readonly logger = new Logger('PaymentRequests');

  constructor(
    private readonly clock: Clock,
    @InjectRepository(PaymentRequest) private readonly repository: Repository<PaymentRequest>,
    private readonly unitOfWork: UnitOfWork,
    private readonly changeBalance: ChangeBalanceJobs,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    /**
     * Every payment event is written with its state change (DurableEvents): ribbons react to payment.completed, and
     * kernel/webhooks tells the broker's systems about each one (payment.requested … payment.failed).
     */
    private readonly durable: DurableEvents,
  ) {}

  of(brokerName: string, manager?: EntityManager): BrokerScopedRepository<PaymentRequest> {
    return new BrokerScopedRepository(manager ? manager.getRepository(PaymentRequest) : this.repository, brokerName);
  }

  find(brokerName: string, id: string): Promise<PaymentRequest | null> {
    return isUuid(id) ? this.of(brokerName).findOneBy({ id }) : Promise.resolve(null);
  }

  /**
   * Stores a request (state `created`). The same form submitted twice (same formKey) returns the first row.
   * A withdrawal holds its amount against the balance cTrader reported minus the account's other open withdrawals,
   * checked and inserted under a lock of the account row so two concurrent requests cannot both pass.
   */
  async create(broker: BrokerContext, input: NewPaymentRequest): Promise<CreateOutcome> {
    const existing = await this.of(broker.brokerName).findOneBy({ userId: input.userId, formKey: input.formKey });
    if (existing) return { ok: true, payment: existing, created: false };
    return this.unitOfWork.run(async (manager) => {
      if (input.kind === 'withdrawal' && input.withdrawableMinor !== undefined && input.withdrawableMinor !== null) {
        await this.lockAccount(manager, broker.brokerName, input.login);
        const held = await this.openWithdrawalsMinor(manager, broker.brokerName, input.login);
        const available = Math.max(0, input.withdrawableMinor - held);
        if (input.amountMinor > available) return { ok: false as const, reason: 'NOT_ENOUGH_MONEY' as const, availableMinor: available };
      }
      const id = randomUUID();
      const now = this.clock.now();
      await manager
        .createQueryBuilder()
        .insert()
        .into(PaymentRequest)
        .values({
          id,
          brokerName: broker.brokerName,
          userId: input.userId,
          login: input.login,
          kind: input.kind,
          provider: input.provider,
          state: 'created',
          amountMinor: input.amountMinor,
          currency: input.currency,
          moneyDigits: input.moneyDigits,
          formKey: input.formKey,
          destination: input.destination ?? null,
          externalId: `pay-${id}`,
          jobId: null,
          balanceHistoryId: null,
          reason: null,
          note: null,
          providerEventId: null,
          createdAt: now,
          updatedAt: now,
        })
        // A concurrent double submit loses the unique (broker, user, formKey) race quietly and reads the winner.
        .orIgnore()
        .execute();
      const row = await this.of(broker.brokerName, manager).findOneBy({ userId: input.userId, formKey: input.formKey });
      if (!row) throw new Error('payment request not found after insert');
      if (row.id === id) await this.announce(manager, 'payment.requested', row);
      return { ok: true as const, payment: row, created: row.id === id };
    });
  }

  /** created → pending: the request was handed to its provider (instructions shown / redirect issued). */
  async markPending(payment: PaymentRequest): Promise<PaymentRequest> {
    if (payment.state !== 'created') return payment;
    await this.of(payment.brokerName).update({ id: payment.id, state: 'created' }, { state: 'pending', updatedAt: this.clock.now() });
    return (await this.of(payment.brokerName).findOneBy({ id: payment.id })) ?? payment;
  }

  /**
   * pending → approved, and the 3.5 changebalance job (externalId `pay-<id>`) in the same transaction. Only one
   * caller can win the conditional UPDATE; the others get `ok: false` with the row as it is.
   */
  /** created/pending → approved by the hosted provider's callback (the provider took the money: no four-eyes). */
  async approve(brokerName: string, id: string, by: PaymentActor): Promise<TransitionOutcome> {
    return this.unitOfWork.run((manager) => this.commitApproval(manager, brokerName, id, {}, by));
  }

  /**
   * An approval given in the back office (issue #19). Above the broker's four-eyes threshold the first approval
   * is only recorded (the request stays pending, nothing is queued) and a second one by a DIFFERENT person moves it
   * to approved and queues the 3.5 job — in one transaction, as approve() does. Who counts as a person: a staff id
   * (sessions and keys issued to that person alike, whatever the spelling of their email); a machine key counts as
   * no one. The trader who asked for the money may never approve it. Both steps are conditional UPDATEs, so two
   * concurrent second approvals queue one job, and the same person approving twice at once is refused once.
   */
  async approveAsStaff(broker: BrokerContext, id: string, by: PaymentActor, approver: Approver): Promise<StaffApprovalOutcome> {
    const brokerName = broker.brokerName;
    return this.unitOfWork.run(async (manager): Promise<StaffApprovalOutcome> => {
      const repo = this.of(brokerName, manager);
      const payment = await repo.findOneBy({ id });
      if (!payment || !['created', 'pending'].includes(payment.state)) return { ok: false, payment };
      if (approver.personEmail !== null) {
        const trader = await manager.getRepository(TraderUser).findOneBy({ brokerName, id: payment.userId });
        if (trader && trader.email.trim().toLowerCase() === approver.personEmail) return { ok: false, payment, refused: 'REQUESTER' };
      }
      if (!needsSecondApproval(broker.config.payments.fourEyes, payment)) return this.commitApproval(manager, brokerName, id, {}, by);
      if (approver.personId === null) return { ok: false, payment, refused: 'NOT_A_PERSON' };
      if (payment.firstApproverId === null) {
        const now = this.clock.now();
        const first = await repo.update(
          { id, state: In(['created', 'pending']), firstApproverId: IsNull() },
          { firstApproverId: approver.personId, firstApprovalActor: by.actor, firstApprovedAt: now, updatedAt: now },
        );
        if (first === 1) {
          const recorded = (await repo.findOneBy({ id }))!;
          await this.record(manager, recorded, 'payment.approve_first', by, { secondApprovalRequired: true, note: by.note ?? null });
          return { ok: true, payment: recorded, awaitingSecondApproval: true };
        }
        // Someone else gave the first approval meanwhile: this one may be the second (checked below, re-read).
        const current = await repo.findOneBy({ id });
        if (!current || !['created', 'pending'].includes(current.state) || current.firstApproverId === null) return { ok: false, payment: current };
        payment.firstApproverId = current.firstApproverId;
        payment.firstApprovalActor = current.firstApprovalActor;
      }
      if (payment.firstApproverId === approver.personId) return { ok: false, payment, refused: 'SAME_PERSON' };
      // The second approval: conditional on the first approver being the one we compared with (not us).
      const firstApproverId = payment.firstApproverId;
      return this.commitApproval(manager, brokerName, id, { firstApproverId }, by, {
        firstApproverId: payment.firstApproverId,
        firstApprovalActor: payment.firstApprovalActor,
      });
    });
  }

  /** pending → approved with its 3.5 job and audit, in the caller's transaction; `where` narrows the conditional UPDATE. */
  private async commitApproval(
    manager: EntityManager,
    brokerName: string,
    id: string,
    where: { firstApproverId?: string },
    by: PaymentActor,
    auditDetails: Record<string, unknown> = {},
  ): Promise<{ ok: true; payment: PaymentRequest } | { ok: false; payment: PaymentRequest | null }> {
    const repo = this.of(brokerName, manager);
    const now = this.clock.now();
    const changed = await repo.update(
      { id, state: In(['created', 'pending']), ...where },
      { state: 'approved', updatedAt: now, note: by.note ?? null, providerEventId: by.providerEventId ?? null },
    );
    if (changed !== 1) return { ok: false as const, payment: await repo.findOneBy({ id }) };
    const payment = (await repo.findOneBy({ id }))!;
    const { job } = await this.changeBalance.enqueue(manager, brokerName, {
      login: payment.login,
      preciseAmount: formatMinor(payment.amountMinor, payment.moneyDigits),
      type: payment.kind === 'deposit' ? 'DEPOSIT' : 'WITHDRAW',
      externalId: payment.externalId,
      comment: `${payment.kind} ${payment.id}`,
    });
    await repo.update({ id }, { jobId: job.id });
    payment.jobId = job.id;
    await this.record(manager, payment, 'payment.approve', by, { jobId: job.id, ...auditDetails });
    await this.announce(manager, 'payment.approved', payment);
    return { ok: true as const, payment };
  }

  /** created/pending → rejected (admin or provider). Nothing was sent to cTrader, so nothing is undone. */
  async reject(brokerName: string, id: string, reason: PaymentRejectionReason, by: PaymentActor): Promise<TransitionOutcome> {
    const outcome = await this.unitOfWork.run(async (manager) => {
      const repo = this.of(brokerName, manager);
      const changed = await repo.update(
        { id, state: In(['created', 'pending']) },
        { state: 'rejected', reason, updatedAt: this.clock.now(), note: by.note ?? null, providerEventId: by.providerEventId ?? null },
      );
      const payment = await repo.findOneBy({ id });
      if (changed !== 1 || !payment) return { ok: false as const, payment };
      await this.record(manager, payment, 'payment.reject', by, { reason });
      await this.announceRejected(manager, payment);
      return { ok: true as const, payment };
    });
    return outcome;
  }

  /**
   * The 3.5 job reached a final state: approved → completed (with cTrader's balanceHistoryId), → rejected (cTrader
   * refused: NOT_ENOUGH_MONEY, bad amount), → reconciliation (a 3.5 was sent and nobody knows whether it took
   * effect: staff decide) or → failed (nothing can have moved). Idempotent: called by the outcome bus of whichever
   * instance ran the job, and again by the sweep; only the first call changes the row.
   * A success always wins, even over an earlier refusal recorded for the same job (an admin may retry a dead job after
   * the trader funded the account): the row must say what cTrader says.
   */
  async applyJobOutcome(brokerName: string, jobId: string, state: FinalJobState, result: ChangeBalanceJobResult | null): Promise<PaymentRequest | null> {
    const repo = this.of(brokerName);
    const payment = await repo.findOneBy({ jobId });
    if (!payment) return null;
    const now = this.clock.now();
    if (state === 'succeeded' && result?.outcome === 'applied') {
      // The completion and its payment.completed reactions commit together: a crash in between cannot leave a
      // completed payment whose ribbons never heard of it.
      return this.unitOfWork.run(async (manager) => {
        const scoped = this.of(brokerName, manager);
        const changed = await scoped.update(
          { id: payment.id, jobId, state: In(['approved', 'failed', 'rejected', 'reconciliation']) },
          { state: 'completed', balanceHistoryId: result.balanceHistoryId, reason: null, updatedAt: now },
        );
        const row = (await scoped.findOneBy({ id: payment.id }))!;
        if (changed === 1) await this.announceCompleted(manager, row);
        return row;
      });
    }
    // The job's verdict, or the attempt record when the job died without one (its last worker vanished mid-call).
    const unknown = result?.outcome === 'unconfirmed' || (await this.changeBalance.outcomeOf(brokerName, payment.externalId)) === 'unknown';
    const code = result && result.outcome === 'rejected' ? result.errorCode : null;
    const rejected = !unknown && code !== null && REJECTING_CODES.has(code);
    const next: PaymentState = unknown ? 'reconciliation' : rejected ? 'rejected' : 'failed';
    const reason: PaymentRejectionReason = unknown
      ? 'CTRADER_OUTCOME_UNKNOWN'
      : rejected
        ? (code as PaymentRejectionReason)
        : code === 'TRADER_NOT_FOUND'
          ? 'TRADER_NOT_FOUND'
          : 'CTRADER_FAILED';
    // The new state and its webhook event commit together.
    const { changed, row } = await this.unitOfWork.run(async (manager) => {
      const scoped = this.of(brokerName, manager);
      const n = await scoped.update({ id: payment.id, jobId, state: 'approved' }, { state: next, reason, updatedAt: now });
      const current = (await scoped.findOneBy({ id: payment.id }))!;
      if (n === 1 && rejected) await this.announceRejected(manager, current);
      if (n === 1 && next === 'failed') await this.durable.emitInTransaction(manager, 'payment.failed', { ...paymentFact(current), reason: current.reason });
      return { changed: n, row: current };
    });
    if (changed === 1) {
      this.logger.warn(
        { payment: { id: row.id, kind: row.kind }, reason },
        unknown ? 'payment needs reconciliation: the balance change may or may not have happened' : `payment ${row.state}`,
      );
    }
    return row;
  }

  /**
   * Staff resolve a request in `reconciliation` after checking the account at cTrader (audited, one transaction):
   * - credited → completed (with the balanceHistoryId when they know it); nothing is sent;
   * - not credited → approved, and the changebalance job gets one more attempt, which is then the only 3.5 of it.
   * ok: false when the request is not in reconciliation (any more) or its job is not final.
   */
  async resolveReconciliation(
    brokerName: string,
    id: string,
    resolution: { credited: boolean; balanceHistoryId?: number | null },
    by: PaymentActor,
  ): Promise<TransitionOutcome> {
    const outcome = await this.unitOfWork
      .run(async (manager) => {
        const repo = this.of(brokerName, manager);
        const payment = await repo.findOneBy({ id });
        if (!payment || payment.state !== 'reconciliation') return { ok: false as const, payment };
        const credited = resolution.credited;
        const balanceHistoryId = credited ? (resolution.balanceHistoryId ?? null) : null;
        const changed = await repo.update(
          { id, state: 'reconciliation' },
          credited
            ? { state: 'completed', balanceHistoryId, reason: null, note: by.note ?? null, updatedAt: this.clock.now() }
            : { state: 'approved', reason: null, note: by.note ?? null, updatedAt: this.clock.now() },
        );
        if (changed !== 1) return { ok: false as const, payment: await repo.findOneBy({ id }) };
        if (!(await this.changeBalance.resolve(manager, brokerName, payment.externalId, { credited, balanceHistoryId, by: by.actor }))) {
          throw new ReconciliationNotOpen(payment.id);
        }
        await this.record(manager, payment, 'payment.reconcile', by, {
          resolution: credited ? 'credited' : 'notCredited',
          balanceHistoryId,
          jobId: payment.jobId,
        });
        const resolved = (await repo.findOneBy({ id }))!;
        if (resolved.state === 'completed') await this.announceCompleted(manager, resolved);
        return { ok: true as const, payment: resolved };
      })
      .catch((error: unknown) => {
        if (error instanceof ReconciliationNotOpen) return { ok: false as const, payment: null };
        throw error;
      });
    return outcome;
  }

  /** How many requests wait for staff to reconcile them, per broker (the `payments_in_reconciliation` gauge). */
  async reconciliationCounts(): Promise<Array<{ brokerName: string; count: number }>> {
    const rows: Array<{ brokerName: string; count: string | number }> = await this.repository
      .createQueryBuilder('p')
      .select('p.brokerName', 'brokerName')
      .addSelect('COUNT(*)', 'count')
      .where('p.state = :state', { state: 'reconciliation' })
      .groupBy('p.brokerName')
      .getRawMany();
    return rows.map((r) => ({ brokerName: r.brokerName, count: Number(r.count) }));
  }

  /**
   * Requests handed to their provider and not yet decided (`pending`): with the manual provider they wait for
   * staff, with the hosted one for the provider's callback. Per broker, kind and provider (the
   * `payments_awaiting_approval` gauge); IDX_payment_request_list serves the filter.
   */
  async awaitingApprovalCounts(): Promise<Array<{ brokerName: string; kind: string; provider: string; count: number }>> {
    const rows: Array<{ brokerName: string; kind: string; provider: string; count: string | number }> = await this.repository
      .createQueryBuilder('p')
      .select('p.brokerName', 'brokerName')
      .addSelect('p.kind', 'kind')
      .addSelect('p.provider', 'provider')
      .addSelect('COUNT(*)', 'count')
      .where('p.state = :state', { state: 'pending' })
      .groupBy('p.brokerName')
      .addGroupBy('p.kind')
      .addGroupBy('p.provider')
      .getRawMany();
    return rows.map((r) => ({ brokerName: r.brokerName, kind: r.kind, provider: r.provider, count: Number(r.count) }));
  }

  /** In the completing transaction; the reactions run after its commit (or, after a crash, on any instance). */
  private async announceCompleted(manager: EntityManager, row: PaymentRequest): Promise<void> {
    this.logger.log({ payment: { id: row.id, kind: row.kind }, balanceHistoryId: row.balanceHistoryId }, 'payment completed');
    await this.announce(manager, 'payment.completed', row);
  }

  private announce(manager: EntityManager, event: 'payment.requested' | 'payment.approved' | 'payment.completed', row: PaymentRequest): Promise<string[]> {
    return this.durable.emitInTransaction(manager, event, paymentFact(row));
  }

  /**
   * The outcome bus is at-most-once (JobOutcomeBus): an instance that crashes between committing a job's outcome
   * and emitting it loses the event. A request still `approved` whose job is final is brought up to date here.
   */
  async reconcile(payment: PaymentRequest): Promise<PaymentRequest> {
    if (payment.state !== 'approved' || !payment.jobId) return payment;
    const job = await this.jobs.findById(payment.jobId);
    if (!job || !isFinalState(job.state)) return payment;
    const result = parseJson<ChangeBalanceJobResult>(job.result);
    return (await this.applyJobOutcome(payment.brokerName, job.id, job.state, result)) ?? payment;
  }

  /** Requests left `approved` longer than `olderThanMs` (all brokers): the sweeper's work list. */
  staleApproved(olderThanMs: number, limit = 100): Promise<PaymentRequest[]> {
    return this.repository
      .createQueryBuilder('p')
      .where('p.state = :state', { state: 'approved' })
      .andWhere('p.updatedAt < :before', { before: this.clock.now() - olderThanMs })
      .orderBy('p.updatedAt', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Sum of the account's withdrawals that still hold money (created, pending, approved). */
  async openWithdrawalsMinor(manager: EntityManager | undefined, brokerName: string, login: number): Promise<number> {
    const rows = await this.of(brokerName, manager).find({
      where: { login, kind: 'withdrawal', state: In(OPEN_PAYMENT_STATES) },
      select: { amountMinor: true, id: true },
    });
    return rows.reduce((sum, r) => sum + Number(r.amountMinor), 0);
  }

  private async lockAccount(manager: EntityManager, brokerName: string, login: number): Promise<void> {
    // SQLite transactions are already exclusive (UnitOfWork's gate); PostgreSQL needs the row lock.
    if (!isPostgres(manager)) return;
    await manager
      .getRepository(TradingAccount)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.brokerName = :brokerName AND a.login = :login', { brokerName, login })
      .getOne();
  }

  private async announceRejected(manager: EntityManager, p: PaymentRequest): Promise<void> {
    await this.durable.emitInTransaction(manager, 'payment.rejected', { ...paymentFact(p), reason: p.reason });
  }

  private record(manager: EntityManager, p: PaymentRequest, action: string, by: PaymentActor, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(
      {
        brokerName: p.brokerName,
        category: 'admin',
        action,
        actor: by.actor,
        target: `payment:${p.id}`,
        details: { kind: p.kind, provider: p.provider, amountMinor: p.amountMinor, currency: p.currency, login: p.login, ...details },
        requestId: by.requestId ?? null,
      },
      manager,
    );
  }
}

/** The request left reconciliation while staff were resolving it (rolls the transaction back). */
class ReconciliationNotOpen extends Error {
  constructor(paymentId: string) {
    super(`payment ${paymentId} is not waiting for reconciliation`);
  }
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export type { PaymentState };

/** What every payment event carries: ids and amounts, never the destination or a provider secret. */
function paymentFact(p: PaymentRequest): PaymentFact {
  return { brokerName: p.brokerName, userId: p.userId, login: p.login, kind: p.kind, paymentId: p.id, amountMinor: p.amountMinor, currency: p.currency };
}
