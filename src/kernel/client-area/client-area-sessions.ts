import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { BrokerContext } from '../broker-identification/broker-context';
import type { ScreenSession } from '../screens/sessions/screen-session.entity';
import { ScreenSessionService } from '../screens/sessions/screen-session.service';
import type { TraderUser } from '../users/trader-user.entity';
import type { TradingAccount } from '../users/trading-account.entity';
import { UsersService } from '../users/users.service';

export interface ClientAreaLogin {
  session: ScreenSession;
  user: TraderUser;
}

/**
 * The client area's logged-in trader (screen session of kind `client`), shared by the client-area pages and
 * Embedded cTrader Web so both read one session the same way. A locked user has no session, whatever the cookie.
 */
@Injectable()
export class ClientAreaSessions {
  constructor(
    private readonly sessions: ScreenSessionService,
    private readonly users: UsersService,
  ) {}

  async current(request: FastifyRequest, broker: BrokerContext): Promise<ClientAreaLogin | null> {
    const session = await this.sessions.current(request, broker, 'client');
    if (!session) return null;
    const user = await this.users.findById(broker.brokerName, Number(session.userId));
    if (!user || user.lockedAt !== null) return null;
    return { session, user };
  }

  /** The trader's linked trading accounts (3.4 done), oldest first: the ones cTrader Web can open. */
  linkedAccounts(broker: BrokerContext, userId: number): Promise<TradingAccount[]> {
    return this.users.accountsOf(broker.brokerName).find({ where: { userId, state: 'linked' }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Every account row of the trader (including ones still being opened), oldest first. */
  allAccounts(broker: BrokerContext, userId: number): Promise<TradingAccount[]> {
    return this.users.accountsOf(broker.brokerName).find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
