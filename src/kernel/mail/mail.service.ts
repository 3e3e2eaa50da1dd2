import { resolveLocalizedText } from '../../config/localized-text';
import { resolveScreenLanguage } from '../screens/i18n/screen-languages';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { BrokerRegistry } from '../broker-identification/broker-registry.service';
import { placeholder } from '../database/sql-dialect';
import { UnitOfWork } from '../database/unit-of-work';
import { JobQueue } from '../jobs/job-queue.service';
import { EmailMessage } from './email-message.entity';
import { MailTemplates } from './mail-templates';
import { Clock } from '../clock';

export const MAIL_SEND_JOB = 'mail.send';

/** What the admin API shows in place of a single-use secret of a message. */
export const REDACTED_SECRET = '[redacted]';

export interface MailRequest {
  brokerName: string;
  to: string;
  /** A registered template (`sso.welcome`). */
  template: string;
  /** The recipient's preferred language (unsupported → English). */
  language: string;
  params?: Record<string, unknown>;
  /**
   * Makes the send idempotent (per broker): the same key never sends twice, e.g. `welcome:<userId>`.
   * Default: one per message.
   */
  idempotencyKey?: string;
}

export interface MailJobPayload {
  messageId: number;
}

/**
 * Email for every module: renders the template in the recipient's language, writes the message and a
 * `mail.send` job in one transaction (the caller's, when given), and the job delivers it (outbox or SMTP) with
 * retries — so a relay outage delays mail and loses none.
 */
@Injectable()
export class MailService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly brokers: BrokerRegistry,
    private readonly templates: MailTemplates,
    private readonly jobs: JobQueue,
    private readonly uow: UnitOfWork,
  ) {}

  /** Queues one email. With `manager`, it commits (or not) with the caller's transaction. */
  async queue(request: MailRequest, manager?: EntityManager): Promise<EmailMessage> {
    if (!manager) return this.uow.run((m) => this.queue(request, m));
    const broker = this.brokers.findByName(request.brokerName);
    if (!broker) throw new Error(`unknown broker ${request.brokerName}`);
    const b = broker.config.branding;
    const lang = resolveScreenLanguage(request.language, b.defaultLanguage);
    const brand = {
      name: b.name,
      legalEntity: resolveLocalizedText(b.legalEntity, lang, b.defaultLanguage),
      jurisdiction: resolveLocalizedText(b.jurisdiction, lang, b.defaultLanguage),
    };
    const params = request.params ?? {};
    const rendered = this.templates.render(request.template, lang, brand, params);
    // The admin API's copy: the same message with each single-use secret (link, code) replaced (issue #17).
    const secrets = this.templates.secretParamsOf(request.template).filter((p) => p in params);
    const redacted = this.templates.render(request.template, lang, brand, { ...params, ...Object.fromEntries(secrets.map((p) => [p, REDACTED_SECRET])) });
    const from = `"${b.name.replace(/["\\\r\n]/g, '')}" <${this.config.mail.from}>`;
    const row = manager.getRepository(EmailMessage).create({
      brokerName: request.brokerName,
      toAddress: request.to,
      fromAddress: from,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      redactedTextBody: redacted.text,
      redactedHtmlBody: redacted.html,
      template: request.template,
      language: rendered.language,
      transport: this.config.mail.transport,
      state: 'queued',
      messageId: null,
      lastError: null,
      createdAt: this.clock.now(),
      deliveredAt: null,
    });
    if (request.idempotencyKey) {
      // Same intent twice (a retried signup step, a double click): the existing job wins, no second row.
      const p = placeholder(this.ds);
      const existing: unknown[] = await manager.query(`SELECT 1 FROM "job" WHERE "brokerName" = ${p(1)} AND "kind" = ${p(2)} AND "idempotencyKey" = ${p(3)}`, [
        request.brokerName,
        MAIL_SEND_JOB,
        request.idempotencyKey,
      ]);
      if (existing.length) return row;
    }
    await manager.getRepository(EmailMessage).insert(row);
    await this.jobs.enqueue<MailJobPayload>(manager, {
      brokerName: request.brokerName,
      kind: MAIL_SEND_JOB,
      payload: { messageId: row.id },
      idempotencyKey: request.idempotencyKey ?? `message:${row.id}`,
    });
    return row;
  }
}
