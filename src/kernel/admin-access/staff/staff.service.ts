import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { generateSecret, generateURI, verify } from 'otplib';
import { toDataURL } from 'qrcode';
import { EntityManager, In, IsNull, MoreThan, Repository } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import { hashPassword, verifyPasswordHash } from '../../../lib/crypto/password-hash';
import { AuditService } from '../../audit';
import { BrokerRegistry } from '../../broker-identification';
import { Clock } from '../../clock';
import { UnitOfWork } from '../../database';
import { ContractException, ErrorCode } from '../../errors';
import { MailService, MailTemplates } from '../../mail';
import { KeyedRateLimit } from '../../rate-limit';
import { AdminApiKeyService } from '../admin-api-key.service';
import { AdminPrincipal } from '../admin-principal';
import { AdminGrant } from '../admin-roles';
import { StaffInvite } from './staff-invite.entity';
import { STAFF_INVITE_MAIL, STAFF_INVITE_TRANSLATIONS } from './staff-invite-mail';
import { StaffMember } from './staff-member.entity';
import { StaffRecoveryCode } from './staff-recovery-code.entity';
import { StaffSession, StaffSessionStage } from './staff-session.entity';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');
export const RECOVERY_CODE_COUNT = 10;
const MIN_PASSWORD = 12;
/** Verified when the email is unknown, so both failures cost one scrypt (no enumeration by timing). */
const DUMMY_HASH = 'scrypt$16384$8$5$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Emails are compared lower-cased and trimmed: one person, one row, whatever the spelling. */
export function normalizeStaffEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A session as the guard and the back-office pages see it. */
export interface StaffSessionView {
  session: StaffSession;
  member: StaffMember;
}

export interface StaffView {
  id: string;
  email: string;
  displayName: string;
  status: StaffMember['status'];
  twoFactorEnrolled: boolean;
  grants: AdminGrant[];
  createdAt: string;
}

export function staffView(m: StaffMember): StaffView {
  return {
    id: m.id,
    email: m.email,
    displayName: m.displayName,
    status: m.status,
    twoFactorEnrolled: m.totpEnrolledAt !== null,
    grants: JSON.parse(m.grants) as AdminGrant[],
    createdAt: new Date(m.createdAt).toISOString(),
  };
}

export function staffPrincipal(m: StaffMember, brokers: string[] | '*' = []): AdminPrincipal {
  return {
    actorType: 'staff',
    actorId: m.id,
    actor: `staff:${m.id}`,
    name: m.email,
    personId: m.id,
    personEmail: m.email,
    grants: JSON.parse(m.grants) as AdminGrant[],
    brokers,
  };
}

const badLogin = () => new ContractException(ErrorCode.AdminAuthInvalid, 'Wrong email or password');
const badCode = () => new ContractException(ErrorCode.AdminAuthInvalid, 'Wrong or already used code');

/**
 * Staff accounts (issue #19): invitation → own password → mandatory TOTP enrolment → sessions. Every expiry reads
 * the injected Clock. Secrets (session ids, invite tokens, recovery codes) are stored as SHA-256 only; passwords as
 * scrypt.
 */
@Injectable()
export class StaffService implements OnModuleInit {
  constructor(
    @InjectRepository(StaffMember) private readonly members: Repository<StaffMember>,
    @InjectRepository(StaffSession) private readonly sessions: Repository<StaffSession>,
    @InjectRepository(StaffInvite) private readonly invites: Repository<StaffInvite>,
    @InjectRepository(StaffRecoveryCode) private readonly recoveryCodes: Repository<StaffRecoveryCode>,
    private readonly keys: AdminApiKeyService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly mail: MailService,
    private readonly templates: MailTemplates,
    private readonly audit: AuditService,
    private readonly brokers: BrokerRegistry,
    private readonly rateLimit: KeyedRateLimit,
  ) {}

  onModuleInit(): void {
    this.templates.register(STAFF_INVITE_MAIL, STAFF_INVITE_TRANSLATIONS);
  }

  private get settings() {
    return this.config.admin.staff;
  }

  // ---- people -------------------------------------------------------------------------------------------------

