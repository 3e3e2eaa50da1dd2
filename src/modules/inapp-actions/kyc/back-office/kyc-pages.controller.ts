import { once } from 'node:events';
import { Body, Controller, Get, Injectable, OnModuleInit, Param, Post, Query, Req, Res } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { Repository } from 'typeorm';
import type { KycFileType } from '../../../../config/kyc-config';
import { ModuleKey } from '../../../../config/module-key';
import { brokersWith, mayAdminister, StaffService } from '../../../../kernel/admin-access';
import { AuditService } from '../../../../kernel/audit';
import {
  BackOffice,
  BackOfficeBroker,
  BackOfficeCounters,
  BackOfficeFlash,
  BackOfficeNav,
  BackOfficePage,
  BackOfficeRedirect,
  BackOfficeRenderer,
  BackOfficeRequest,
  BackOfficeSession,
  formField,
} from '../../../../kernel/back-office';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import { ScreenException, ScreenTranslator } from '../../../../kernel/screens';
import { TraderUser } from '../../../../kernel/users';
import { mediaTypeOf } from '../domain/kyc-file-sniffer';
import { KYC_SUBMISSION_STATUSES, KycSubmission, KycSubmissionStatus } from '../entities/kyc-submission.entity';
import { KycDocumentStore } from '../services/kyc-document-store.service';
import { KycSubmissions } from '../services/kyc-submissions.service';
import { KYC_PAGES_TRANSLATIONS } from './kyc-pages-translations';
import { isUuid } from '../../../../lib/ids/uuid';

const QUEUE = '/modules/inapp-actions/kyc/back-office/templates/kyc-queue';
const SUBMISSION = '/modules/inapp-actions/kyc/back-office/templates/kyc-submission';
const IMAGE_TYPES = new Set(['jpeg', 'png', 'webp']);
const notFound = () => new ScreenException(404, 'errors.notFound', { code: 'NOT_FOUND' });

/**
 * KYC review as pages (issue #19): the queue, a submission with an inline viewer, approve or reject with a reason,
 * on KycSubmissions.review (the audit names the person). The viewer shows each file from our origin in an `<img>`
 * (images) or an `<iframe sandbox>` (PDF); the file itself answers with `Content-Security-Policy: sandbox;
 * default-src 'none'` and nosniff under the type recognised from its content at upload, so a hostile file can
 * neither run script nor be read as another type; the page's own CSP allows frames from our origin only.
 */
@Controller('back-office/brokers/:brokerName/kyc')
export class KycPagesController {
  constructor(
    private readonly submissions: KycSubmissions,
    private readonly store: KycDocumentStore,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
    @InjectRepository(TraderUser) private readonly traders: Repository<TraderUser>,
    private readonly pages: BackOfficeRenderer,
    private readonly flash: BackOfficeFlash,
  ) {}

  @Get()
  @BackOfficePage('read', ModuleKey.InappActions)
  async queue(@BackOfficeBroker() broker: BrokerContext, @Query('status') statusParam: unknown, @Res() reply: FastifyReply) {
    const status = statusParam === 'all' ? undefined : (KYC_SUBMISSION_STATUSES.find((s) => s === statusParam) ?? 'pending');
    const qb = this.submissions
      .submissionsOf(broker.brokerName)
      .queryBuilder('s')
      .orderBy('s.createdAt', status === 'pending' ? 'ASC' : 'DESC')
      .addOrderBy('s.id', 'ASC')
      .take(200);
    if (status) qb.andWhere('s.status = :status', { status });
    const rows = await qb.getMany();
    const emails = await this.emailsOf(broker, rows);
    const base = this.base(broker);
    return this.pages.render(
      reply,
      QUEUE,
      {
        status: status ?? 'all',
        statuses: KYC_SUBMISSION_STATUSES,
        listAction: this.pages.href(base),
        rows: rows.map((s) => ({ ...s, traderEmail: emails.get(s.userId) ?? null, href: this.pages.href(`${base}/${s.id}`) })),
      },
      'backOffice.kyc.title',
    );
  }

  @Get(':id')
  @BackOfficePage('read', ModuleKey.InappActions)
  async submission(@BackOffice() bo: BackOfficeSession, @BackOfficeBroker() broker: BrokerContext, @Param('id') id: string, @Res() reply: FastifyReply) {
    const s = await this.find(broker, id);
    const documents = await this.submissions.documentsFor(broker.brokerName, s.id);
    const emails = await this.emailsOf(broker, [s]);
    const reviewer = s.reviewedBy?.startsWith('staff:') ? ((await this.staff.find(s.reviewedBy.slice('staff:'.length)))?.email ?? s.reviewedBy) : s.reviewedBy;
    const mayReview = mayAdminister({ ...bo.principal, brokers: brokersWith(bo.principal.grants, 'kyc.review') }, broker.brokerName);
    const base = this.base(broker);
    return this.pages.render(
      reply,
      SUBMISSION,
      {
        s: { ...s, traderEmail: emails.get(s.userId) ?? null, reviewer },
        documents: documents.map((d) => ({
          id: d.id,
          originalName: d.originalName,
          fileType: d.fileType,
          sizeBytes: d.sizeBytes,
          sha256: d.sha256,
          image: IMAGE_TYPES.has(d.fileType),
          src: this.pages.href(`${base}/documents/${d.id}/file`),
          downloadHref: this.pages.href(`${base}/documents/${d.id}/file?download=1`),
        })),
        mayReview: mayReview && s.status === 'pending',
        approveAction: this.pages.href(`${base}/${s.id}/approve`),
        rejectAction: this.pages.href(`${base}/${s.id}/reject`),
        queueHref: this.pages.href(base),
      },
      'backOffice.kyc.submissionTitle',
      { frameSelf: true },
    );
  }

