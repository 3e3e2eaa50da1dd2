import { Secret } from './secret';
import { NumberFromText, BooleanFromText } from './from-env-text';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';

/** An SMTP relay (nodemailer). The password is a secret reference (`smtpPassword: { env: SMTP_PASSWORD }`). */
export class SmtpConfig {
  @IsString() @MinLength(1) host: string;
  @NumberFromText() @IsInt() @Min(1) @Max(65535) port = 587;
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  @BooleanFromText() @IsBoolean() secure = false;
  @IsOptional() @IsString() user?: string;
  /** Resolved from a secret reference. */
  @Secret() @IsOptional() @IsString() smtpPassword?: string;
  @NumberFromText() @IsInt() @Min(100) @Max(120_000) timeoutMs = 10_000;
}

/**
 * Outgoing email (welcome, reset password, email change). `outbox` (the demo) stores every message in the
 * `email_outbox` table, readable through `GET /admin/brokers/{brokerName}/email-outbox`, and sends nothing; `smtp` sends through the
 * relay. Either way a message is written first and delivered by a durable job, so an SMTP outage only delays it.
 */
export class MailConfig {
  @IsIn(['outbox', 'smtp']) transport: 'outbox' | 'smtp' = 'outbox';
  /** The sender address; the display name is the broker's branding name. */
  @IsEmail({ require_tld: false }) from = 'no-reply@example.com';
  @ValidateIf((m: MailConfig) => m.transport === 'smtp')
  @IsDefined({ message: 'mail.smtp (host, port, …) is needed when mail.transport is smtp' })
  @ValidateNested()
  @Type(() => SmtpConfig)
  smtp?: SmtpConfig;
}