  /** Creates the person (`invited`) and mails a single-use link; the invitation and its mail commit together. */
  async invite(input: { email: string; displayName: string; grants: AdminGrant[] }, by: AdminPrincipal, requestId: string | null): Promise<StaffView> {
    const email = normalizeStaffEmail(input.email);
    const now = this.clock.now();
    const token = newSecret();
    const member = await this.uow.run(async (m) => {
      if (await m.getRepository(StaffMember).existsBy({ email })) throw new ContractException(ErrorCode.Conflict, 'A staff member with this email exists');
      const row: StaffMember = {
        id: randomUUID(),
        email,
        displayName: input.displayName.trim(),
        status: 'invited',
        passwordHash: null,
        totpSecret: null,
        totpEnrolledAt: null,
        totpLastStep: null,
        grants: JSON.stringify(input.grants),
        createdAt: now,
        disabledAt: null,
      };
      await m.getRepository(StaffMember).insert(row);
      await this.issueInvite(m, row, token, now);
      await this.audit.record(
        {
          brokerName: singleBroker(input.grants),
          category: 'admin',
          action: 'staff.invite',
          actor: by.actor,
          target: `staff:${row.id}`,
          details: { email, grants: input.grants },
          requestId,
        },
        m,
      );
      return row;
    });
    return staffView(member);
  }

  /** A fresh link for someone who has not accepted yet (the older links stop working). */
  async reinvite(staffId: string, by: AdminPrincipal, requestId: string | null): Promise<StaffView> {
    const now = this.clock.now();
    const member = await this.uow.run(async (m) => {
      const row = await m.getRepository(StaffMember).findOneBy({ id: staffId, status: 'invited' });
      if (!row) throw new ContractException(ErrorCode.Conflict, 'Only an invited person who has not accepted can be invited again');
      await m.getRepository(StaffInvite).update({ staffId, usedAt: IsNull() }, { usedAt: now });
      await this.issueInvite(m, row, newSecret(), now);
      await this.audit.record({ brokerName: null, category: 'admin', action: 'staff.reinvite', actor: by.actor, target: `staff:${row.id}`, requestId }, m);
      return row;
    });
    return staffView(member);
  }

  private async issueInvite(m: EntityManager, member: StaffMember, token: string, now: number): Promise<void> {
    const hours = this.settings.inviteTtlHours;
    await m
      .getRepository(StaffInvite)
      .insert({ tokenHash: sha256(token), staffId: member.id, createdAt: now, expiresAt: now + hours * 3_600_000, usedAt: null });
    const grants = JSON.parse(member.grants) as AdminGrant[];
    // The mail kernel brands every message for a broker: the person's first broker, else the deployment's first.
    const brokerName = grants.find((g) => g.broker !== '*')?.broker ?? this.brokers.all()[0].brokerName;
    const base = `${this.config.server.baseUrl.replace(/\/$/, '')}${this.config.server.basePath}`;
    await this.mail.queue(
      {
        brokerName,
        to: member.email,
        template: STAFF_INVITE_MAIL.name,
        language: 'en',
        params: { displayName: member.displayName, link: `${base}/back-office/invite?token=${encodeURIComponent(token)}`, hours },
      },
      m,
    );
  }

  list(): Promise<StaffMember[]> {
    return this.members.find({ order: { createdAt: 'ASC' } });
  }

  find(id: string): Promise<StaffMember | null> {
    return this.members.findOneBy({ id });
  }

  async setGrants(staffId: string, grants: AdminGrant[], by: AdminPrincipal, requestId: string | null): Promise<StaffView> {
    const row = await this.uow.run(async (m) => {
      const repo = m.getRepository(StaffMember);
      const member = await repo.findOneBy({ id: staffId });
      if (!member) throw new ContractException(ErrorCode.NotFound, 'No such staff member');
      const before = JSON.parse(member.grants) as AdminGrant[];
      member.grants = JSON.stringify(grants);
      await repo.update({ id: staffId }, { grants: member.grants });
      await this.audit.record(
        {
          brokerName: null,
          category: 'admin',
          action: 'staff.grants',
          actor: by.actor,
          target: `staff:${staffId}`,
          details: { before, after: grants },
          requestId,
        },
        m,
      );
      return member;
    });
    return staffView(row);
  }

