import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource, LessThan } from 'typeorm';
import { ModuleKey } from '../../../config/module-key';
import type { BrokerContext } from '../../broker-identification/broker-context';
import { BrokerScopedRepository } from '../../database/broker-scoped.repository';
import { TradingAccount } from '../../users/trading-account.entity';
import { ScreenException } from '../errors/screen.exception';
import type { ScreenContext } from '../screen-context';
import type { ScreenSession } from '../sessions/screen-session.entity';
import { ScreenSessionService } from '../sessions/screen-session.service';
import { InappTokenRedemption } from './inapp-token-redemption.entity';
import type { InappTokenRedeemer } from './inapp-token-redeemer';
import { Clock } from '../../clock';

/** The identity modes that can open in-app screens (ARCHITECTURE.md §2: a broker uses one of them). */
export type InappIdentityMode = ModuleKey.FullSso | ModuleKey.LightIdentity;

export interface InappEntry {
  session: ScreenSession;
  /** True when this request carried the token: the screen should redirect to itself without it (PRG). */
  enteredWithToken: boolean;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The one door into in-app screens (deposit, withdrawal, KYC, custom actions, partner) for both identity modes,
 * so those screens never care which mode a broker uses (issue #5). A screen calls `enter()`:
 *  - opened with `token`: the broker's redeemer turns it into a user (single use), `account` is checked to be one
 *    of that user's trading accounts (403 otherwise), and an `inapp` screen session starts;
 *  - the same token presented again by the browser whose session it started (a reload of the original URL) finds
 *    that session instead of redeeming twice; presented by anyone else it is refused without asking the redeemer
 *    (the token is recorded by hash in `inapp_token_redemption`, so this holds whatever the screen later keeps in
 *    its session data, and on every instance);
 *  - opened without a token: the current `inapp` session, or a "session expired" page.
 * Every path checks that a named `account` belongs to the session's user.
 * The identity modes register their redeemer at module init; a broker whose mode is not loaded gets 404.
 */
@Injectable()
export class InappEntryService {
  private readonly redeemers = new Map<InappIdentityMode, InappTokenRedeemer>();

  constructor(
    private readonly clock: Clock,
    private readonly sessions: ScreenSessionService,
    // Repositories straight from the DataSource: the screens kernel must not require UsersModule to be imported.
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  register(mode: InappIdentityMode, redeemer: InappTokenRedeemer): void {
    this.redeemers.set(mode, redeemer);
  }

  /** The broker's identity mode for in-app screens (config validation guarantees at most one is on). */
  modeOf(broker: BrokerContext): InappIdentityMode | undefined {
    if (broker.modules.has(ModuleKey.LightIdentity)) return ModuleKey.LightIdentity;
    if (broker.modules.has(ModuleKey.FullSso)) return ModuleKey.FullSso;
    return undefined;
  }

  async enter(request: FastifyRequest, reply: FastifyReply, broker: BrokerContext, ctx: ScreenContext): Promise<InappEntry> {
    const current = await this.sessions.current(request, broker, 'inapp');
    const token = ctx.token;
    if (!token) {
      if (!current) throw new ScreenException(401, 'errors.sessionExpired');
      await this.checkAccount(broker, current, ctx.account);
      return { session: current, enteredWithToken: false };
    }
    const tokenHash = sha256(token);
    const earlier = await this.redemptions(broker).findOneBy({ tokenHash });
    if (earlier) {
      if (current && current.id === earlier.sessionId) {
        // A reload of the URL that opened this session: the same session, no second redeem.
        await this.checkAccount(broker, current, ctx.account);
        return { session: current, enteredWithToken: true };
      }
      // Single use (contract §1.6): a token that already opened a session opens nothing else, whoever presents it.
      throw new ScreenException(401, 'errors.tokenInvalid', { code: 'INAPP_TOKEN_REUSED' });
    }
    const mode = this.modeOf(broker);
    const redeemer = mode && this.redeemers.get(mode);
    if (!redeemer) throw new ScreenException(404, 'errors.moduleDisabled');
    const identity = await redeemer.redeem(broker, token);
    const accountLogin = ctx.account !== undefined ? await this.ownedAccount(broker, identity.userId, ctx.account) : (identity.accountLogin ?? null);
    const session = await this.sessions.start(reply, broker, { userId: identity.userId, kind: 'inapp', accountLogin });
    // orIgnore: the redeemer's own single use already decided; a duplicate row here can only be a lost race of an
    // identical request whose redeem cannot have succeeded too.
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(InappTokenRedemption)
      .values({ tokenHash, brokerName: broker.brokerName, sessionId: session.id, userId: identity.userId, createdAt: this.clock.now() })
      .orIgnore()
      .execute();
    return { session, enteredWithToken: true };
  }

  /** Housekeeping for a periodic job: forgets redemptions older than `before` (their sessions are long gone). */
  async purgeRedemptions(before: number): Promise<number> {
    return (await this.ds.getRepository(InappTokenRedemption).delete({ createdAt: LessThan(before) })).affected ?? 0;
  }

  /** A later request of the same session naming another account must own it too. */
  private async checkAccount(broker: BrokerContext, session: ScreenSession, account: string | undefined): Promise<void> {
    if (account === undefined || Number(account) === session.accountLogin) return;
    await this.ownedAccount(broker, Number(session.userId), account);
  }

  private async ownedAccount(broker: BrokerContext, userId: number, account: string): Promise<number> {
    const login = /^\d{1,15}$/.test(account) ? Number(account) : NaN;
    const owned =
      Number.isSafeInteger(login) &&
      (await new BrokerScopedRepository(this.ds.getRepository(TradingAccount), broker.brokerName).findOneBy({ userId, login })) !== null;
    if (!owned) throw new ScreenException(403, 'errors.accountNotYours');
    return login;
  }

  private redemptions(broker: BrokerContext): BrokerScopedRepository<InappTokenRedemption> {
    return new BrokerScopedRepository(this.ds.getRepository(InappTokenRedemption), broker.brokerName);
  }
}
