import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminEmailOutboxController } from './admin-email-outbox.controller';
import { EmailBacklogMetric } from './email-backlog.metric';
import { EmailMessage } from './email-message.entity';
import { MailSendJobHandler } from './mail-send.job-handler';
import { MailTemplates } from './mail-templates';
import { MailService } from './mail.service';
import { SmtpTransport } from './smtp-transport';

/** Outgoing email for every module: templates, the outbox table, the delivery job and its admin view. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([EmailMessage])],
  controllers: [AdminEmailOutboxController],
  providers: [MailTemplates, MailService, SmtpTransport, MailSendJobHandler, EmailBacklogMetric],
  exports: [MailTemplates, MailService],
})
export class MailModule {}
