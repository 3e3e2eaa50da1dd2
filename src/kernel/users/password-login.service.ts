import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource, LessThan } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { importedHashScheme, isImportedPasswordHash, verifyImportedPasswordHash, WEAK_HASH_SCHEMES } from '../../lib/crypto/imported-password-hash';
import { hashPassword, hashPasswordSync, verifyPasswordHash } from '../../lib/crypto/password-hash';
import { AuditService } from '../audit/audit.service';
import { placeholder, toNumber, unwrapRows } from '../database/sql-dialect';
import { DeviceCookieClaim, DeviceCookies } from './device-cookies.service';
import { LoginDevice } from './login-device.entity';
import { TraderUser } from './trader-user.entity';
import { normalizeEmail, UsersService } from './users.service';
import { Clock } from '../clock';
import { HousekeepingPurges } from '../housekeeping/purge-registry';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
/** Verified when the email is unknown, so an unknown email costs the same time as a wrong password. */
const DUMMY_HASH = hashPasswordSync(randomBytes(16).toString('hex'));

/** Who is trying (for the audit trail of a lockout) and from which device. */
export interface LoginAttemptSource {
  ip?: string;
  requestId?: string;
  /** Which form: `sso`, `client`, … */
  via?: string;
  /** The device cookie the browser presented (DeviceCookies), if any. */
  deviceCookie?: string;
}

/**
 * Email + password → the user, or null — the one credential check behind every login form (SSO login screen,
 * client area, the current-password checks). Null never says why (unknown email, wrong password, no password
 * yet, locked, temporarily locked out): spec §2.1.
 *
 * Brute force, OWASP's device-cookie scheme (config loginProtection):
 * - trusted device (a valid device cookie for this user, not itself locked out): the account's lockout does not
 *   apply; wrong passwords count against the device only, and at `maxFailedAttemptsPerDevice` the device is
 *   distrusted for `lockoutMinutes`;
 * - untrusted device (anything else): every wrong password counts against the account (one atomic increment, so
 *   concurrent attempts on several instances all count); at `maxFailedAttempts` the account refuses untrusted
 *   devices for `lockoutMinutes` — even the right password fails there.
 * Each lockout writes one security audit event. The scrypt check always runs first, so a locked-out account
 * answers in the same time. Screens call `verifyInBrowser`, which reads the cookie and issues a new one on success.
 */
