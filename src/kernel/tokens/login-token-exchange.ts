import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { DirectSql, SqliteExec } from '../database/direct-sql';
import { toNumber } from '../database/sql-dialect';
import { DAY_MS, SESSION_INAPP_TTL_MS } from './access-token.service';
import { hashToken, inappTokenFor, newToken } from './token-format';

export type FastExchange =
  /** The OT token was consumed now and the tokens below were stored, atomically. */
  | { outcome: 'exchanged'; userId: number; accessToken?: string; inappToken?: string }
  /** Consumed now, but the user is locked or has no cTrader id: nothing issued (404). */
  | { outcome: 'unusable' }
  /** Nothing was changed (unknown, other broker, expired, already used): the caller explains why. */
  | { outcome: 'not-consumed' };

const SQLITE = {
  consume: `UPDATE "one_time_token" SET "consumedAt" = ?
    WHERE "tokenHash" = ? AND "brokerName" = ? AND "purpose" = 'login' AND "consumedAt" IS NULL AND "expiresAt" > ?
    RETURNING "tokenHash", "userId", "keepLoggedIn"`,
  user: `SELECT "id", "ctidUserId", "lockedAt" FROM "trader_user" WHERE "id" = ? AND "brokerName" = ?`,
  access: `INSERT INTO "access_token" ("tokenHash", "brokerName", "userId", "sourceOneTimeTokenHash", "expiresAt", "revokedAt", "createdAt") VALUES (?, ?, ?, ?, ?, NULL, ?)`,
  inapp: `INSERT INTO "inapp_token" ("tokenHash", "brokerName", "userId", "accessTokenHash", "sourceOneTimeTokenHash", "expiresAt", "revokedAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
};

/**
 * PostgreSQL: 4.2's whole success path in ONE statement (one round trip, implicitly atomic). The conditional
 * UPDATE decides the winner exactly as before (a concurrent presentation re-checks `consumedAt IS NULL` after
 * the winner commits and matches nothing); the inserts read only what that UPDATE returned.
 * Both candidate token hashes are computed beforehand; the statement keeps the one the OT token's
 * keepLoggedIn calls for.
 */
const PG_EXCHANGE = `
WITH c AS (
  UPDATE "one_time_token" SET "consumedAt" = $1::bigint
  WHERE "tokenHash" = $2 AND "brokerName" = $3 AND "purpose" = 'login' AND "consumedAt" IS NULL AND "expiresAt" > $1::bigint
  RETURNING "tokenHash", "userId", "keepLoggedIn"
), u AS (
  SELECT t."id", t."ctidUserId", c."tokenHash" AS "ot", c."keepLoggedIn" AS "keep"
  FROM c JOIN "trader_user" t ON t."id" = c."userId" AND t."brokerName" = $3
  WHERE t."lockedAt" IS NULL AND t."ctidUserId" IS NOT NULL
), a AS (
  INSERT INTO "access_token" ("tokenHash", "brokerName", "userId", "sourceOneTimeTokenHash", "expiresAt", "revokedAt", "createdAt")
  SELECT $4::varchar, $3, u."id", u."ot", $5::bigint, NULL, $1::bigint FROM u WHERE u."keep"
  RETURNING 1
), i AS (
  INSERT INTO "inapp_token" ("tokenHash", "brokerName", "userId", "accessTokenHash", "sourceOneTimeTokenHash", "expiresAt", "revokedAt", "createdAt")
  SELECT CASE WHEN u."keep" THEN $6::varchar ELSE $7::varchar END, $3, u."id", CASE WHEN u."keep" THEN $4::varchar ELSE NULL END, u."ot",
         CASE WHEN u."keep" THEN $5::bigint ELSE $8::bigint END, NULL, $1::bigint
  FROM u WHERE $9::boolean
  RETURNING 1
)
SELECT c."keepLoggedIn" AS "keep", u."ctidUserId" FROM c LEFT JOIN u ON true`;

/**
 * The hot, successful case of 4.2 (issue #11) without TypeORM: consume the login OT token and store the access
 * and inappToken it produces as one atomic unit — a synchronous transaction on SQLite (no await inside, so it
 * does not hold the connection across event-loop turns), a single statement on PostgreSQL. Same rows, same
 * hashes, same lifetimes as AccessTokenService.issueForLogin; anything but a fresh consume is left to the
 * general path (replay revocation, expired, other broker).
 */
@Injectable()
export class LoginTokenExchange {
  constructor(
    private readonly direct: DirectSql,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** `code` must already be well-formed. */
  async exchange(brokerName: string, code: string, withInappToken: boolean): Promise<FastExchange> {
    const now = this.clock.now();
    const otHash = hashToken(code);
    const longExpiry = now + this.config.tokens.accessTokenTtlDays * DAY_MS;
    const sessionExpiry = now + SESSION_INAPP_TTL_MS;
    if (this.direct.postgres) {
      const accessToken = newToken();
      const keptInapp = inappTokenFor(accessToken);
      const sessionInapp = newToken();
      const rows = await this.direct.query(PG_EXCHANGE, [
        now,
        otHash,
        brokerName,
        hashToken(accessToken),
        longExpiry,
        hashToken(keptInapp),
        hashToken(sessionInapp),
        sessionExpiry,
        withInappToken,
      ]);
      const row = rows[0];
      if (!row) return { outcome: 'not-consumed' };
      if (row.ctidUserId === null || row.ctidUserId === undefined) return { outcome: 'unusable' };
      const keep = row.keep === true;
      return {
        outcome: 'exchanged',
        userId: toNumber(row.ctidUserId)!,
        ...(keep ? { accessToken } : {}),
        ...(withInappToken ? { inappToken: keep ? keptInapp : sessionInapp } : {}),
      };
    }
    return this.direct.sqliteTransaction((exec: SqliteExec): FastExchange => {
      const consumed = exec(SQLITE.consume, [now, otHash, brokerName, now])[0];
      if (!consumed) return { outcome: 'not-consumed' };
      const userId = Number(consumed.userId);
      const user = exec(SQLITE.user, [userId, brokerName])[0];
      if (!user || user.lockedAt !== null || user.ctidUserId === null) return { outcome: 'unusable' };
      const keep = consumed.keepLoggedIn === 1 || consumed.keepLoggedIn === true;
      let accessToken: string | undefined;
      let accessHash: string | null = null;
      if (keep) {
        accessToken = newToken();
        accessHash = hashToken(accessToken);
        exec(SQLITE.access, [accessHash, brokerName, userId, otHash, longExpiry, now]);
      }
      let inappToken: string | undefined;
      if (withInappToken) {
        inappToken = accessToken ? inappTokenFor(accessToken) : newToken();
        exec(SQLITE.inapp, [hashToken(inappToken), brokerName, userId, accessHash, otHash, keep ? longExpiry : sessionExpiry, now]);
      }
      return { outcome: 'exchanged', userId: toNumber(user.ctidUserId)!, ...(accessToken ? { accessToken } : {}), ...(inappToken ? { inappToken } : {}) };
    });
  }
}
