import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrokerContext } from '../../../kernel/broker-identification';
import { ScreenContext, ScreenException, ScreenSession, ScreenSessionKind, ScreenSessionService } from '../../../kernel/screens';
import { OneTimeTokenService } from '../../../kernel/tokens';
import { TraderUser, UsersService } from '../../../kernel/users';

export type SsoStep = 'login' | 'signup' | 'accountCreate' | 'success' | 'resetPassword' | 'changePassword' | 'changeEmail';

export interface SignedIn {
  session: ScreenSession;
  user: TraderUser;
}

/** What the Full-SSO screens share: the next step's eventName, the success URL, the signed-in user. */
@Injectable()
export class SsoNavigation {
  constructor(
    private readonly sessions: ScreenSessionService,
    private readonly users: UsersService,
    private readonly oneTimeTokens: OneTimeTokenService,
  ) {}

  /** Spec §2.1: a link into `step` carries the eventName the broker configured for it (brokers[].fullSso.eventNames). */
  to(ctx: ScreenContext, broker: BrokerContext, path: string, step: SsoStep, extra: Record<string, string | number | boolean | null | undefined> = {}): string {
    return ctx.carry(path, { eventName: ctx.eventNameFor(step, broker.config.fullSso.eventNames as Record<string, string | undefined>), ...extra });
  }

  /** A login OT token on the broker's success URL (or our own page, with the success step's eventName). */
  async toSuccessUrl(
    reply: FastifyReply,
    ctx: ScreenContext,
    broker: BrokerContext,
    userId: number,
    keepLoggedIn: boolean,
    accountLogin?: number | null,
  ): Promise<FastifyReply> {
    const token = await this.oneTimeTokens.issue({ brokerName: broker.brokerName, userId, purpose: 'login', keepLoggedIn, accountLogin: accountLogin ?? null });
    const base = broker.config.successUrl ?? this.to(ctx, broker, '/callback/success', 'success');
    reply.header('referrer-policy', 'no-referrer');
    return reply.redirect(`${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`, 303);
  }

  /**
   * The user of the first live session among `kinds` (SSO screens, the client area, an in-app entry), or a
   * "session expired" page. A locked user has no session.
   */
  async signedIn(req: FastifyRequest, broker: BrokerContext, kinds: ScreenSessionKind[]): Promise<SignedIn> {
    for (const kind of kinds) {
      const session = await this.sessions.current(req, broker, kind);
      if (!session) continue;
      const user = await this.users.findById(broker.brokerName, Number(session.userId));
      if (user && user.lockedAt === null) return { session, user };
    }
    throw new ScreenException(401, 'errors.sessionExpired');
  }
}
