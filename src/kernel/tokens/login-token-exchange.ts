import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { DirectSql, SqliteExec } from '../database/direct-sql';
import { toNumber } from '../database/sql-dialect';
import { planLoginTokens } from './login-token-plan';
import { hashToken } from './token-format';

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
 * keepLoggedIn is known only inside the statement, so both plans (planLoginTokens) are made beforehand — $4–$8
 * the kept one, $9–$11 the session one — and the statement stores the rows of the one the OT token calls for.
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
  SELECT $4::varchar, $3, u."id", u."ot", $5::bigint, NULL, $1::bigint FROM u WHERE u."keep" AND $4::varchar IS NOT NULL
  RETURNING 1
), i AS (
  INSERT INTO "inapp_token" ("tokenHash", "brokerName", "userId", "accessTokenHash", "sourceOneTimeTokenHash", "expiresAt", "revokedAt", "createdAt")
  SELECT CASE WHEN u."keep" THEN $6::varchar ELSE $9::varchar END, $3, u."id", CASE WHEN u."keep" THEN $7::varchar ELSE $10::varchar END, u."ot",
         CASE WHEN u."keep" THEN $8::bigint ELSE $11::bigint END, NULL, $1::bigint
  FROM u WHERE CASE WHEN u."keep" THEN $6::varchar IS NOT NULL ELSE $9::varchar IS NOT NULL END
  RETURNING 1
)
SELECT c."keepLoggedIn" AS "keep", u."ctidUserId" FROM c LEFT JOIN u ON true`;

/**
 * The successful case of 4.2 (issue #11) without TypeORM: consume the login OT token and store the access token
 * and inappToken it produces as one atomic unit — a synchronous transaction on SQLite (no await inside, so it
 * does not hold the connection across event-loop turns), a single statement on PostgreSQL. What is stored and
 * answered is planLoginTokens' plan on both. Anything but a fresh consume is for the caller to explain (replay
 * revocation, expired, unknown, other broker): this never issues tokens for it.
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
    const plan = (keepLoggedIn: boolean) => planLoginTokens({ now, keepLoggedIn, withInappToken, accessTokenTtlDays: this.config.tokens.accessTokenTtlDays });
    if (this.direct.postgres) {
      const kept = plan(true);
      const session = plan(false);
      const rows = await this.direct.query(PG_EXCHANGE, [
        now,
        otHash,
        brokerName,
        kept.access?.tokenHash ?? null,
        kept.access?.expiresAt ?? null,
        kept.inapp?.tokenHash ?? null,
        kept.inapp?.accessTokenHash ?? null,
        kept.inapp?.expiresAt ?? null,
        session.inapp?.tokenHash ?? null,
        session.inapp?.accessTokenHash ?? null,
        session.inapp?.expiresAt ?? null,
      ]);
      const row = rows[0];
      if (!row) return { outcome: 'not-consumed' };
      if (row.ctidUserId === null || row.ctidUserId === undefined) return { outcome: 'unusable' };
      return { outcome: 'exchanged', userId: toNumber(row.ctidUserId)!, ...(row.keep === true ? kept : session).answer };
    }
    return this.direct.sqliteTransaction((exec: SqliteExec): FastExchange => {
      const consumed = exec(SQLITE.consume, [now, otHash, brokerName, now])[0];
      if (!consumed) return { outcome: 'not-consumed' };
      const userId = Number(consumed.userId);
      const user = exec(SQLITE.user, [userId, brokerName])[0];
      if (!user || user.lockedAt !== null || user.ctidUserId === null) return { outcome: 'unusable' };
      const { answer, access, inapp } = plan(consumed.keepLoggedIn === 1 || consumed.keepLoggedIn === true);
      if (access) exec(SQLITE.access, [access.tokenHash, brokerName, userId, otHash, access.expiresAt, now]);
      if (inapp) exec(SQLITE.inapp, [inapp.tokenHash, brokerName, userId, inapp.accessTokenHash, otHash, inapp.expiresAt, now]);
      return { outcome: 'exchanged', userId: toNumber(user.ctidUserId)!, ...answer };
    });
  }
}
