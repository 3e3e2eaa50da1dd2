import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JobContext, JobHandler } from '../jobs/job-handler';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { JobPermanentError } from '../jobs/job-permanent.error';
import { EmailMessage } from './email-message.entity';
import { MAIL_SEND_JOB, MailJobPayload } from './mail.service';
import { SmtpRefusedError, SmtpTransport } from './smtp-transport';
import { Clock } from '../clock';

/**
 * Delivers one queued email. The outbox transport just marks it stored (demo only: refused in production); SMTP
 * sends it and then erases the bodies, which may carry single-use links or codes. A temporary failure throws, so
 * the job retries with backoff; a permanent refusal (5xx), or a failure on the last attempt, marks the message
 * failed, erases the bodies too and ends the job.
 * Delivery is at-least-once: a worker that dies between the relay's OK and the UPDATE sends it again.
 */
@Injectable()
export class MailSendJobHandler implements JobHandler<MailJobPayload, { state: string }>, OnModuleInit {
  readonly kind = MAIL_SEND_JOB;
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly clock: Clock,
    private readonly registry: JobHandlerRegistry,
    private readonly smtp: SmtpTransport,
    @InjectRepository(EmailMessage) private readonly messages: Repository<EmailMessage>,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(payload: MailJobPayload, context: JobContext): Promise<{ state: string }> {
    const message = await this.messages.findOneBy({ id: Number(payload?.messageId), brokerName: context.brokerName });
    if (!message) throw new JobPermanentError('email message not found');
    if (message.state !== 'queued') return { state: message.state };
    if (message.transport === 'outbox') {
      await this.messages.update({ id: message.id }, { state: 'stored', deliveredAt: this.clock.now() });
      return { state: 'stored' };
    }
    try {
      const sent = await this.smtp.send({
        from: message.fromAddress,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody,
      });
      await this.messages.update(
        { id: message.id },
        { state: 'sent', messageId: sent.messageId.slice(0, 300), deliveredAt: this.clock.now(), textBody: '', htmlBody: '', lastError: null },
      );
      this.logger.log({ brokerName: message.brokerName, emailId: message.id, template: message.template }, 'email sent');
      return { state: 'sent' };
    } catch (e) {
      const error = e instanceof SmtpRefusedError ? e : new SmtpRefusedError((e as Error).message, false);
      // Dead either way (a permanent refusal, or the last attempt): the bodies go, they may hold single-use links.
      if (error.permanent || context.attempt >= context.maxAttempts) {
        await this.messages.update({ id: message.id }, { state: 'failed', lastError: error.message, textBody: '', htmlBody: '' });
        throw new JobPermanentError(`${error.permanent ? 'the relay refused the email' : 'the email could not be delivered'}: ${error.message}`, {
          state: 'failed',
        });
      }
      await this.messages.update({ id: message.id }, { lastError: error.message });
      throw error;
    }
  }
}
