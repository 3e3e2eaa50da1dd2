import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { brokerIdMismatch } from '../errors/contract.exception';
import { Clock } from '../clock/clock';
import { DirectSql } from '../database/direct-sql';
import { placeholder, toNumber, unwrapRows } from '../database/sql-dialect';
import { OneTimeToken, OneTimeTokenPurpose } from './one-time-token.entity';
import { tokenExpired, tokenMalformed, tokenNotFound } from './token-errors';
import { hashToken, isWellFormedToken, newToken } from './token-format';

export interface IssueOneTimeToken {
  brokerName: string;
  userId: number;
  purpose: OneTimeTokenPurpose;
  keepLoggedIn?: boolean;
  accountLogin?: number | null;
}

export type ConsumeOutcome =
  | { ok: true; token: OneTimeToken }
  /** Already consumed: the caller revokes what the first use produced (RFC 6749 §4.1.2). */
  | { ok: false; replayOf: OneTimeToken };

/** OT tokens: 60 s, single use (contract §1.6). */
@Injectable()
export class OneTimeTokenService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly direct: DirectSql,
  ) {}

  async issue(input: IssueOneTimeToken, manager?: EntityManager): Promise<string> {
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = now + this.config.tokens.oneTimeTokenTtlSeconds * 1000;
    if (!manager) {
      // Outside a transaction (4.4, the hot caller): one prepared INSERT through the driver (issue #11).
      const p = placeholder(this.ds);
      const keep = input.keepLoggedIn ?? false;
      await this.direct.query(
        `INSERT INTO "one_time_token" ("tokenHash", "brokerName", "userId", "purpose", "keepLoggedIn", "accountLogin", "expiresAt", "consumedAt", "createdAt")
         VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, NULL, ${p(8)})`,
        [
          hashToken(token),
          input.brokerName,
          input.userId,
          input.purpose,
          this.direct.postgres ? keep : keep ? 1 : 0,
          input.accountLogin ?? null,
          expiresAt,
          now,
        ],
      );
      return token;
    }
    await manager.insert(OneTimeToken, {
      tokenHash: hashToken(token),
      brokerName: input.brokerName,
      userId: input.userId,
      purpose: input.purpose,
      keepLoggedIn: input.keepLoggedIn ?? false,
      accountLogin: input.accountLogin ?? null,
      expiresAt,
      consumedAt: null,
      createdAt: now,
    });
    return token;
  }

  /**
   * Consumes with ONE conditional UPDATE … RETURNING (no read-then-write), so of N concurrent presentations on
   * any number of instances exactly one wins. Only when it matched nothing do we read the row to say why.
   */
  async consume(brokerName: string, token: unknown, purpose: OneTimeTokenPurpose, manager: EntityManager = this.ds.manager): Promise<ConsumeOutcome> {
    if (!isWellFormedToken(token)) throw tokenMalformed();
    const hash = hashToken(token);
    const now = this.clock.now();
    const p = placeholder(this.ds);
    const rows: Record<string, unknown>[] = await manager.query(
      `UPDATE "one_time_token" SET "consumedAt" = ${p(1)}
       WHERE "tokenHash" = ${p(2)} AND "brokerName" = ${p(3)} AND "purpose" = ${p(4)} AND "consumedAt" IS NULL AND "expiresAt" > ${p(5)}
       RETURNING *`,
      [now, hash, brokerName, purpose, now],
    );
    const won = unwrapRows(rows)[0];
    if (won) return { ok: true, token: fromRow(won) };
    return { ok: false, replayOf: await this.explainMiss(brokerName, hash, purpose, manager) };
  }

  /**
   * Why a conditional consume of this token matched nothing, read afterwards: unknown or another purpose → 404,
   * another broker's → 403 (contract §1.2: a mismatch, not a miss), already consumed → the row, a replay for the
   * caller to revoke. Anything else was expired when the consume ran → 410. (A row that looks live now was not
   * consumable then; the consume alone decides, this only explains.)
   */
  async explainMiss(brokerName: string, tokenHash: string, purpose: OneTimeTokenPurpose, manager: EntityManager = this.ds.manager): Promise<OneTimeToken> {
    const row = await manager.findOneBy(OneTimeToken, { tokenHash });
    if (!row || row.purpose !== purpose) throw tokenNotFound();
    if (row.brokerName !== brokerName) throw brokerIdMismatch();
    if (row.consumedAt !== null) return row;
    throw tokenExpired();
  }
}

function fromRow(r: Record<string, unknown>): OneTimeToken {
  return Object.assign(new OneTimeToken(), {
    tokenHash: r.tokenHash,
    brokerName: r.brokerName,
    userId: Number(r.userId),
    purpose: r.purpose,
    keepLoggedIn: r.keepLoggedIn === true || r.keepLoggedIn === 1,
    accountLogin: toNumber(r.accountLogin),
    expiresAt: toNumber(r.expiresAt),
    consumedAt: toNumber(r.consumedAt),
    createdAt: toNumber(r.createdAt),
  });
}