  /** Disabled: every session and every key of the person stop working at once. */
  async disable(staffId: string, by: AdminPrincipal, requestId: string | null): Promise<StaffView> {
    const now = this.clock.now();
    const row = await this.uow.run(async (m) => {
      const repo = m.getRepository(StaffMember);
      const member = await repo.findOneBy({ id: staffId });
      if (!member) throw new ContractException(ErrorCode.NotFound, 'No such staff member');
      await repo.update({ id: staffId }, { status: 'disabled', disabledAt: now });
      const sessions = await m.getRepository(StaffSession).update({ staffId, revokedAt: IsNull() }, { revokedAt: now });
      await m.getRepository(StaffInvite).update({ staffId, usedAt: IsNull() }, { usedAt: now });
      await this.audit.record(
        {
          brokerName: null,
          category: 'admin',
          action: 'staff.disable',
          actor: by.actor,
          target: `staff:${staffId}`,
          details: { revokedSessions: sessions.affected ?? 0 },
          requestId,
        },
        m,
      );
      return { ...member, status: 'disabled' as const, disabledAt: now };
    });
    await this.keys.revokeOwnedBy(staffId, now);
    return staffView(row);
  }

  // ---- signing in ---------------------------------------------------------------------------------------------

  /** Sets the password of an invited person with their single-use link; opens a session that must enrol 2FA. */
  async acceptInvite(token: string, password: string, requestId: string | null): Promise<{ sessionId: string; stage: StaffSessionStage }> {
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    return this.uow.run(async (m) => {
      const invites = m.getRepository(StaffInvite);
      const invite = await invites.findOneBy({ tokenHash: sha256(token) });
      // Consumed by a conditional UPDATE: two concurrent uses of one link cannot both win.
      const used = invite ? await invites.update({ tokenHash: invite.tokenHash, usedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now }) : null;
      if (!invite || used?.affected !== 1) throw new ContractException(ErrorCode.TokenNotFound, 'This invitation link is invalid, used or expired');
      const activated = await m.getRepository(StaffMember).update({ id: invite.staffId, status: 'invited' }, { status: 'active', passwordHash });
      if (activated.affected !== 1) throw new ContractException(ErrorCode.TokenNotFound, 'This invitation link is invalid, used or expired');
      await this.audit.record({ brokerName: null, category: 'security', action: 'staff.invite_accepted', actor: `staff:${invite.staffId}`, requestId }, m);
      return { sessionId: await this.openSession(m, invite.staffId, 'enrol', now), stage: 'enrol' as const };
    });
  }

  /**
   * Password step. Unknown email, wrong password, disabled or not-yet-accepted account: one answer (401, same
   * message, one scrypt each). Throttled per email and per IP; every failure is audited.
   */
  async login(emailInput: string, password: string, ip: string, requestId: string | null): Promise<{ sessionId: string; stage: StaffSessionStage }> {
    const email = normalizeStaffEmail(emailInput);
    const windowMs = this.settings.loginWindowMinutes * 60_000;
    const limits: [string, number][] = [
      [`staff-login:email:${sha256(email)}`, this.settings.maxLoginAttempts],
      [`staff-login:ip:${ip}`, this.settings.maxLoginAttemptsPerIp],
    ];
    for (const [key, limit] of limits) {
      const verdict = await this.rateLimit.hit(key, limit, windowMs);
      if (!verdict.allowed) {
        await this.audit.record({ brokerName: null, category: 'security', action: 'staff.login_throttled', actor: `ip:${ip}`, details: { email }, requestId });
        throw new ContractException(ErrorCode.RateLimited, 'Too many login attempts; try again later', {
          'Retry-After': String(verdict.retryAfterSeconds),
        });
      }
    }
    const member = await this.members.findOneBy({ email });
    const ok = await verifyPasswordHash(password, member?.passwordHash ?? DUMMY_HASH);
    if (!member || !ok || member.status !== 'active') {
      await this.audit.record({
        brokerName: null,
        category: 'security',
        action: 'staff.login_failed',
        actor: `ip:${ip}`,
        target: member ? `staff:${member.id}` : null,
        details: { email },
        requestId,
      });
      throw badLogin();
    }
    const stage: StaffSessionStage = member.totpEnrolledAt === null ? 'enrol' : 'totp';
    return { sessionId: await this.uow.run((m) => this.openSession(m, member.id, stage, this.clock.now())), stage };
  }

