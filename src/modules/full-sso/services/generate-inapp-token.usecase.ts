import { Injectable } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification';
import { AccessTokenService, inappTokenInvalid, OneTimeTokenService, userNotFound } from '../../../kernel/tokens';
import { DirectSql } from '../../../kernel/database';

/** 4.4: a fresh in-app OT token (60 s, single use) for the screen cTrader is about to open. */
@Injectable()
export class GenerateInappToken {
  constructor(
    private readonly direct: DirectSql,
    private readonly accessTokens: AccessTokenService,
    private readonly oneTimeTokens: OneTimeTokenService,
  ) {}

  async execute(broker: BrokerContext, ctidUserId: number, inappToken: unknown): Promise<string> {
    // One prepared, indexed lookup (brokerName, ctidUserId) through the driver rather than TypeORM (issue #11).
    const p = this.direct.placeholder;
    const rows = await this.direct.query(`SELECT "id", "lockedAt" FROM "trader_user" WHERE "brokerName" = ${p(1)} AND "ctidUserId" = ${p(2)}`, [
      broker.brokerName,
      ctidUserId,
    ]);
    const row = rows[0];
    if (!row || row.lockedAt !== null) throw userNotFound();
    const user = { id: Number(row.id) };
    // Our decision (contract §1.3): once an inappToken was issued for the user, 4.4 must present a live one.
    if (broker.config.inappTokenEnabled && (await this.accessTokens.checkInappToken(broker.brokerName, user.id, inappToken)) === 'invalid') {
      throw inappTokenInvalid();
    }
    return this.oneTimeTokens.issue({ brokerName: broker.brokerName, userId: user.id, purpose: 'inapp' });
  }
}
