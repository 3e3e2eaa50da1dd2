import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, LessThan, MoreThan } from 'typeorm';
import { BrokerContext } from '../../../kernel/broker-identification';
import { placeholder, toNumber, UnitOfWork, unwrapRows } from '../../../kernel/database';
import { hashToken, isWellFormedToken, newToken } from '../../../kernel/tokens';
import { GivenConsent, normalizeEmail, TraderUser, UsersService } from '../../../kernel/users';
import { SsoMail } from '../mail/sso-mail.service';
import { SignupCodeSend } from '../entities/signup-code-send.entity';
import { SignupVerification } from '../entities/signup-verification.entity';
import { Clock } from '../../../kernel/clock';
import { HousekeepingPurges } from '../../../kernel/housekeeping';

/** What the signup form said, kept until the code is entered (the password only as its scrypt hash). */
export interface PendingSignup {
  passwordHash: string;
  firstName: string;
  lastName: string;
  country: string;
  preferredLanguage: string;
  attribution: Record<string, unknown>;
  keepLoggedIn: boolean;
  /** The consents ticked on the form (key, version, IP), recorded with the user once it exists. */
  consents: GivenConsent[];
}

export type CodeCheck =
  | { result: 'verified'; email: string; signup: PendingSignup }
  /** Wrong code; `attemptsLeft` tries remain on this code. */
  | { result: 'wrong'; email: string; attemptsLeft: number }
  /** Expired or out of tries: a new code is needed. */
  | { result: 'needsNewCode'; email: string }
  /** No such signup (unknown handle, used, or past its life): start again. */
  | { result: 'gone' };

const HOUR_MS = 60 * 60_000;
/** How long a signup waits for its code, resends included. */
const SIGNUP_LIFETIME_MS = HOUR_MS;
export const SIGNUP_CODE_PATTERN = /^\d{6}$/;

/**
 * Proof of email ownership before any cTID is created or adopted (flows §2.3). A 6-digit code is emailed and
 * typed on the same screen (a link would leave cTrader's in-app browser for the mail app's). The code is stored
 * only as SHA-256(handle, code): the handle lives in the trader's form and only its hash here, so not even a copy
 * of the database lets anyone work a code out. Each code is single use, expires (`codeTtlMinutes`) and survives
 * `codeMaxAttempts` tries, each reserved by one conditional UPDATE (concurrent guesses cannot overspend); sends
 * are limited per address and per IP per hour. An address that already has a profile gets, instead of a code, a
 * notice to log in or reset — and the screen says the same as for any other address (no enumeration).
 */
