import { Injectable } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification';
import { AuditService } from '../../../kernel/audit';
import { UnitOfWork } from '../../../kernel/database';
import { TraderUser } from '../../../kernel/users';
import { AccessTokenService, isWellFormedToken, LoginTokenExchange, OneTimeTokenService, tokenMalformed, tokenNotFound } from '../../../kernel/tokens';
import { ExchangeResponse } from '../api/ctrader-api.dto';

/**
 * 4.2: consume a login OT token (one conditional UPDATE) and hand out what the user chose: userId always,
 * accessToken only with Keep me logged in, inappToken when the broker enables it. All in one transaction, so
 * a concurrent replay either sees the tokens committed (and revokes them) or never sees the token consumed.
 */
@Injectable()
export class ExchangeLoginToken {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly oneTimeTokens: OneTimeTokenService,
    private readonly accessTokens: AccessTokenService,
    private readonly audit: AuditService,
    private readonly fast: LoginTokenExchange,
  ) {}

  async execute(broker: BrokerContext, code: string, requestId: string): Promise<ExchangeResponse> {
    if (!isWellFormedToken(code)) throw tokenMalformed();
    // The common case — a fresh token consumed now — in one atomic unit without TypeORM (issue #11). When it
    // consumed nothing, the general path below says why (and revokes on a replay); re-running its conditional
    // UPDATE is harmless, it cannot match a token that is used, expired, unknown or another broker's.
    const fast = await this.fast.exchange(broker.brokerName, code, broker.config.inappTokenEnabled);
    if (fast.outcome === 'unusable') throw tokenNotFound();
    if (fast.outcome === 'exchanged') {
      const { outcome: _outcome, ...answer } = fast;
      return answer;
    }
    const result = await this.uow.run(async (m) => {
      const outcome = await this.oneTimeTokens.consume(broker.brokerName, code, 'login', m);
      if (!outcome.ok) {
        // RFC 6749 §4.1.2: a code presented twice revokes what its first use produced.
        const revoked = await this.accessTokens.revokeProducedBy(outcome.replayOf.tokenHash, m);
        await this.audit.record(
          {
            brokerName: broker.brokerName,
            category: 'security',
            action: 'one_time_token.replay',
            actor: 'ctrader',
            target: `user:${outcome.replayOf.userId}`,
            details: { revokedAccessTokens: revoked },
            requestId,
          },
          m,
        );
        return null;
      }
      const user = await m.findOneBy(TraderUser, { id: outcome.token.userId, brokerName: broker.brokerName });
      if (!user || user.lockedAt !== null || user.ctidUserId === null) return 'unusable' as const;
      const tokens = await this.accessTokens.issueForLogin(m, {
        brokerName: broker.brokerName,
        userId: user.id,
        sourceOneTimeTokenHash: outcome.token.tokenHash,
        keepLoggedIn: outcome.token.keepLoggedIn,
        withInappToken: broker.config.inappTokenEnabled,
      });
      return { userId: user.ctidUserId, ...tokens };
    });
    if (result === null || result === 'unusable') throw tokenNotFound();
    return result;
  }
}