  @Get('documents/:id/file')
  @BackOfficePage('read', ModuleKey.InappActions)
  async file(
    @BackOffice() bo: BackOfficeSession,
    @BackOfficeBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Query('download') download: unknown,
    @Req() req: BackOfficeRequest,
    @Res() reply: FastifyReply,
  ) {
    const doc = isUuid(id) ? await this.submissions.documentsOf(broker.brokerName).findOneBy({ id: id.toLowerCase() }) : null;
    if (!doc) throw notFound();
    const stream = this.store.read(broker.brokerName, broker.config.kyc, doc.storedName);
    try {
      await once(stream, 'open');
    } catch {
      throw notFound();
    }
    const attachment = download === '1';
    await this.audit.record({
      brokerName: broker.brokerName,
      category: 'admin',
      action: attachment ? 'kyc.document.download' : 'kyc.document.view',
      actor: bo.principal.actor,
      target: `kycDocument:${doc.id}`,
      details: { submissionId: doc.submissionId, fileType: doc.fileType, sizeBytes: doc.sizeBytes },
      requestId: req.id,
    });
    const ext = doc.fileType === 'jpeg' ? 'jpg' : doc.fileType;
    return (
      reply
        .status(200)
        .header('content-type', mediaTypeOf(doc.fileType as KycFileType))
        .header('content-length', String(doc.sizeBytes))
        // Our own name, never the trader's (not trusted in a header).
        .header('content-disposition', `${attachment ? 'attachment' : 'inline'}; filename="kyc-${doc.id}.${ext}"`)
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'same-origin')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .send(stream)
    );
  }

  @Post(':id/approve')
  @BackOfficePage('kyc.review', ModuleKey.InappActions)
  async approve(
    @BackOffice() bo: BackOfficeSession,
    @BackOfficeBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: BackOfficeRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.decide(bo, broker, id, 'approve', undefined, req, reply);
  }

  @Post(':id/reject')
  @BackOfficePage('kyc.review', ModuleKey.InappActions)
  async reject(
    @BackOffice() bo: BackOfficeSession,
    @BackOfficeBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: BackOfficeRequest,
    @Res() reply: FastifyReply,
  ) {
    const reason = formField(body, 'reason').trim().slice(0, 500);
    if (!reason) throw new ScreenException(400, 'backOffice.errors.reasonRequired', { code: 'INVALID_REQUEST' });
    return this.decide(bo, broker, id, 'reject', reason, req, reply);
  }

  private async decide(
    bo: BackOfficeSession,
    broker: BrokerContext,
    id: string,
    decision: 'approve' | 'reject',
    reason: string | undefined,
    req: BackOfficeRequest,
    reply: FastifyReply,
  ): Promise<never> {
    if (!isUuid(id)) throw notFound();
    const outcome = await this.submissions.review({
      brokerName: broker.brokerName,
      submissionId: id.toLowerCase(),
      decision,
      reason,
      actor: bo.principal.actor,
      requestId: req.id,
    });
    if (!outcome.ok && outcome.reason === 'notFound') throw notFound();
    if (!outcome.ok) throw new ScreenException(409, 'backOffice.errors.conflict', { code: 'CONFLICT' });
    this.flash.set(req, reply, { tone: 'success', key: decision === 'approve' ? 'backOffice.kyc.approved' : 'backOffice.kyc.rejected' });
    throw new BackOfficeRedirect(this.pages.href(this.base(broker)));
  }

  private base(broker: BrokerContext): string {
    return `/back-office/brokers/${encodeURIComponent(broker.brokerName)}/kyc`;
  }

  private async find(broker: BrokerContext, id: string): Promise<KycSubmission> {
    const s = isUuid(id) ? await this.submissions.submissionsOf(broker.brokerName).findOneBy({ id: id.toLowerCase() }) : null;
    if (!s) throw notFound();
    return s;
  }

  private async emailsOf(broker: BrokerContext, rows: KycSubmission[]): Promise<Map<number, string>> {
    const ids = [...new Set(rows.map((r) => r.userId))];
    const map = new Map<number, string>();
    for (const id of ids) {
      const u = await this.traders.findOne({ where: { brokerName: broker.brokerName, id }, select: { id: true, email: true } });
      if (u) map.set(u.id, u.email);
    }
    return map;
  }
}

/** KYC's navigation entry and dashboard counter, and the pages' strings. */
@Injectable()
export class KycPagesRegistration implements OnModuleInit {
  constructor(
    private readonly submissions: KycSubmissions,
    private readonly translator: ScreenTranslator,
    private readonly nav: BackOfficeNav,
    private readonly counters: BackOfficeCounters,
  ) {}

  onModuleInit(): void {
    this.translator.addTranslations(KYC_PAGES_TRANSLATIONS);
    this.nav.add({ id: 'kyc', labelKey: 'backOffice.kyc.nav', href: '/back-office/brokers/:brokerName/kyc', module: ModuleKey.InappActions, order: 30 });
    this.counters.add({
      id: 'kyc.pending',
      labelKey: 'backOffice.kyc.counter',
      href: '/back-office/brokers/:brokerName/kyc?status=pending',
      module: ModuleKey.InappActions,
      order: 30,
      count: (broker) =>
        this.submissions
          .submissionsOf(broker.brokerName)
          .queryBuilder('s')
          .andWhere('s.status = :status', { status: 'pending' as KycSubmissionStatus })
          .getCount(),
    });
  }
}
