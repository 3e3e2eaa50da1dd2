import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../../../../kernel/audit';
import { BrokerScopedRepository, UnitOfWork } from '../../../../kernel/database';
import { DurableEvents } from '../../../../kernel/events';
import { KycDocument } from '../entities/kyc-document.entity';
import { KycSubmission, KycSubmissionStatus } from '../entities/kyc-submission.entity';
import type { AcceptedFile } from './kyc-upload-reader.service';
import { Clock } from '../../../../kernel/clock';

export type KycStatus = KycSubmissionStatus | 'none';

export interface KycReviewInput {
  brokerName: string;
  submissionId: string;
  decision: 'approve' | 'reject';
  reason?: string;
  actor: string;
  requestId?: string;
}

export type KycReviewOutcome = { ok: true; submission: KycSubmission } | { ok: false; reason: 'notFound' | 'notPending'; submission?: KycSubmission };

/**
 * Submissions and their review. A trader's KYC status is their latest submission's. Every change of it is
 * announced as the domain event `kyc.statusChanged` after its transaction committed (ribbons drop their
 * "verify" campaign, partner statistics count verified traders) — this module knows none of its listeners.
 */
@Injectable()
export class KycSubmissions {
  constructor(
    private readonly clock: Clock,
    @InjectRepository(KycSubmission) private readonly submissions: Repository<KycSubmission>,
    @InjectRepository(KycDocument) private readonly documents: Repository<KycDocument>,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly events: DurableEvents,
  ) {}

  submissionsOf(brokerName: string, manager?: EntityManager): BrokerScopedRepository<KycSubmission> {
    return new BrokerScopedRepository(manager ? manager.getRepository(KycSubmission) : this.submissions, brokerName);
  }

  documentsOf(brokerName: string, manager?: EntityManager): BrokerScopedRepository<KycDocument> {
    return new BrokerScopedRepository(manager ? manager.getRepository(KycDocument) : this.documents, brokerName);
  }

  /** The trader's submissions, newest first, with their documents. */
  async historyOf(brokerName: string, userId: number, limit = 10): Promise<Array<{ submission: KycSubmission; documents: KycDocument[] }>> {
    const list = await this.submissionsOf(brokerName).find({ where: { userId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
    return Promise.all(list.map(async (submission) => ({ submission, documents: await this.documentsFor(brokerName, submission.id) })));
  }

  async statusOf(brokerName: string, userId: number, manager?: EntityManager): Promise<KycStatus> {
    const [latest] = await this.submissionsOf(brokerName, manager).find({ where: { userId }, order: { createdAt: 'DESC', id: 'ASC' }, take: 1 });
    return latest?.status ?? 'none';
  }

  documentsFor(brokerName: string, submissionId: string): Promise<KycDocument[]> {
    return this.documentsOf(brokerName).find({ where: { submissionId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Stores a submission and its (already written and checked) files as one transaction; status `pending`. */
  async submit(input: {
    brokerName: string;
    userId: number;
    accountLogin: number | null;
    documentType: string;
    files: AcceptedFile[];
  }): Promise<KycSubmission> {
    const now = this.clock.now();
    const submission = await this.unitOfWork.run(async (manager) => {
      const row = await this.submissionsOf(input.brokerName, manager).insert({
        id: randomUUID(),
        userId: input.userId,
        accountLogin: input.accountLogin,
        documentType: input.documentType,
        status: 'pending',
        reviewReason: null,
        reviewedBy: null,
        reviewedAt: null,
        createdAt: now,
      });
      for (const f of input.files) {
        await this.documentsOf(input.brokerName, manager).insert({ id: randomUUID(), submissionId: row.id, ...f, createdAt: now });
      }
      // Ribbons react (drop "verify"): the job commits with the submission (DurableEvents). Status only, no document.
      await this.events.emitInTransaction(manager, 'kyc.statusChanged', { brokerName: input.brokerName, userId: input.userId, status: 'pending' });
      return row;
    });
    return submission;
  }

  /**
   * Approves or rejects a pending submission. One conditional UPDATE (`… WHERE status = 'pending'`) decides, so
   * two reviewers racing cannot both win; the audit event commits with it.
   */
  async review(input: KycReviewInput): Promise<KycReviewOutcome> {
    const status: KycSubmissionStatus = input.decision === 'approve' ? 'approved' : 'rejected';
    const outcome = await this.unitOfWork.run(async (manager): Promise<KycReviewOutcome> => {
      const repo = this.submissionsOf(input.brokerName, manager);
      const changed = await repo.update(
        { id: input.submissionId, status: 'pending' },
        { status, reviewReason: input.reason?.trim() || null, reviewedBy: input.actor, reviewedAt: this.clock.now() },
      );
      const submission = await repo.findOneBy({ id: input.submissionId });
      if (!submission) return { ok: false, reason: 'notFound' };
      if (!changed) return { ok: false, reason: 'notPending', submission };
      await this.audit.record(
        {
          brokerName: input.brokerName,
          category: 'admin',
          action: `kyc.${status === 'approved' ? 'approve' : 'reject'}`,
          actor: input.actor,
          target: `kycSubmission:${submission.id}`,
          details: { userId: submission.userId, documentType: submission.documentType, status, reason: submission.reviewReason },
          requestId: input.requestId ?? null,
        },
        manager,
      );
      // The user's status is their latest submission's: an older one reviewed later does not change it. Read in the
      // same transaction, so the event commits (or not) with the review that decided it.
      if ((await this.statusOf(input.brokerName, submission.userId, manager)) === status) {
        await this.events.emitInTransaction(manager, 'kyc.statusChanged', { brokerName: input.brokerName, userId: submission.userId, status });
      }
      return { ok: true, submission };
    });
    return outcome;
  }

  /** Submissions waiting for a reviewer, per broker (the `kyc_review_queue` gauge); IDX_kyc_submission_status serves it. */
  async reviewQueueCounts(): Promise<Array<{ brokerName: string; count: number }>> {
    const rows: Array<{ brokerName: string; count: string | number }> = await this.submissions
      .createQueryBuilder('s')
      .select('s.brokerName', 'brokerName')
      .addSelect('COUNT(*)', 'count')
      .where('s.status = :status', { status: 'pending' })
      .groupBy('s.brokerName')
      .getRawMany();
    return rows.map((r) => ({ brokerName: r.brokerName, count: Number(r.count) }));
  }
}
