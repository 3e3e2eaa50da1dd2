import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../database/unit-of-work';
import { DomainEvents } from '../events/domain-events';
import { DurableEvents } from '../events/durable-events';
import { ScreenSessionService } from '../screens/sessions/screen-session.service';
import { AccessTokenService } from '../tokens/access-token.service';
import { LoginDevice } from './login-device.entity';
import { TraderUser } from './trader-user.entity';
import { UsersService } from './users.service';
import { Clock } from '../clock';

export interface SecurityActor {
  /** `user:<id>`, `admin:<keyId>`, … */
  actor: string;
  requestId?: string | null;
}

/**
 * What changes a trader's credentials or standing: new password, admin lock/unlock, revoke tokens. Each revokes
 * what must no longer work (access and inapp tokens, screen sessions) and leaves an audit event.
 */
@Injectable()
export class UserSecurity {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokenService,
    private readonly sessions: ScreenSessionService,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly durable: DurableEvents,
  ) {}

  /**
   * Sets a new password hash (reset or change), clears any login lockout, revokes every access/inapp token and
   * every screen session of the user except `keepSessionId` (the one the user is changing it from). `target`
   * may be a loader run inside the same transaction (e.g. consuming a reset link): null aborts the change.
   * Returns whether the password was set.
   */
  async setPassword(
    target: TraderUser | ((m: EntityManager) => Promise<TraderUser | null>),
    passwordHash: string,
    how: 'reset' | 'change',
    by: SecurityActor | ((user: TraderUser) => SecurityActor),
    keepSessionId?: string,
  ): Promise<boolean> {
    const user = await this.uow.run(async (m) => {
      const u = typeof target === 'function' ? await target(m) : target;
      if (!u) return null;
      const actor = typeof by === 'function' ? by(u) : by;
      // A used reset link proves the address too (flows §2.3 "Email ownership"): a profile from before the code step can then adopt its cTID.
      const proven = how === 'reset' && u.emailVerifiedAt === null ? { emailVerifiedAt: this.clock.now() } : {};
      await m.update(
        TraderUser,
        { id: u.id, brokerName: u.brokerName },
        { passwordHash, failedLoginCount: 0, loginLockedUntil: null, ...proven, updatedAt: this.clock.now() },
      );
      await m.delete(LoginDevice, { brokerName: u.brokerName, userId: u.id });
      if (proven.emailVerifiedAt) await this.durable.emitInTransaction(m, 'user.emailVerified', { brokerName: u.brokerName, userId: u.id });
      const n = await this.accessTokens.revokeAllForUser(u.brokerName, u.id, m);
      await this.audit.record(
        {
          brokerName: u.brokerName,
          category: 'security',
          action: how === 'reset' ? 'user.password_reset' : 'user.password_changed',
          actor: actor.actor,
          target: `user:${u.id}`,
          details: { revokedAccessTokens: n, hadPassword: u.passwordHash !== null },
          requestId: actor.requestId ?? null,
        },
        m,
      );
      return u;
    });
    if (!user) return false;
    await this.sessions.revokeAllForUser(user.brokerName, user.id, keepSessionId);
    return true;
  }

  /** Admin lock: every login and token check fails; tokens and sessions end now. */
  async lock(user: TraderUser, by: SecurityActor): Promise<number> {
    const revoked = await this.uow.run(async (m) => {
      await m.update(TraderUser, { id: user.id, brokerName: user.brokerName }, { lockedAt: this.clock.now(), updatedAt: this.clock.now() });
      const n = await this.accessTokens.revokeAllForUser(user.brokerName, user.id, m);
      await this.audit.record(
        {
          brokerName: user.brokerName,
          category: 'admin',
          action: 'user.lock',
          actor: by.actor,
          target: `user:${user.id}`,
          details: { revokedAccessTokens: n },
          requestId: by.requestId ?? null,
        },
        m,
      );
      await this.durable.emitInTransaction(m, 'user.locked', { brokerName: user.brokerName, userId: user.id });
      return n;
    });
    await this.events.emit('user.tokensRevoked', { brokerName: user.brokerName, userId: user.id, reason: 'locked' });
    return revoked;
  }

  /** Admin unlock: lifts the admin lock and any brute-force lockout (the account's and its devices'). */
  async unlock(user: TraderUser, by: SecurityActor): Promise<void> {
    await this.uow.run(async (m) => {
      await m.update(
        TraderUser,
        { id: user.id, brokerName: user.brokerName },
        { lockedAt: null, loginLockedUntil: null, failedLoginCount: 0, updatedAt: this.clock.now() },
      );
      const devices = await m.delete(LoginDevice, { brokerName: user.brokerName, userId: user.id });
      await this.audit.record(
        {
          brokerName: user.brokerName,
          category: 'admin',
          action: 'user.unlock',
          actor: by.actor,
          target: `user:${user.id}`,
          details: {
            wasLocked: user.lockedAt !== null,
            wasLockedOut: user.loginLockedUntil !== null && user.loginLockedUntil > this.clock.now(),
            deviceStatesCleared: devices.affected ?? 0,
          },
          requestId: by.requestId ?? null,
        },
        m,
      );
      await this.durable.emitInTransaction(m, 'user.unlocked', { brokerName: user.brokerName, userId: user.id });
    });
  }

  /** Admin "log out everywhere": every access/inapp token and screen session. */
  async revokeTokens(user: TraderUser, by: SecurityActor): Promise<number> {
    const revoked = await this.uow.run(async (m) => {
      const n = await this.accessTokens.revokeAllForUser(user.brokerName, user.id, m);
      await this.audit.record(
        {
          brokerName: user.brokerName,
          category: 'admin',
          action: 'user.revoke_tokens',
          actor: by.actor,
          target: `user:${user.id}`,
          details: { revokedAccessTokens: n },
          requestId: by.requestId ?? null,
        },
        m,
      );
      return n;
    });
    await this.events.emit('user.tokensRevoked', { brokerName: user.brokerName, userId: user.id, reason: 'admin' });
    return revoked;
  }
}
