import { once } from 'node:events';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminBrokerRoute, AdminPrincipal, CurrentAdmin } from '../../../../kernel/admin-access';
import { AuditService } from '../../../../kernel/audit';
import { ModuleKey } from '../../../../config/module-key';
import { BrokerRegistry } from '../../../../kernel/broker-identification';
import { ContractException, ErrorBody, ErrorCode } from '../../../../kernel/errors';
import type { KycConfig, KycFileType } from '../../../../config/kyc-config';
import { KycDocument } from '../entities/kyc-document.entity';
import { KycSubmission } from '../entities/kyc-submission.entity';
import { KycDocumentStore } from '../services/kyc-document-store.service';
import { mediaTypeOf } from '../domain/kyc-file-sniffer';
import { KycSubmissions } from '../services/kyc-submissions.service';
import { KycDocumentDto, KycReviewDto, KycSubmissionDto, KycSubmissionQueryDto } from './admin-kyc.dto';
import { ApiTag } from '../../../../kernel/openapi';
import { isUuid } from '../../../../lib/ids/uuid';

const notFound = (what: string) => new ContractException(ErrorCode.NotFound, `No such ${what}`);

/**
 * KYC in the admin console: list and inspect submissions, approve/reject (with a reason the trader sees), and
 * download a document. The broker is in the path, so AdminBrokerRoute refuses brokers the key does not administer,
 * unknown brokers and brokers without in-app actions (404 MODULE_DISABLED);
 * reviews and downloads are audited.
 */
@ApiTags(ApiTag.InappActions)
@Controller('admin/brokers/:brokerName/kyc')
export class AdminKycController {
  constructor(
    private readonly submissions: KycSubmissions,
    private readonly store: KycDocumentStore,
    private readonly audit: AuditService,
    private readonly brokers: BrokerRegistry,
  ) {}

  @Get('submissions')
  @AdminBrokerRoute('read', ModuleKey.InappActions)
  @ApiOperation({ summary: 'KYC submissions of a broker, newest first; filter by status, userId' })
  @ApiOkResponse({ type: [KycSubmissionDto] })
  async list(@Param('brokerName') brokerName: string, @Query() q: KycSubmissionQueryDto): Promise<KycSubmissionDto[]> {
    const qb = this.submissions
      .submissionsOf(brokerName)
      .queryBuilder('s')
      .orderBy('s.createdAt', 'DESC')
      .addOrderBy('s.id', 'ASC')
      .take(q.limit ?? 50);
    if (q.status) qb.andWhere('s.status = :status', { status: q.status });
    if (q.userId) qb.andWhere('s.userId = :userId', { userId: q.userId });
    if (q.createdBefore !== undefined) qb.andWhere('s.createdAt < :before', { before: q.createdBefore });
    const rows = await qb.getMany();
    return Promise.all(rows.map(async (s) => toDto(s, await this.submissions.documentsFor(brokerName, s.id))));
  }

  @Get('submissions/:id')
  @AdminBrokerRoute('read', ModuleKey.InappActions)
  @ApiOperation({ summary: 'One KYC submission with its documents' })
  @ApiOkResponse({ type: KycSubmissionDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND' })
  async get(@Param('brokerName') brokerName: string, @Param('id') id: string): Promise<KycSubmissionDto> {
    const s = isUuid(id) ? await this.submissions.submissionsOf(brokerName).findOneBy({ id }) : null;
    if (!s) throw notFound('KYC submission');
    return toDto(s, await this.submissions.documentsFor(brokerName, s.id));
  }

  @Post('submissions/:id/review')
  @HttpCode(200)
  @AdminBrokerRoute('kyc.review', ModuleKey.InappActions)
  @ApiOperation({ summary: 'Approve or reject a pending submission (a reason is required to reject); emits kyc.statusChanged' })
  @ApiOkResponse({ type: KycSubmissionDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND' })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the submission was already reviewed' })
  async review(
    @CurrentAdmin() admin: AdminPrincipal,
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @Body() body: KycReviewDto,
    @Req() req: { id: string },
  ): Promise<KycSubmissionDto> {
    if (!isUuid(id)) throw notFound('KYC submission');
    const outcome = await this.submissions.review({
      brokerName,
      submissionId: id,
      decision: body.decision,
      reason: body.reason,
      actor: admin.actor,
      requestId: req.id,
    });
    if (!outcome.ok) {
      if (outcome.reason === 'notFound') throw notFound('KYC submission');
      throw new ContractException(ErrorCode.Conflict, `Submission is already ${outcome.submission?.status}; only a pending one can be reviewed`);
    }
    return toDto(outcome.submission, await this.submissions.documentsFor(brokerName, id));
  }

  @Get('documents/:id/content')
  @AdminBrokerRoute('read', ModuleKey.InappActions)
  @ApiOperation({ summary: 'Download one KYC document (as an attachment; every download is audited)' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'image/webp')
  @ApiResponse({ status: 200, description: 'the file' })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND (also when the file is missing from storage)' })
  async download(
    @CurrentAdmin() admin: AdminPrincipal,
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @Req() req: { id: string },
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const kyc = this.kycOf(brokerName);
    const doc = isUuid(id) ? await this.submissions.documentsOf(brokerName).findOneBy({ id }) : null;
    if (!doc) throw notFound('KYC document');
    const stream = this.store.read(brokerName, kyc, doc.storedName);
    try {
      await once(stream, 'open');
    } catch {
      throw notFound('KYC document file');
    }
    await this.audit.record({
      brokerName,
      category: 'admin',
      action: 'kyc.document.download',
      actor: admin.actor,
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
        // Always a download, under our own name: the trader's file name is not trusted in a header.
        .header('content-disposition', `attachment; filename="kyc-${doc.id}.${ext}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'no-store')
        .send(stream)
    );
  }

  /** The broker exists and has the module (AdminBrokerRoute checked both before the handler ran). */
  private kycOf(brokerName: string): KycConfig {
    return this.brokers.findByName(brokerName)!.config.kyc;
  }
}

function toDto(s: KycSubmission, documents: KycDocument[]): KycSubmissionDto {
  return {
    id: s.id,
    brokerName: s.brokerName,
    userId: s.userId,
    accountLogin: s.accountLogin,
    documentType: s.documentType,
    status: s.status,
    reviewReason: s.reviewReason,
    reviewedBy: s.reviewedBy,
    reviewedAt: s.reviewedAt !== null ? new Date(s.reviewedAt).toISOString() : null,
    createdAt: new Date(s.createdAt).toISOString(),
    documents: documents.map((d): KycDocumentDto => ({
      id: d.id,
      originalName: d.originalName,
      fileType: d.fileType,
      sizeBytes: d.sizeBytes,
      sha256: d.sha256,
      createdAt: new Date(d.createdAt).toISOString(),
    })),
  };
}
