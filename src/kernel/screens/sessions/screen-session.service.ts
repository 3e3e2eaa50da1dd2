import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IsNull, LessThan, Not, Repository } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import type { BrokerContext } from '../../broker-identification/broker-context';
import { BrokerScopedRepository } from '../../database/broker-scoped.repository';
import { ScreenCookiePolicy } from '../security/screen-cookie-policy';
import { ScreenSession, ScreenSessionKind } from './screen-session.entity';
import { Clock } from '../../clock';

export interface StartScreenSessionInput {
  /** The local user's id. */
  userId: string | number;
  kind: ScreenSessionKind;
  accountLogin?: number | string | null;
  data?: Record<string, unknown>;
  /** Overrides config tokens.screenSessionIdleMinutes for this session. */
  idleMinutes?: number;
}

/** A cookie value: 32 random bytes, base64url. Anything else is not ours and is not even looked up. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
/** Sliding expiry without a write per request: lastSeenAt moves at most once a minute. */
const TOUCH_INTERVAL_MS = 60_000;
/** Per-flow state stays small; large things belong in the module's own tables. */
export const MAX_SESSION_DATA_CHARS = 4096;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Screen sessions (contract §1.6) for both identity modes: Full SSO login, a consumed in-app OT token and a
 * Light-identity redeem all end in `start()`. One cookie per (kind, broker) so white labels served from one host
 * keep separate sessions; the row is also bound to its broker, so a cookie presented to another broker's screen
 * finds nothing.
 */
@Injectable()
export class ScreenSessionService {
  constructor(
    private readonly clock: Clock,
    @InjectRepository(ScreenSession) private readonly sessions: Repository<ScreenSession>,
    private readonly config: AppConfig,
    private readonly cookies: ScreenCookiePolicy,
  ) {}

  cookieName(broker: BrokerContext, kind: ScreenSessionKind): string {
    return this.cookies.name(`sid-${kind}.${broker.brokerName}`);
  }

  /**
   * Opens a session and sets its cookie on the reply. The session this browser had of the same kind for this
   * broker is revoked first: a new login always gets a new identifier (no session fixation).
   */
  async start(reply: FastifyReply, broker: BrokerContext, input: StartScreenSessionInput): Promise<ScreenSession> {
    const request = reply.request;
    const previous = this.cookieValue(request, broker, input.kind);
    if (previous) await this.scoped(broker.brokerName).update({ id: sha256(previous), revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    const value = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const idleMs = (input.idleMinutes ?? this.config.tokens.screenSessionIdleMinutes) * 60_000;
    const session = this.scoped(broker.brokerName).create({
      id: sha256(value),
      userId: String(input.userId),
      kind: input.kind,
      accountLogin: input.accountLogin === undefined || input.accountLogin === null ? null : Number(input.accountLogin),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + idleMs,
      revokedAt: null,
      data: serialise(input.data ?? {}),
    });
    // insert(), not save(): the id is new by construction, no need for save()'s select-then-insert.
    await this.sessions.insert(session);
    // No Max-Age: the browser forgets the cookie when it closes; the server-side idle expiry decides before that.
    reply.setCookie(this.cookieName(broker, input.kind), value, this.cookies.attributes(request));
    return session;
  }

  /** The live session of this kind for this broker, or null (absent, unknown, other broker, revoked, idle). */
  async current(request: FastifyRequest, broker: BrokerContext, kind: ScreenSessionKind): Promise<ScreenSession | null> {
    const value = this.cookieValue(request, broker, kind);
    if (!value) return null;
    const session = await this.scoped(broker.brokerName).findOneBy({ id: sha256(value), kind });
    const now = this.clock.now();
    if (!session || session.revokedAt !== null || session.expiresAt <= now) return null;
    if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) await this.touch(session, now);
    return session;
  }

  /** Slides the idle expiry forward (keeping the session's own idle length). */
  async touch(session: ScreenSession, now = this.clock.now()): Promise<void> {
    const idleMs = session.expiresAt - session.lastSeenAt;
    await this.scoped(session.brokerName).update({ id: session.id, revokedAt: IsNull() }, { lastSeenAt: now, expiresAt: now + idleMs });
    session.lastSeenAt = now;
    session.expiresAt = now + idleMs;
  }

  /** Revokes one session (e.g. after its flow completed). */
  async revoke(session: Pick<ScreenSession, 'id' | 'brokerName'>): Promise<boolean> {
    return (await this.scoped(session.brokerName).update({ id: session.id, revokedAt: IsNull() }, { revokedAt: this.clock.now() })) > 0;
  }

  /** Logout: revokes the current session of this kind and clears its cookie. */
  async end(request: FastifyRequest, reply: FastifyReply, broker: BrokerContext, kind: ScreenSessionKind): Promise<void> {
    const value = this.cookieValue(request, broker, kind);
    if (value) await this.scoped(broker.brokerName).update({ id: sha256(value), revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    // The clearing cookie must repeat the attributes (Partitioned especially) or the browser keeps the original.
    reply.clearCookie(this.cookieName(broker, kind), this.cookies.attributes(request));
  }

  /** Password change, admin lock, "log out everywhere": every live session of the user, except the caller's. */
  async revokeAllForUser(brokerName: string, userId: string | number, exceptId?: string): Promise<number> {
    return this.scoped(brokerName).update(
      { userId: String(userId), revokedAt: IsNull(), ...(exceptId ? { id: Not(exceptId) } : {}) },
      { revokedAt: this.clock.now() },
    );
  }

  data<T extends Record<string, unknown> = Record<string, unknown>>(session: ScreenSession): T {
    try {
      const parsed: unknown = JSON.parse(session.data || '{}');
      return (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}) as T;
    } catch {
      return {} as T;
    }
  }

  /** Replaces the session's flow state. */
  async setData(session: ScreenSession, data: Record<string, unknown>): Promise<void> {
    const text = serialise(data);
    await this.scoped(session.brokerName).update({ id: session.id }, { data: text });
    session.data = text;
  }

  /** Housekeeping for a periodic job: deletes rows expired or revoked before `before` (all brokers). */
  async purge(before: number): Promise<number> {
    const expired = await this.sessions.delete({ expiresAt: LessThan(before) });
    const revoked = await this.sessions.delete({ revokedAt: LessThan(before) });
    return (expired.affected ?? 0) + (revoked.affected ?? 0);
  }

  private cookieValue(request: FastifyRequest, broker: BrokerContext, kind: ScreenSessionKind): string | undefined {
    const value = request.cookies?.[this.cookieName(broker, kind)];
    return typeof value === 'string' && COOKIE_VALUE.test(value) ? value : undefined;
  }

  private scoped(brokerName: string): BrokerScopedRepository<ScreenSession> {
    return new BrokerScopedRepository(this.sessions, brokerName);
  }
}

function serialise(data: Record<string, unknown>): string {
  const text = JSON.stringify(data);
  if (text.length > MAX_SESSION_DATA_CHARS) throw new Error(`screen session data over ${MAX_SESSION_DATA_CHARS} characters`);
  return text;
}
