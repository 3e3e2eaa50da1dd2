import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BrokerContext } from '../../../kernel/broker-identification';
import { UnitOfWork } from '../../../kernel/database';
import { hashPassword } from '../../../lib/crypto/password-hash';
import { TraderUser, UserSecurity, UsersService } from '../../../kernel/users';
import { AccountTokenService } from './account-token.service';
import { SsoMail } from '../mail/sso-mail.service';
import { Clock } from '../../../kernel/clock';

const HOUR_MS = 60 * 60_000;

/**
 * Reset password (spec §2.2, conformance 6.3.9): a single-use emailed link (random, hashed at rest, TTL from
 * broker config), then a new password that revokes every access token and screen session of the user. Users
 * created by Light identity (no password) set their first one this way.
 */
@Injectable()
export class PasswordReset {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly tokens: AccountTokenService,
    private readonly mail: SsoMail,
    private readonly security: UserSecurity,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * Sends the link when the email belongs to an unlocked user who has not had `resetEmailsPerHour` links in the
   * last hour. Says nothing either way: the caller shows the same answer whatever happened (no enumeration).
   */
  async request(broker: BrokerContext, email: string): Promise<void> {
    const user = await this.users.findByEmail(broker.brokerName, email);
    if (!user || user.lockedAt !== null) return;
    const cfg = broker.config.fullSso;
    if ((await this.tokens.countSince(broker.brokerName, user.id, 'passwordReset', this.clock.now() - HOUR_MS)) >= cfg.resetEmailsPerHour) return;
    await this.uow.run((m) => this.sendLink(m, broker, user));
  }

  /**
   * Issues a single-use reset link and queues its mail in the caller's transaction, with no limit or lock check:
   * `request` applies those for the trader; support (SupportEmails) checks the lock and audits its own send.
   */
  async sendLink(m: EntityManager, broker: BrokerContext, user: TraderUser): ReturnType<SsoMail['passwordReset']> {
    const ttlMinutes = broker.config.fullSso.passwordResetTtlMinutes;
    const token = await this.tokens.issue(m, { brokerName: broker.brokerName, userId: user.id, purpose: 'passwordReset', ttlMinutes });
    return this.mail.passwordReset(broker, user, token, m);
  }

  /** Whether the link can still be used (to show the form or the "expired" page); does not consume it. */
  async usable(broker: BrokerContext, token: unknown): Promise<boolean> {
    return (await this.tokens.peek(broker.brokerName, token, 'passwordReset')) !== null;
  }

  /**
   * Consumes the link and sets the password in one transaction (a second use, concurrent or later, gets null),
   * then revokes the user's tokens and sessions. Returns the user, or null for an unusable link.
   */
  async complete(broker: BrokerContext, token: unknown, newPassword: string, requestId?: string): Promise<TraderUser | null> {
    const passwordHash = await hashPassword(newPassword);
    let user: TraderUser | null = null;
    const done = await this.security.setPassword(
      async (m) => {
        const consumed = await this.tokens.consume(m, broker.brokerName, token, 'passwordReset');
        if (!consumed) return null;
        await this.tokens.invalidateOthers(m, broker.brokerName, consumed.userId, 'passwordReset');
        user = await m.findOneBy(TraderUser, { id: consumed.userId, brokerName: broker.brokerName });
        return user && user.lockedAt === null ? user : null;
      },
      passwordHash,
      'reset',
      (u) => ({ actor: `user:${u.id}`, requestId }),
    );
    return done ? user : null;
  }
}
