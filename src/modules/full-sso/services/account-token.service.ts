import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { placeholder, toNumber, unwrapRows } from '../../../kernel/database';
import { hashToken, isWellFormedToken, newToken } from '../../../kernel/tokens';
import { AccountToken, AccountTokenPurpose } from '../entities/account-token.entity';
import { Clock } from '../../../kernel/clock';

/** Emailed-link secrets: issue, look at (to show the form), consume once. */
@Injectable()
export class AccountTokenService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async issue(
    manager: EntityManager,
    input: { brokerName: string; userId: number; purpose: AccountTokenPurpose; ttlMinutes: number; newEmail?: string },
  ): Promise<string> {
    const token = newToken();
    const now = this.clock.now();
    await manager.insert(AccountToken, {
      tokenHash: hashToken(token),
      brokerName: input.brokerName,
      userId: input.userId,
      purpose: input.purpose,
      newEmail: input.newEmail ?? null,
      expiresAt: now + input.ttlMinutes * 60_000,
      consumedAt: null,
      createdAt: now,
    });
    return token;
  }

  /** The live token (unused, unexpired, this broker, this purpose) — without consuming it — or null. */
  async peek(brokerName: string, token: unknown, purpose: AccountTokenPurpose): Promise<AccountToken | null> {
    if (!isWellFormedToken(token)) return null;
    return this.ds.manager.findOneBy(AccountToken, {
      tokenHash: hashToken(token),
      brokerName,
      purpose,
      consumedAt: IsNull(),
      expiresAt: MoreThan(this.clock.now()),
    });
  }

  /**
   * Consumes with ONE conditional UPDATE … RETURNING: of any number of concurrent uses (any instance) exactly one
   * gets the row; the others, like an unknown, expired or used token, get null.
   */
  async consume(manager: EntityManager, brokerName: string, token: unknown, purpose: AccountTokenPurpose): Promise<AccountToken | null> {
    if (!isWellFormedToken(token)) return null;
    const p = placeholder(this.ds);
    const now = this.clock.now();
    const rows = unwrapRows(
      await manager.query(
        `UPDATE "account_token" SET "consumedAt" = ${p(1)}
         WHERE "tokenHash" = ${p(2)} AND "brokerName" = ${p(3)} AND "purpose" = ${p(4)} AND "consumedAt" IS NULL AND "expiresAt" > ${p(5)}
         RETURNING *`,
        [now, hashToken(token), brokerName, purpose, now],
      ),
    );
    const r = rows[0];
    if (!r) return null;
    return Object.assign(new AccountToken(), {
      tokenHash: String(r.tokenHash),
      brokerName: String(r.brokerName),
      userId: Number(r.userId),
      purpose: r.purpose as AccountTokenPurpose,
      newEmail: (r.newEmail as string | null) ?? null,
      expiresAt: toNumber(r.expiresAt)!,
      consumedAt: toNumber(r.consumedAt),
      createdAt: toNumber(r.createdAt)!,
    });
  }

  /** A used link makes the user's other open links of that purpose useless too. */
  async invalidateOthers(manager: EntityManager, brokerName: string, userId: number, purpose: AccountTokenPurpose): Promise<void> {
    await manager.update(AccountToken, { brokerName, userId, purpose, consumedAt: IsNull() }, { consumedAt: this.clock.now() });
  }

  /** How many links of this purpose the user was sent since `since` (the per-account throttle). */
  countSince(brokerName: string, userId: number, purpose: AccountTokenPurpose, since: number): Promise<number> {
    return this.ds.manager.countBy(AccountToken, { brokerName, userId, purpose, createdAt: MoreThan(since) });
  }
}
