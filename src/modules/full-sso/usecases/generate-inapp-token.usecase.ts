import { Injectable } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification/broker-context';
import { AccessTokenService } from '../../../kernel/tokens/access-token.service';
import { OneTimeTokenService } from '../../../kernel/tokens/one-time-token.service';
import { inappTokenInvalid, userNotFound } from '../../../kernel/tokens/token-errors';
import { UsersService } from '../../../kernel/users/users.service';

/** 4.4: a fresh in-app OT token (60 s, single use) for the screen cTrader is about to open. */
@Injectable()
export class GenerateInappToken {
  constructor(
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokenService,
    private readonly oneTimeTokens: OneTimeTokenService,
  ) {}

  async execute(broker: BrokerContext, ctidUserId: number, inappToken: unknown): Promise<string> {
    const user = await this.users.findByCtidUserId(broker.brokerName, ctidUserId);
    if (!user || user.lockedAt !== null) throw userNotFound();
    // Our decision (contract §1.3): once an inappToken was issued for the user, 4.4 must present a live one.
    if (broker.config.inappTokenEnabled && (await this.accessTokens.checkInappToken(broker.brokerName, user.id, inappToken)) === 'invalid') {
      throw inappTokenInvalid();
    }
    return this.oneTimeTokens.issue({ brokerName: broker.brokerName, userId: user.id, purpose: 'inapp' });
  }
}
