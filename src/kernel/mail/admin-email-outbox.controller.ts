import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AdminPrincipal, brokersWith } from '../admin-access/admin-principal';
import { AdminBrokerRoute, CurrentAdmin, CurrentAdminBroker } from '../admin-access/admin-route.decorator';
import type { BrokerContext } from '../broker-identification/broker-context';
import { redactQuery } from '../../lib/redaction/url-credentials';
import { AuditService } from '../audit/audit.service';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { EmailMessageDto, EmailOutboxQueryDto } from './dto/admin-email.dto';
import { EmailMessage } from './email-message.entity';
import { REDACTED_SECRET } from './mail.service';
import { ApiTag } from '../openapi';

/**
 * The email outbox in the admin console: in demo mode (`mail.transport: outbox`) this is where mail "arrives".
 * Bodies are shown redacted (issue #17): single-use links and codes are `[redacted]`, so no admin key — a
 * read-only one least of all — can take over an account by reading a reset or confirmation mail.
 * `reveal=true` (write key, audited) shows the real bodies of outbox-transport messages only: the demo's and the
 * conformance kit's way to follow a link; the outbox transport is refused in production, so there it reveals nothing.
 */
@ApiTags(ApiTag.Mail)
@Controller('admin/brokers/:brokerName/email-outbox')
export class AdminEmailOutboxController {
  constructor(
    @InjectRepository(EmailMessage) private readonly messages: Repository<EmailMessage>,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @AdminBrokerRoute('read')
  @ApiOperation({ summary: "The broker's emails, newest first, single-use links and codes redacted; filter by to, template, state" })
  @ApiOkResponse({ type: [EmailMessageDto] })
  async list(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Query() q: EmailOutboxQueryDto,
    @Req() req: { id: string },
  ): Promise<EmailMessageDto[]> {
    const reveal = q.reveal === 'true';
    // Revealing single-use secrets is an admin's act: only on the brokers where the caller is admin.
    const revealScope = brokersWith(admin.grants, 'admin.manage');
    if (reveal && revealScope !== '*' && !revealScope.includes(broker.brokerName))
      throw new ContractException(ErrorCode.AdminForbidden, 'reveal=true needs the admin role');
    const qb = this.messages
      .createQueryBuilder('m')
      .where('m.brokerName = :b', { b: broker.brokerName })
      .orderBy('m.id', 'DESC')
      .take(q.limit ?? 50);
    if (q.to) qb.andWhere('m.toAddress = :to', { to: q.to.trim().toLowerCase() });
    if (q.template) qb.andWhere('m.template = :template', { template: q.template });
    if (q.state) qb.andWhere('m.state = :state', { state: q.state });
    if (q.beforeId) qb.andWhere('m.id < :before', { before: q.beforeId });
    const rows = await qb.getMany();
    if (reveal) {
      const revealed = rows.filter((m) => m.transport === 'outbox' && m.textBody !== '').map((m) => m.id);
      await this.audit.record({
        brokerName: broker.brokerName,
        category: 'admin',
        action: 'mail.outbox.revealed',
        actor: admin.actor,
        details: { emailIds: revealed },
        requestId: req.id,
      });
    }
    return rows.map((m) => toDto(m, reveal && m.transport === 'outbox'));
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * What the API shows of a body: the copy rendered with the template's secret params redacted, and in any case
 * every credential-named query parameter of a link (`t=`, `token=`, `code=`) redacted too — for rows written
 * before the redacted copy existed and for a template that forgot to declare its secret.
 */
function shown(redactedCopy: string | null, body: string): string {
  return redactLinks(redactedCopy ?? body);
}

function redactLinks(text: string): string {
  return text.replace(
    /(https?:\/\/[^\s"'<>?]*\?)([^\s"'<>#]*)/gi,
    (_m, head: string, query: string) =>
      head + redactQuery(query.replace(/&amp;/g, '&'), REDACTED_SECRET).replace(/&/g, query.includes('&amp;') ? '&amp;' : '&'),
  );
}

function toDto(m: EmailMessage, reveal: boolean): EmailMessageDto {
  return {
    id: m.id,
    brokerName: m.brokerName,
    to: m.toAddress,
    from: m.fromAddress,
    subject: m.subject,
    text: reveal ? m.textBody : shown(m.redactedTextBody, m.textBody),
    html: reveal ? m.htmlBody : shown(m.redactedHtmlBody, m.htmlBody),
    template: m.template,
    language: m.language,
    transport: m.transport,
    state: m.state,
    messageId: m.messageId,
    lastError: m.lastError,
    createdAt: iso(m.createdAt)!,
    deliveredAt: iso(m.deliveredAt),
  };
}
