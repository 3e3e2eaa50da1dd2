import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AdminPrincipal } from '../../admin/auth/admin-principal';
import { AdminRoute, CurrentAdmin } from '../../admin/auth/admin-route.decorator';
import { EmailMessageDto, EmailOutboxQueryDto } from './dto/admin-email.dto';
import { EmailMessage } from './email-message.entity';

/** The email outbox in the admin console: in demo mode (`mail.transport: outbox`) this is where mail "arrives". */
@ApiTags('admin')
@Controller('admin/email-outbox')
export class AdminEmailOutboxController {
  constructor(@InjectRepository(EmailMessage) private readonly messages: Repository<EmailMessage>) {}

  @Get()
  @AdminRoute('read')
  @ApiOperation({ summary: "Emails of the key's brokers, newest first; filter by brokerName, to, template, state" })
  @ApiOkResponse({ type: [EmailMessageDto] })
  async list(@CurrentAdmin() admin: AdminPrincipal, @Query() q: EmailOutboxQueryDto): Promise<EmailMessageDto[]> {
    const qb = this.messages.createQueryBuilder('m').orderBy('m.id', 'DESC').take(q.limit ?? 50);
    if (admin.brokers !== '*') qb.andWhere('m.brokerName IN (:...brokers)', { brokers: admin.brokers.length ? admin.brokers : ['\u0000'] });
    if (q.brokerName) qb.andWhere('m.brokerName = :b', { b: q.brokerName });
    if (q.to) qb.andWhere('m.toAddress = :to', { to: q.to.trim().toLowerCase() });
    if (q.template) qb.andWhere('m.template = :template', { template: q.template });
    if (q.state) qb.andWhere('m.state = :state', { state: q.state });
    if (q.beforeId) qb.andWhere('m.id < :before', { before: q.beforeId });
    return (await qb.getMany()).map(toDto);
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toDto(m: EmailMessage): EmailMessageDto {
  return {
    id: m.id,
    brokerName: m.brokerName,
    to: m.toAddress,
    from: m.fromAddress,
    subject: m.subject,
    text: m.textBody,
    html: m.htmlBody,
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