@Injectable()
export class PasswordLogin implements OnModuleInit {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly devices: DeviceCookies,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly purges: HousekeepingPurges,
  ) {}

  onModuleInit(): void {
    // A device's failure state matters while its cookie can still be presented: the cookie was issued at or before
    // the row's last update and lives `deviceCookieTtlDays`, so a row untouched for longer (plus the retention day)
    // names a cookie that every check already refuses. Deleting it never forgives a device that could still log in.
    this.purges.register({
      name: 'loginDevices',
      purge: async (cutoff) => {
        const lifetimeMs = this.config.loginProtection.deviceCookieTtlDays * 86_400_000;
        return (await this.ds.getRepository(LoginDevice).delete({ updatedAt: LessThan(cutoff - lifetimeMs) })).affected ?? 0;
      },
    });
  }

  /** The screens' entry: this browser's device cookie for the broker goes in; a successful check sets a fresh one. */
  async verifyInBrowser(
    request: FastifyRequest,
    reply: FastifyReply,
    brokerName: string,
    email: string,
    password: string,
    via: string,
  ): Promise<TraderUser | null> {
    const deviceCookie = this.devices.read(request, brokerName);
    const user = await this.verify(brokerName, email, password, { ip: request.ip, requestId: String(request.id), via, deviceCookie });
    if (user) this.devices.issue(reply, brokerName, user.id);
    return user;
  }

  async verify(brokerName: string, email: string, password: string, source: LoginAttemptSource = {}): Promise<TraderUser | null> {
    const typed = String(password ?? '').slice(0, 200);
    const user = await this.check(brokerName, email, typed, source);
    if (!user || !isImportedPasswordHash(user.passwordHash)) return user;
    return this.upgradeImportedHash(user, typed, source);
  }

  /**
   * The stored hash's own check: the project's scrypt, or a hash brought by the trader import (#21) under the scheme
   * the import declared. A weak imported scheme (unsalted MD5/SHA-1) is refused while config says `forceReset`.
   */
  private async passwordMatches(password: string, stored: string): Promise<boolean> {
    if (!isImportedPasswordHash(stored)) return verifyPasswordHash(password, stored);
    const scheme = importedHashScheme(stored);
    if (scheme && WEAK_HASH_SCHEMES.has(scheme) && this.config.userImport.weakHashes === 'forceReset') {
      await verifyPasswordHash(password, DUMMY_HASH);
      return false;
    }
    return verifyImportedPasswordHash(password, stored);
  }

  /**
   * First successful login with an imported hash: replace it by the project's scrypt. One conditional UPDATE (only
   * while the row still holds the hash just checked), so a concurrent login, reset or password change is never
   * overwritten with a stale password. When the row changed meanwhile, the password must match what it holds now:
   * a concurrent login's upgrade of the same password still lets this one in; a reset in between does not.
   */
  private async upgradeImportedHash(user: TraderUser, password: string, source: LoginAttemptSource): Promise<TraderUser | null> {
    const imported = user.passwordHash!;
    const upgraded = await hashPassword(password);
    const now = this.clock.now();
    const p = placeholder(this.ds);
    const rows = unwrapRows(
      await this.ds.query(
        `UPDATE "trader_user" SET "passwordHash" = ${p(1)}, "updatedAt" = ${p(2)} WHERE "id" = ${p(3)} AND "brokerName" = ${p(4)} AND "passwordHash" = ${p(5)} RETURNING "id"`,
        [upgraded, now, user.id, user.brokerName, imported],
      ),
    );
    if (rows.length) {
      await this.audit.record({
        brokerName: user.brokerName,
        category: 'security',
        action: 'password.hash_upgraded',
        actor: `user:${user.id}`,
        target: `user:${user.id}`,
        details: { from: importedHashScheme(imported), to: 'scrypt', via: source.via ?? null },
        requestId: source.requestId ?? null,
      });
      return { ...user, passwordHash: upgraded, updatedAt: now };
    }
    const current = await this.users.findById(user.brokerName, user.id);
    if (!current || current.lockedAt !== null || current.passwordHash === null || isImportedPasswordHash(current.passwordHash)) return null;
    return (await verifyPasswordHash(password, current.passwordHash)) ? current : null;
  }

  private async check(brokerName: string, email: string, password: string, source: LoginAttemptSource): Promise<TraderUser | null> {
    const normalized = normalizeEmail(email);
    const user = EMAIL.test(normalized) ? await this.users.findByEmail(brokerName, normalized) : null;
    const ok = await this.passwordMatches(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || user.lockedAt !== null) return null;
    const now = this.clock.now();
    const device = await this.trustedDevice(user, source.deviceCookie, now);
    if (device) return this.fromTrustedDevice(user, device, ok, now, source);
    // Locked out for untrusted devices: nothing counts (the lockout is not extended by the attacker's further tries).
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

  /** The device's claim when its cookie is valid for this very user of this broker and the device is not locked out. */
  private async trustedDevice(user: TraderUser, cookie: string | undefined, now: number): Promise<DeviceCookieClaim | null> {
    const claim = this.devices.open(user.brokerName, cookie, now);
    if (!claim || claim.userId !== user.id) return null;
    const state = await this.ds.getRepository(LoginDevice).findOneBy({ id: claim.deviceId, brokerName: user.brokerName, userId: user.id });
    return state?.lockedUntil != null && state.lockedUntil > now ? null : claim;
  }

  private async fromTrustedDevice(
    user: TraderUser,
    device: DeviceCookieClaim,
    ok: boolean,
    now: number,
    source: LoginAttemptSource,
  ): Promise<TraderUser | null> {
    if (!ok || user.passwordHash === null) {
      await this.recordDeviceFailure(user, device, now, source);
      return null;
    }
    await this.ds.getRepository(LoginDevice).delete({ id: device.deviceId, brokerName: user.brokerName });
    // The account's lockout stays: it guards the trader's other (untrusted) devices until it expires.
    const lockedOut = user.loginLockedUntil !== null && user.loginLockedUntil > now;
    if (!lockedOut && user.failedLoginCount !== 0) await this.users.usersOf(user.brokerName).update({ id: user.id }, { failedLoginCount: 0 });
    return lockedOut ? user : { ...user, failedLoginCount: 0 };
  }

  private async recordFailure(user: TraderUser, now: number, source: LoginAttemptSource): Promise<void> {
    const p = placeholder(this.ds);
    const rows = unwrapRows(
      await this.ds.query(
        `UPDATE "trader_user" SET "failedLoginCount" = "failedLoginCount" + 1 WHERE "id" = ${p(1)} AND "brokerName" = ${p(2)} RETURNING "failedLoginCount"`,
        [user.id, user.brokerName],
      ),
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
    await this.auditLockout(user, 'login.lockout', count, until, source);
  }

  /** Same as recordFailure, for one device: an upsert counts atomically, the attempt crossing the limit locks it. */
  private async recordDeviceFailure(user: TraderUser, device: DeviceCookieClaim, now: number, source: LoginAttemptSource): Promise<void> {
    const p = placeholder(this.ds);
    const rows = unwrapRows(
      await this.ds.query(
        `INSERT INTO "login_device" ("id", "brokerName", "userId", "failedCount", "lockedUntil", "updatedAt") VALUES (${p(1)}, ${p(2)}, ${p(3)}, 1, NULL, ${p(4)})
         ON CONFLICT ("id") DO UPDATE SET "failedCount" = "login_device"."failedCount" + 1, "updatedAt" = excluded."updatedAt"
         RETURNING "failedCount"`,
        [device.deviceId, user.brokerName, user.id, now],
      ),
    );
    const count = toNumber(rows[0]?.failedCount) ?? 0;
    const { maxFailedAttemptsPerDevice, lockoutMinutes } = this.config.loginProtection;
    if (count < maxFailedAttemptsPerDevice) return;
    const until = now + lockoutMinutes * 60_000;
    const locked = unwrapRows(
      await this.ds.query(
        `UPDATE "login_device" SET "lockedUntil" = ${p(1)}, "failedCount" = 0, "updatedAt" = ${p(2)}
         WHERE "id" = ${p(3)} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${p(4)}) RETURNING "id"`,
        [until, now, device.deviceId, now],
      ),
    );
    if (!locked.length) return;
    await this.auditLockout(user, 'login.device_lockout', count, until, source);
  }

  private async auditLockout(user: TraderUser, action: string, failedAttempts: number, until: number, source: LoginAttemptSource): Promise<void> {
    await this.audit.record({
      brokerName: user.brokerName,
      category: 'security',
      action,
      actor: source.ip ? `ip:${source.ip}` : 'anonymous',
      target: `user:${user.id}`,
      details: { reason: 'brute_force', failedAttempts, lockedUntil: new Date(until).toISOString(), via: source.via ?? null },
      requestId: source.requestId ?? null,
    });
  }
}
