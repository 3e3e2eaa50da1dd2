import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../kernel/audit';
import { BrokerContext } from '../../../kernel/broker-identification';
import { Clock } from '../../../kernel/clock';
import { UnitOfWork } from '../../../kernel/database';
import { DurableEvents } from '../../../kernel/events';
import { TraderUser } from '../../../kernel/users';
import { SsoMail } from '../mail/sso-mail.service';
import { AccountTokenService } from './account-token.service';
import { PasswordReset } from './password-reset.service';

export interface SupportActor {
  /** `admin:<keyId>` or `staff:<id>`. */
  actor: string;
  requestId: string;
}

export type SupportEmailOutcome = 'queued' | 'alreadyVerified' | 'locked';
export interface SupportEmailResult {
  outcome: SupportEmailOutcome;
  /** The queued message (outcome queued). */
  emailId?: number;
}

/**
 * The emails support sends again for a trader (issue #19, role `support`): a link that confirms the profile's email
 * address, and a password-reset link. Each is the same single-use link (AccountTokenService) and the same outbox
 * mail (SsoMail) as the trader's own flows, queued with its audit event in one transaction. The trader's
 * per-hour limit on reset links is not applied: a person asked, and the audit log says who.
 */
@Injectable()
export class SupportEmails {
  constructor(
    private readonly clock: Clock,
    private readonly tokens: AccountTokenService,
    private readonly mail: SsoMail,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly durable: DurableEvents,
    private readonly passwordReset: PasswordReset,
  ) {}

  async sendVerification(broker: BrokerContext, user: TraderUser, by: SupportActor): Promise<SupportEmailResult> {
    if (user.emailVerifiedAt !== null) return { outcome: 'alreadyVerified' };
    const emailId = await this.uow.run(async (m) => {
      const token = await this.tokens.issue(m, {
        brokerName: broker.brokerName,
        userId: user.id,
        purpose: 'emailVerify',
        ttlMinutes: broker.config.fullSso.emailChangeTtlMinutes,
        // The link proves the address it was sent to, and only that one: if the profile's email changes before the
        // click, the link verifies nothing.
        newEmail: user.email,
      });
      const message = await this.mail.emailVerify(broker, user, token, m);
      await this.record(m, broker, user, 'user.email_verification_sent', by, message.id);
      return message.id;
    });
    return { outcome: 'queued', emailId };
  }

  async sendPasswordReset(broker: BrokerContext, user: TraderUser, by: SupportActor): Promise<SupportEmailResult> {
    // A locked profile cannot use the link (PasswordReset.complete refuses it): unlock first.
    if (user.lockedAt !== null) return { outcome: 'locked' };
    const emailId = await this.uow.run(async (m) => {
      const message = await this.passwordReset.sendLink(m, broker, user);
      await this.record(m, broker, user, 'user.password_reset_sent', by, message.id);
      return message.id;
    });
    return { outcome: 'queued', emailId };
  }

  /** The address an unused, unexpired verification link is for; null for any other link, or once the profile's address changed. */
  async pendingVerification(broker: BrokerContext, token: unknown): Promise<string | null> {
    const row = await this.tokens.peek(broker.brokerName, token, 'emailVerify');
    if (!row) return null;
    const user = await this.uow.run((m) => m.findOneBy(TraderUser, { id: row.userId, brokerName: broker.brokerName }));
    return user && user.email === row.newEmail ? user.email : null;
  }

  /** Consumes the link and marks the address verified (once; `user.emailVerified` is emitted then). False for an unusable link. */
  async confirmVerification(broker: BrokerContext, token: unknown, requestId: string): Promise<boolean> {
    return this.uow.run(async (m) => {
      const consumed = await this.tokens.consume(m, broker.brokerName, token, 'emailVerify');
      if (!consumed) return false;
      const user = await m.findOneBy(TraderUser, { id: consumed.userId, brokerName: broker.brokerName });
      if (!user || user.email !== consumed.newEmail) return false;
      if (user.emailVerifiedAt === null) {
        const now = this.clock.now();
        await m.update(TraderUser, { id: user.id, brokerName: broker.brokerName }, { emailVerifiedAt: now, updatedAt: now });
        await this.durable.emitInTransaction(m, 'user.emailVerified', { brokerName: broker.brokerName, userId: user.id });
        await this.audit.record(
          {
            brokerName: broker.brokerName,
            category: 'security',
            action: 'user.email_verified',
            actor: `user:${user.id}`,
            target: `user:${user.id}`,
            requestId,
          },
          m,
        );
      }
      return true;
    });
  }

  private record(
    m: Parameters<AuditService['record']>[1],
    broker: BrokerContext,
    user: TraderUser,
    action: string,
    by: SupportActor,
    emailId: number,
  ): Promise<void> {
    return this.audit.record(
      { brokerName: broker.brokerName, category: 'admin', action, actor: by.actor, target: `user:${user.id}`, details: { emailId }, requestId: by.requestId },
      m,
    );
  }
}
