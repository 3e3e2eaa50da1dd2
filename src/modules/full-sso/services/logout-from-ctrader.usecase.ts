import { Injectable } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification';
import { ContractException, ErrorCode } from '../../../kernel/errors';
import { UnitOfWork } from '../../../kernel/database';
import { DomainEvents, DurableEvents } from '../../../kernel/events';
import { AccessTokenService, userNotFound } from '../../../kernel/tokens';
import { UsersService } from '../../../kernel/users';

/** 4.5: the user logged out of a cTrader app: revoke that access token and end their client-area sessions. */
@Injectable()
export class LogoutFromCtrader {
  constructor(
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokenService,
    private readonly events: DomainEvents,
    private readonly durable: DurableEvents,
    private readonly uow: UnitOfWork,
  ) {}

  async execute(broker: BrokerContext, userIdParam: unknown, accessToken: unknown): Promise<void> {
    if (userIdParam === undefined || userIdParam === '') {
      throw new ContractException(ErrorCode.MissingRequiredParameter, 'Missing required parameter: userId');
    }
    if (typeof userIdParam !== 'string' || !/^\d{1,15}$/.test(userIdParam)) {
      throw new ContractException(ErrorCode.InvalidRequest, 'userId must be an integer');
    }
    const user = await this.users.findByCtidUserId(broker.brokerName, Number(userIdParam));
    if (!user) throw userNotFound();
    if (typeof accessToken === 'string' && accessToken) await this.accessTokens.revokeAccessToken(broker.brokerName, user.id, accessToken);
    const fact = { brokerName: broker.brokerName, userId: user.id, everywhere: false };
    // The broker's systems hear of it durably (kernel/webhooks); the kernel's session revocation stays in-process.
    await this.uow.run((m) => this.durable.emitInTransaction(m, 'user.loggedOut', fact));
    await this.events.emit('user.loggedOut', fact);
  }
}