  /** Starts (or restarts) 2FA enrolment: a new secret, as an otpauth URI and a QR code (data URL) for the app. */
  async startEnrolment(view: StaffSessionView): Promise<{ secret: string; otpauthUri: string; qrCodeDataUrl: string }> {
    if (view.session.stage !== 'enrol') throw new ContractException(ErrorCode.Conflict, 'Two-factor authentication is already set up');
    const secret = generateSecret();
    await this.members.update({ id: view.member.id, totpEnrolledAt: IsNull() }, { totpSecret: secret });
    const otpauthUri = generateURI({ issuer: this.settings.totpIssuer, label: view.member.email, secret });
    return { secret, otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri) };
  }

  /**
   * The enrolment page's secret: the one already started for this person (so a reload shows the same secret the
   * app may have scanned), else a new one.
   */
  async currentEnrolment(view: StaffSessionView): Promise<{ secret: string; otpauthUri: string; qrCodeDataUrl: string }> {
    if (view.session.stage !== 'enrol') throw new ContractException(ErrorCode.Conflict, 'Two-factor authentication is already set up');
    const member = await this.members.findOneByOrFail({ id: view.member.id });
    if (!member.totpSecret || member.totpEnrolledAt !== null) return this.startEnrolment(view);
    const otpauthUri = generateURI({ issuer: this.settings.totpIssuer, label: member.email, secret: member.totpSecret });
    return { secret: member.totpSecret, otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri) };
  }

  /** The first code from the app confirms enrolment; the recovery codes are returned once. Rotates the session id. */
  async confirmEnrolment(view: StaffSessionView, code: string, requestId: string | null): Promise<{ sessionId: string; recoveryCodes: string[] }> {
    if (view.session.stage !== 'enrol') throw new ContractException(ErrorCode.Conflict, 'Two-factor authentication is already set up');
    const member = await this.members.findOneByOrFail({ id: view.member.id });
    if (!member.totpSecret) throw new ContractException(ErrorCode.Conflict, 'Start the enrolment first');
    const step = await this.checkTotp(member.totpSecret, code, null);
    if (step === null) {
      await this.auditSecondFactorFailure(member.id, requestId);
      throw badCode();
    }
    const now = this.clock.now();
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(randomBytes(10)));
    const sessionId = await this.uow.run(async (m) => {
      const enrolled = await m.getRepository(StaffMember).update({ id: member.id, totpEnrolledAt: IsNull() }, { totpEnrolledAt: now, totpLastStep: step });
      if (enrolled.affected !== 1) throw new ContractException(ErrorCode.Conflict, 'Two-factor authentication is already set up');
      await m.getRepository(StaffRecoveryCode).delete({ staffId: member.id });
      await m
        .getRepository(StaffRecoveryCode)
        .insert(codes.map((c) => ({ codeHash: sha256(canonicalRecoveryCode(c)), staffId: member.id, createdAt: now, usedAt: null })));
      await this.audit.record({ brokerName: null, category: 'security', action: 'staff.2fa_enrolled', actor: `staff:${member.id}`, requestId }, m);
      return this.promote(m, view.session, 'enrol', now);
    });
    return { sessionId, recoveryCodes: codes };
  }

  /** The 2FA step of a login: a TOTP code (each time step once) or an unused recovery code. Rotates the session id. */
  async secondFactor(view: StaffSessionView, input: { code?: string; recoveryCode?: string }, requestId: string | null): Promise<{ sessionId: string }> {
    if (view.session.stage !== 'totp') throw new ContractException(ErrorCode.Conflict, 'This session is not waiting for a code');
    const verdict = await this.rateLimit.hit(`staff-2fa:${view.member.id}`, this.settings.maxLoginAttempts, this.settings.loginWindowMinutes * 60_000);
    if (!verdict.allowed)
      throw new ContractException(ErrorCode.RateLimited, 'Too many codes; try again later', { 'Retry-After': String(verdict.retryAfterSeconds) });
    const now = this.clock.now();
    const sessionId = await this.uow.run(async (m) => {
      let accepted = false;
      if (input.code) {
        const member = await m.getRepository(StaffMember).findOneByOrFail({ id: view.member.id });
        const step = member.totpSecret ? await this.checkTotp(member.totpSecret, input.code, member.totpLastStep) : null;
        if (step !== null) {
          // Conditional on the last step: the same code sent twice at once is accepted once.
          const moved = await m
            .getRepository(StaffMember)
            .createQueryBuilder()
            .update()
            .set({ totpLastStep: step })
            .where('id = :id AND ("totpLastStep" IS NULL OR "totpLastStep" < :step)', { id: member.id, step })
            .execute();
          accepted = moved.affected === 1;
        }
      } else if (input.recoveryCode) {
        const used = await m
          .getRepository(StaffRecoveryCode)
          .update({ codeHash: sha256(canonicalRecoveryCode(input.recoveryCode)), staffId: view.member.id, usedAt: IsNull() }, { usedAt: now });
        accepted = used.affected === 1;
        if (accepted)
          await this.audit.record(
            { brokerName: null, category: 'security', action: 'staff.recovery_code_used', actor: `staff:${view.member.id}`, requestId },
            m,
          );
      }
      if (!accepted) return null;
      await this.audit.record({ brokerName: null, category: 'security', action: 'staff.login', actor: `staff:${view.member.id}`, requestId }, m);
      return this.promote(m, view.session, 'totp', now);
    });
    if (!sessionId) {
      await this.auditSecondFactorFailure(view.member.id, requestId);
      throw badCode();
    }
    return { sessionId };
  }

  private async auditSecondFactorFailure(staffId: string, requestId: string | null): Promise<void> {
    await this.audit.record({ brokerName: null, category: 'security', action: 'staff.2fa_failed', actor: `staff:${staffId}`, requestId });
  }

  /** The step of a valid code (±1 step of drift, never a step at or before `afterStep`), else null. */
  private async checkTotp(secret: string, code: string, afterStep: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(this.clock.now() / 1000),
      epochTolerance: 30,
      ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
    });
    // TOTP results carry the time step (HOTP ones do not; we only verify TOTP).
    return result.valid ? (result as { timeStep: number }).timeStep : null;
  }

  // ---- sessions -----------------------------------------------------------------------------------------------

  private async openSession(m: EntityManager, staffId: string, stage: StaffSessionStage, now: number): Promise<string> {
    const id = newSecret();
    await m.getRepository(StaffSession).insert({
      idHash: sha256(id),
      staffId,
      stage,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.settings.sessionAbsoluteHours * 3_600_000,
      revokedAt: null,
    });
    return id;
  }

  /** `from` → full, under a new id (the pre-2FA id stops working: no session fixation across the 2FA step). */
  private async promote(m: EntityManager, session: StaffSession, from: StaffSessionStage, now: number): Promise<string> {
    const id = newSecret();
    const moved = await m
      .getRepository(StaffSession)
      .update({ idHash: session.idHash, stage: from, revokedAt: IsNull() }, { idHash: sha256(id), stage: 'full', lastSeenAt: now });
    if (moved.affected !== 1) throw badCode();
    return id;
  }

  /** The live session of a cookie (any stage), touched; null when unknown, revoked, idle too long, expired or its person disabled. */
  async resume(sessionId: string): Promise<StaffSessionView | null> {
    const now = this.clock.now();
    const session = await this.sessions.findOneBy({ idHash: sha256(sessionId), revokedAt: IsNull() });
    if (!session || now >= session.expiresAt || now - session.lastSeenAt >= this.settings.sessionIdleMinutes * 60_000) return null;
    const member = await this.members.findOneBy({ id: session.staffId, status: In(['active']) });
    if (!member) return null;
    // Touch at most once a minute: the idle timeout has minute granularity, the write load stays small.
    if (now - session.lastSeenAt >= 60_000) {
      await this.sessions.update({ idHash: session.idHash }, { lastSeenAt: now });
      session.lastSeenAt = now;
    }
    return { session, member };
  }

  async logout(sessionId: string, requestId: string | null): Promise<void> {
    const session = await this.sessions.findOneBy({ idHash: sha256(sessionId), revokedAt: IsNull() });
    if (!session) return;
    await this.sessions.update({ idHash: session.idHash }, { revokedAt: this.clock.now() });
    await this.audit.record({ brokerName: null, category: 'security', action: 'staff.logout', actor: `staff:${session.staffId}`, requestId });
  }

  /** Seconds the cookie may live (the absolute timeout; the idle one is checked server-side). */
  cookieMaxAgeSeconds(): number {
    return this.settings.sessionAbsoluteHours * 3600;
  }
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD || password.length > 256) {
    throw new ContractException(ErrorCode.InvalidRequest, `The password must have ${MIN_PASSWORD} to 256 characters`);
  }
}

function singleBroker(grants: AdminGrant[]): string | null {
  const brokers = new Set(grants.map((g) => g.broker));
  return brokers.size === 1 && !brokers.has('*') ? [...brokers][0] : null;
}

/** 80 random bits, hex, in four groups of five (easy to copy from paper). */
function formatRecoveryCode(bytes: Buffer): string {
  return bytes.toString('hex').match(/.{5}/g)!.join('-');
}

function canonicalRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}
