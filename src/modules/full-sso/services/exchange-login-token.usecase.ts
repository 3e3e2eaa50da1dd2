import { Injectable } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification';
import { AuditService } from '../../../kernel/audit';
import { UnitOfWork } from '../../../kernel/database';
import {
  AccessTokenService,
  hashToken,
  isWellFormedToken,
  LoginTokenExchange,
  OneTimeTokenService,
  tokenMalformed,
  tokenNotFound,
} from '../../../kernel/tokens';
import { ExchangeResponse } from '../api/ctrader-api.dto';

/**
 * 4.2: consume a login OT token (one conditional UPDATE) and hand out what the user chose: userId always,
 * accessToken only with Keep me logged in, inappToken when the broker enables it (planLoginTokens). The consume
 * and the tokens it produces are one atomic unit (LoginTokenExchange), so a concurrent replay either sees the
 * tokens committed (and revokes them) or never sees the token consumed.
 */
@Injectable()
export class ExchangeLoginToken {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly oneTimeTokens: OneTimeTokenService,
    private readonly accessTokens: AccessTokenService,
    private readonly audit: AuditService,
    private readonly exchange: LoginTokenExchange,
  ) {}

  async execute(broker: BrokerContext, code: string, requestId: string): Promise<ExchangeResponse> {
    if (!isWellFormedToken(code)) throw tokenMalformed();
    const exchanged = await this.exchange.exchange(broker.brokerName, code, broker.config.inappTokenEnabled);
    if (exchanged.outcome === 'exchanged') {
      const { outcome: _outcome, ...answer } = exchanged;
      return answer;
    }
    if (exchanged.outcome === 'unusable') throw tokenNotFound();
    // Nothing was consumed: say why. Only a replay changes anything (the revocation below); the explanation never
    // consumes, so no second path can issue tokens. It is read before the transaction, not in it: a transaction
    // that reads first and writes after is a lock upgrade, which SQLite refuses at once (SQLITE_BUSY, no busy wait)
    // while another process commits — two instances on one SQLite file replaying one code saw 500s. A consumed
    // token is final, and its tokens were committed with the consume (LoginTokenExchange), so reading it outside
    // changes nothing the revocation relies on.
    const replayOf = await this.oneTimeTokens.explainMiss(broker.brokerName, hashToken(code), 'login');
    await this.uow.run(async (m) => {
      // RFC 6749 §4.1.2: a code presented twice revokes what its first use produced.
      const revoked = await this.accessTokens.revokeProducedBy(replayOf.tokenHash, m);
      await this.audit.record(
        {
          brokerName: broker.brokerName,
          category: 'security',
          action: 'one_time_token.replay',
          actor: 'ctrader',
          target: `user:${replayOf.userId}`,
          details: { revokedAccessTokens: revoked },
          requestId,
        },
        m,
      );
    });
    throw tokenNotFound();
  }
}
