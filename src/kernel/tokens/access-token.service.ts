import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { brokerIdMismatch } from '../errors/contract.exception';
import { Clock } from '../clock/clock';
import { DirectSql } from '../database/direct-sql';
import { placeholder, toNumber } from '../database/sql-dialect';
import { AccessToken } from './access-token.entity';
import { InappToken } from './inapp-token.entity';
import { tokenExpired, tokenMalformed, tokenNotFound } from './token-errors';
import { hashToken, inappTokenFor, isWellFormedToken } from './token-format';

export interface ValidatedAccess {
  userId: number;
  ctidUserId: number;
  inappToken: string;
}

/** Access tokens (4.3) and the inappTokens that travel with them (4.4), contract §1.6. 4.2 issues them: LoginTokenExchange. */
@Injectable()
export class AccessTokenService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly direct: DirectSql,
  ) {}

  /**
   * 4.3, the hottest route: one indexed lookup (token hash → token + user), no write. The inappToken is
   * re-derived from the presented access token rather than stored or re-issued.
   */
  async validate(brokerName: string, accessToken: unknown): Promise<ValidatedAccess> {
    if (!isWellFormedToken(accessToken)) throw tokenMalformed();
    const p = placeholder(this.ds);
    const rows = await this.direct.query(
      `SELECT a."brokerName", a."userId", a."expiresAt", a."revokedAt", u."ctidUserId", u."lockedAt"
       FROM "access_token" a JOIN "trader_user" u ON u."id" = a."userId"
       WHERE a."tokenHash" = ${p(1)}`,
      [hashToken(accessToken)],
    );
    const row = rows[0];
    if (!row || row.revokedAt !== null || row.lockedAt !== null || row.ctidUserId === null) throw tokenNotFound();
    if (row.brokerName !== brokerName) throw brokerIdMismatch();
    if (toNumber(row.expiresAt)! <= this.clock.now()) throw tokenExpired();
    return { userId: Number(row.userId), ctidUserId: toNumber(row.ctidUserId)!, inappToken: inappTokenFor(accessToken) };
  }

  /**
   * 4.4: a presented inappToken must be a live one of this user (a wrong, revoked or expired one is refused);
   * an absent one is refused once the user holds a live inappToken.
   */
  async checkInappToken(brokerName: string, userId: number, presented: unknown): Promise<'none-issued' | 'valid' | 'invalid'> {
    const now = this.clock.now();
    if (presented !== undefined && presented !== '') {
      if (!isWellFormedToken(presented)) return 'invalid';
      const rows = await this.direct.query(
        `SELECT "brokerName", "userId", "expiresAt", "revokedAt" FROM "inapp_token" WHERE "tokenHash" = ${placeholder(this.ds)(1)}`,
        [hashToken(presented)],
      );
      const row = rows[0];
      const live = row && row.brokerName === brokerName && Number(row.userId) === userId && row.revokedAt === null && toNumber(row.expiresAt)! > now;
      return live ? 'valid' : 'invalid';
    }
    const p = placeholder(this.ds);
    const live: unknown[] = await this.direct.query(
      `SELECT 1 FROM "inapp_token" WHERE "brokerName" = ${p(1)} AND "userId" = ${p(2)} AND "revokedAt" IS NULL AND "expiresAt" > ${p(3)} LIMIT 1`,
      [brokerName, userId, now],
    );
    return live.length ? 'invalid' : 'none-issued';
  }

  /** Replay of an OT token: revoke everything its first use produced (RFC 6749 §4.1.2). */
  async revokeProducedBy(sourceOneTimeTokenHash: string, manager: EntityManager = this.ds.manager): Promise<number> {
    const now = this.clock.now();
    const a = await manager.update(AccessToken, { sourceOneTimeTokenHash, revokedAt: IsNull() }, { revokedAt: now });
    await manager.update(InappToken, { sourceOneTimeTokenHash, revokedAt: IsNull() }, { revokedAt: now });
    return a.affected ?? 0;
  }

  /** Logout (4.5) of one access token, with its inappToken. Returns false when it is not this user's. */
  async revokeAccessToken(brokerName: string, userId: number, accessToken: string): Promise<boolean> {
    if (!isWellFormedToken(accessToken)) return false;
    const hash = hashToken(accessToken);
    const now = this.clock.now();
    const r = await this.ds.manager.update(AccessToken, { tokenHash: hash, brokerName, userId, revokedAt: IsNull() }, { revokedAt: now });
    await this.ds.manager.update(InappToken, { accessTokenHash: hash, brokerName, userId, revokedAt: IsNull() }, { revokedAt: now });
    return (r.affected ?? 0) > 0;
  }

  /** Password change, admin revoke, lock: every token of the user. */
  async revokeAllForUser(brokerName: string, userId: number, manager: EntityManager = this.ds.manager): Promise<number> {
    const now = this.clock.now();
    const r = await manager.update(AccessToken, { brokerName, userId, revokedAt: IsNull() }, { revokedAt: now });
    await manager.update(InappToken, { brokerName, userId, revokedAt: IsNull() }, { revokedAt: now });
    return r.affected ?? 0;
  }
}
