import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the relay said: a permanent refusal (5xx) is not retried, anything else is. */
export class SmtpRefusedError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmtpRefusedError';
  }
}

/** nodemailer's SMTP transport, built once from config (`mail.smtp`). */
@Injectable()
export class SmtpTransport implements OnApplicationShutdown {
  private transporter?: Transporter;

  constructor(private readonly config: AppConfig) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    try {
      const info = await this.get().sendMail(mail);
      return { messageId: String(info.messageId ?? '') };
    } catch (e) {
      const err = e as { responseCode?: number; code?: string; message?: string };
      // 5xx: the relay refused this message for good (bad recipient, policy); 4xx and network errors: try later.
      const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600;
      throw new SmtpRefusedError(`${err.code ?? 'SMTP'} ${err.responseCode ?? ''} ${(err.message ?? '').slice(0, 300)}`.trim(), permanent);
    }
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }

  private get(): Transporter {
    const smtp = this.config.mail.smtp;
    if (!smtp) throw new SmtpRefusedError('mail.smtp is not configured', true);
    this.transporter ??= nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.smtpPassword ?? '' } : undefined,
      connectionTimeout: smtp.timeoutMs,
      greetingTimeout: smtp.timeoutMs,
      socketTimeout: smtp.timeoutMs,
      // Production mode never sends credentials or links over a relay whose certificate does not verify.
      tls: { rejectUnauthorized: this.config.server.production },
    });
    return this.transporter;
  }
}
