import { Injectable } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification';
import { AuditService } from '../../../kernel/audit';
import { UnitOfWork } from '../../../kernel/database';
import { JobQueue } from '../../../kernel/jobs';
import { TraderUser, UsersService } from '../../../kernel/users';
import { AccountTokenService } from './account-token.service';
import { AccountToken } from '../entities/account-token.entity';
import { SsoMail } from '../mail/sso-mail.service';
import { CHANGE_EMAIL_JOB, ChangeEmailJobPayload } from '../jobs/change-email.job-handler';

/**
 * Change email (spec §2.2): a confirmation link goes to the NEW address; its confirmation enqueues, in the same
 * transaction, the durable job that tells cTrader (3.10) and then switches the address locally — so a cTrader
 * outage delays the change and never leaves the two sides disagreeing.
 */
@Injectable()
export class EmailChange {
  constructor(
    private readonly tokens: AccountTokenService,
    private readonly mail: SsoMail,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  /**
   * Sends the confirmation link — or, when another profile already uses the address, a notice to that profile's
   * owner instead: the screen answers the same either way (no enumeration), and no link to a taken address exists.
   */
  async request(broker: BrokerContext, user: TraderUser, newEmail: string): Promise<void> {
    const holder = await this.users.findByEmail(broker.brokerName, newEmail);
    if (holder && holder.id !== user.id) {
      await this.mail.emailInUse(broker, holder);
      return;
    }
    await this.uow.run(async (m) => {
      const token = await this.tokens.issue(m, {
        brokerName: broker.brokerName,
        userId: user.id,
        purpose: 'emailChange',
        ttlMinutes: broker.config.fullSso.emailChangeTtlMinutes,
        newEmail,
      });
      await this.mail.emailChange(broker, user, newEmail, token, m);
    });
  }

  /** The pending change behind a link, without consuming it (the confirm page shows the address). */
  pending(broker: BrokerContext, token: unknown): Promise<AccountToken | null> {
    return this.tokens.peek(broker.brokerName, token, 'emailChange');
  }

  /** Consumes the link and enqueues the change; false for an unusable link. */
  async confirm(broker: BrokerContext, token: unknown, requestId?: string): Promise<boolean> {
    return this.uow.run(async (m) => {
      const consumed = await this.tokens.consume(m, broker.brokerName, token, 'emailChange');
      if (!consumed?.newEmail) return false;
      await this.tokens.invalidateOthers(m, broker.brokerName, consumed.userId, 'emailChange');
      await this.jobs.enqueue<ChangeEmailJobPayload>(m, {
        brokerName: broker.brokerName,
        kind: CHANGE_EMAIL_JOB,
        payload: { userId: consumed.userId, newEmail: consumed.newEmail },
        idempotencyKey: `emailChange:${consumed.tokenHash}`,
      });
      await this.audit.record(
        {
          brokerName: broker.brokerName,
          category: 'security',
          action: 'user.email_change_confirmed',
          actor: `user:${consumed.userId}`,
          target: `user:${consumed.userId}`,
          requestId,
        },
        m,
      );
      return true;
    });
  }
}