@Injectable()
export class SignupEmailVerification implements OnModuleInit {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly users: UsersService,
    private readonly mail: SsoMail,
    private readonly purges: HousekeepingPurges,
  ) {}

  onModuleInit(): void {
    // A signup is dead once its resend window (`expiresAt`) is over; a day later not even a late form post can
    // need it. The send limits look back one hour, so a send older than the retention day counts for nothing.
    this.purges.register({
      name: 'signupVerifications',
      purge: async (cutoff) => (await this.ds.getRepository(SignupVerification).delete({ expiresAt: LessThan(cutoff) })).affected ?? 0,
    });
    this.purges.register({
      name: 'signupCodeSends',
      purge: async (cutoff) => (await this.ds.getRepository(SignupCodeSend).delete({ sentAt: LessThan(cutoff) })).affected ?? 0,
    });
  }

  /** Records the signup and sends its first code; `sent` is false when a send limit was reached. */
  async start(broker: BrokerContext, email: string, signup: PendingSignup, ip: string): Promise<{ handle: string; sent: boolean }> {
    email = normalizeEmail(email);
    const handle = newToken();
    const owner = await this.users.findByEmail(broker.brokerName, email);
    const code = newCode();
    const now = this.clock.now();
    const sent = await this.maySend(broker, email, ip, now);
    await this.uow.run(async (m) => {
      await m.insert(SignupVerification, {
        handleHash: hashToken(handle),
        brokerName: broker.brokerName,
        email,
        codeHash: codeHash(handle, code),
        codeExpiresAt: now + broker.config.fullSso.signup.codeTtlMinutes * 60_000,
        attempts: 0,
        addressTaken: owner !== null,
        signup: JSON.stringify(signup),
        expiresAt: now + SIGNUP_LIFETIME_MS,
        consumedAt: null,
        createdAt: now,
      });
      if (sent) await this.send(m, broker, email, ip, now, owner ? { owner } : { code, language: signup.preferredLanguage });
    });
    return { handle, sent };
  }

  /**
   * `emailVerification: none`: someone signed up with an address that has a profile; its owner is told (within
   * the same send limits as codes).
   */
  async noticeToOwner(broker: BrokerContext, owner: TraderUser, ip: string): Promise<void> {
    const now = this.clock.now();
    if (!(await this.maySend(broker, owner.email, ip, now))) return;
    await this.uow.run((m) => this.send(m, broker, owner.email, ip, now, { owner }));
  }

  /** A new code for a waiting signup (the old one stops working); null when the signup is gone. */
  async resend(broker: BrokerContext, handle: unknown, ip: string): Promise<{ email: string; sent: boolean } | null> {
    const row = await this.waiting(broker, handle);
    if (!row) return null;
    const now = this.clock.now();
    if (!(await this.maySend(broker, row.email, ip, now))) return { email: row.email, sent: false };
    const code = newCode();
    const signup = JSON.parse(row.signup) as PendingSignup;
    await this.uow.run(async (m) => {
      await m.update(
        SignupVerification,
        { handleHash: row.handleHash, brokerName: broker.brokerName },
        { codeHash: codeHash(handle as string, code), codeExpiresAt: now + broker.config.fullSso.signup.codeTtlMinutes * 60_000, attempts: 0 },
      );
      // Looked up again: the address may have got a profile since the signup began; its owner is told instead.
      const owner = await m.findOneBy(TraderUser, { brokerName: broker.brokerName, email: row.email });
      await this.send(m, broker, row.email, ip, now, owner ? { owner } : { code, language: signup.preferredLanguage });
    });
    return { email: row.email, sent: true };
  }

  /**
   * Checks a typed code. A try is reserved first by one conditional UPDATE (attempts < max, code not expired,
   * signup not used); only then is the code compared, and a right one consumes the signup by a second
   * conditional UPDATE, so of concurrent right answers exactly one wins.
   */
  async check(broker: BrokerContext, handle: unknown, code: string): Promise<CodeCheck> {
    if (!isWellFormedToken(handle)) return { result: 'gone' };
    const row = await this.waiting(broker, handle);
    if (!row) return { result: 'gone' };
    if (!SIGNUP_CODE_PATTERN.test(code)) return { result: 'wrong', email: row.email, attemptsLeft: this.left(broker, row.attempts) };
    const p = placeholder(this.ds);
    const now = this.clock.now();
    const reserved = unwrapRows(
      await this.ds.query(
        `UPDATE "signup_verification" SET "attempts" = "attempts" + 1
         WHERE "handleHash" = ${p(1)} AND "brokerName" = ${p(2)} AND "consumedAt" IS NULL AND "codeExpiresAt" > ${p(3)} AND "attempts" < ${p(4)}
         RETURNING "codeHash", "attempts"`,
        [row.handleHash, broker.brokerName, now, broker.config.fullSso.signup.codeMaxAttempts],
      ),
    )[0];
    if (!reserved) return { result: 'needsNewCode', email: row.email };
    const matches = safeEqual(codeHash(handle, code), String(reserved.codeHash));
    // An address with a profile never verifies here (its code was never sent): its owner logs in instead.
    if (!matches || row.addressTaken) return { result: 'wrong', email: row.email, attemptsLeft: this.left(broker, toNumber(reserved.attempts) ?? 0) };
    const consumed = await this.uow.run(async (m: EntityManager) => {
      const done = unwrapRows(
        await m.query(
          `UPDATE "signup_verification" SET "consumedAt" = ${p(1)} WHERE "handleHash" = ${p(2)} AND "brokerName" = ${p(3)} AND "consumedAt" IS NULL RETURNING "handleHash"`,
          [now, row.handleHash, broker.brokerName],
        ),
      );
      // The address is proven: the other signups waiting on it are of no further use.
      if (done.length) await m.update(SignupVerification, { brokerName: broker.brokerName, email: row.email, consumedAt: IsNull() }, { consumedAt: now });
      return done.length === 1;
    });
    if (!consumed) return { result: 'gone' };
    return { result: 'verified', email: row.email, signup: JSON.parse(row.signup) as PendingSignup };
  }

  private left(broker: BrokerContext, attempts: number): number {
    return Math.max(0, broker.config.fullSso.signup.codeMaxAttempts - attempts);
  }

  private waiting(broker: BrokerContext, handle: unknown): Promise<SignupVerification | null> {
    if (!isWellFormedToken(handle)) return Promise.resolve(null);
    return this.ds.manager.findOneBy(SignupVerification, {
      handleHash: hashToken(handle),
      brokerName: broker.brokerName,
      consumedAt: IsNull(),
      expiresAt: MoreThan(this.clock.now()),
    });
  }

  private async maySend(broker: BrokerContext, email: string, ip: string, now: number): Promise<boolean> {
    const cfg = broker.config.fullSso.signup;
    const since = MoreThan(now - HOUR_MS);
    const repo = this.ds.getRepository(SignupCodeSend);
    if ((await repo.countBy({ brokerName: broker.brokerName, email, sentAt: since })) >= cfg.codesPerAddressPerHour) return false;
    return (await repo.countBy({ brokerName: broker.brokerName, ip: ipKey(ip), sentAt: since })) < cfg.codesPerIpPerHour;
  }

  /** The code — or, when the address already has a profile, the notice to its owner — with its send record. */
  private async send(
    m: EntityManager,
    broker: BrokerContext,
    email: string,
    ip: string,
    now: number,
    what: { owner: TraderUser } | { code: string; language: string },
  ): Promise<void> {
    await m.insert(SignupCodeSend, { brokerName: broker.brokerName, email, ip: ipKey(ip), sentAt: now });
    if ('owner' in what) await this.mail.signupAttempt(broker, what.owner, m);
    else await this.mail.signupCode(broker, email, what.code, what.language, m);
  }
}

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function codeHash(handle: string, code: string): string {
  return createHash('sha256').update(`signup-code:v1:${handle}:${code}`).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** IPv6 clients are limited per /64 (one subscriber), IPv4 per address. */
function ipKey(ip: string): string {
  if (!ip.includes(':') || ip.startsWith('::ffff:')) return ip.replace(/^::ffff:/, '').slice(0, 64);
  return ip.split(':').slice(0, 4).join(':') + '::/64';
}
