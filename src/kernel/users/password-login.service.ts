import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { hashPasswordSync, verifyPasswordHash } from '../../lib/crypto/password-hash';
import { AuditService } from '../audit/audit.service';
import { placeholder, toNumber, unwrapRows } from '../database/sql-dialect';
import { TraderUser } from './trader-user.entity';
import { normalizeEmail, UsersService } from './users.service';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
/** Verified when the email is unknown, so an unknown email costs the same time as a wrong password. */
const DUMMY_HASH = hashPasswordSync(randomBytes(16).toString('hex'));

/** Who is trying (for the audit trail of a lockout). */
export interface LoginAttemptSource {
  ip?: string;
  requestId?: string;
  /** Which form: `sso`, `client`, … */
  via?: string;
}

/**
 * Email + password → the user, or null — the one credential check behind every login form (SSO login screen,
 * client area). Null never says why (unknown email, wrong password, no password yet, locked, temporarily
 * locked out): spec §2.1.
 *
 * Brute force: every wrong password of a known account counts (one atomic increment, so concurrent attempts on
 * several instances all count); at `loginProtection.maxFailedAttempts` the account is locked out for
 * `lockoutMinutes` — even the right password fails then — and a security audit event is written. A successful
 * login resets the count. The scrypt check always runs first, so a locked-out account answers in the same time.
 */
@Injectable()
export class PasswordLogin {
  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async verify(brokerName: string, email: string, password: string, source: LoginAttemptSource = {}): Promise<TraderUser | null> {
    const normalized = normalizeEmail(email);
    const user = EMAIL.test(normalized) ? await this.users.findByEmail(brokerName, normalized) : null;
    const ok = await verifyPasswordHash(String(password ?? '').slice(0, 200), user?.passwordHash ?? DUMMY_HASH);
    if (!user || user.lockedAt !== null) return null;
    const now = Date.now();
    // Locked out: nothing counts (the lockout is not extended by the attacker's further tries).
    if (user.loginLockedUntil !== null && user.loginLockedUntil > now) return null;
    if (!ok || user.passwordHash === null) {
      await this.recordFailure(user, now, source);
      return null;
    }
    if (user.failedLoginCount !== 0 || user.loginLockedUntil !== null) {
      await this.users.usersOf(brokerName).update({ id: user.id }, { failedLoginCount: 0, loginLockedUntil: null });
    }
    return { ...user, failedLoginCount: 0, loginLockedUntil: null };
  }

  private async recordFailure(user: TraderUser, now: number, source: LoginAttemptSource): Promise<void> {
    const p = placeholder(this.ds);
    const rows = unwrapRows(
      await this.ds.query(`UPDATE "trader_user" SET "failedLoginCount" = "failedLoginCount" + 1 WHERE "id" = ${p(1)} AND "brokerName" = ${p(2)} RETURNING "failedLoginCount"`, [
        user.id,
        user.brokerName,
      ]),
    );
    const count = toNumber(rows[0]?.failedLoginCount) ?? 0;
    const { maxFailedAttempts, lockoutMinutes } = this.config.loginProtection;
    if (count < maxFailedAttempts) return;
    const until = now + lockoutMinutes * 60_000;
    // Only the attempt that crosses the threshold locks and audits (concurrent ones find the lock set).
    const locked = unwrapRows(
      await this.ds.query(
        `UPDATE "trader_user" SET "loginLockedUntil" = ${p(1)}, "failedLoginCount" = 0
         WHERE "id" = ${p(2)} AND "brokerName" = ${p(3)} AND ("loginLockedUntil" IS NULL OR "loginLockedUntil" <= ${p(4)}) RETURNING "id"`,
        [until, user.id, user.brokerName, now],
      ),
    );
    if (!locked.length) return;
    await this.audit.record({
      brokerName: user.brokerName,
      category: 'security',
      action: 'login.lockout',
      actor: source.ip ? `ip:${source.ip}` : 'anonymous',
      target: `user:${user.id}`,
      details: { reason: 'brute_force', failedAttempts: count, lockedUntil: new Date(until).toISOString(), via: source.via ?? null },
      requestId: source.requestId ?? null,
    });
  }
}
