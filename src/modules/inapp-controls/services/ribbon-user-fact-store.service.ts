import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not, Repository } from 'typeorm';
import { BrokerScopedRepository, dialectOfConnection, numbered } from '../../../kernel/database';
import { TraderUser, UsersService } from '../../../kernel/users';
import { KycStatus, RibbonUserFacts } from '../domain/ribbon-campaign.types';
import { RibbonUserFact } from '../entities/ribbon-user-fact.entity';

export interface FactChange {
  depositAt?: number;
  kycStatus?: KycStatus;
  isPartner?: boolean;
  activityAt?: number;
  /** When the event that brought kycStatus / isPartner happened: an older one never overwrites a newer one. */
  occurredAt?: number;
}

/**
 * The user facts the rule computation needs: names, language and linked accounts from the kernel's tables; deposits,
 * KYC and partner status from our own `ribbon_user_fact`, kept up to date by durable event reactions.
 */
@Injectable()
export class RibbonUserFactStore {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectRepository(RibbonUserFact) private readonly facts: Repository<RibbonUserFact>,
    private readonly users: UsersService,
  ) {}

  private factsOf(brokerName: string): BrokerScopedRepository<RibbonUserFact> {
    return new BrokerScopedRepository(this.facts, brokerName);
  }

  /**
   * Records what an event told us. INSERT … ON CONFLICT DO NOTHING then a plain UPDATE: no transaction and no
   * unique-violation (which would abort a surrounding PostgreSQL transaction) when two events race.
   * The first deposit and the latest activity only move forward; a status is taken only from an event at least as
   * recent as the one that set it (reactions are retried, so they may arrive out of order): applying the same
   * change twice, or an older one after a newer one, leaves the row as it is.
   */
  async record(brokerName: string, userId: number, change: FactChange, now: number): Promise<void> {
    const dialect = dialectOfConnection(this.ds);
    await this.ds.query(
      numbered(
        dialect,
        `INSERT INTO "ribbon_user_fact" ("brokerName", "userId", "firstDepositAt", "kycStatus", "isPartner", "lastActivityAt", "updatedAt") ` +
          `VALUES (?, ?, NULL, 'none', FALSE, NULL, ?) ON CONFLICT ("brokerName", "userId") DO NOTHING`,
      ),
      [brokerName, userId, now],
    );
    const sets: string[] = ['"updatedAt" = ?'];
    const params: unknown[] = [now];
    if (change.depositAt !== undefined) {
      sets.push('"firstDepositAt" = COALESCE("firstDepositAt", ?)');
      params.push(change.depositAt);
    }
    const at = change.occurredAt ?? now;
    const newer = (column: string) => `("${column}" IS NULL OR "${column}" <= ?)`;
    if (change.kycStatus !== undefined) {
      sets.push(
        `"kycStatus" = CASE WHEN ${newer('kycStatusAt')} THEN ? ELSE "kycStatus" END`,
        `"kycStatusAt" = CASE WHEN ${newer('kycStatusAt')} THEN ? ELSE "kycStatusAt" END`,
      );
      params.push(at, change.kycStatus, at, at);
    }
    if (change.isPartner !== undefined) {
      // better-sqlite3 binds no booleans.
      const value = dialect === 'sqlite' ? Number(change.isPartner) : change.isPartner;
      sets.push(
        `"isPartner" = CASE WHEN ${newer('isPartnerAt')} THEN ? ELSE "isPartner" END`,
        `"isPartnerAt" = CASE WHEN ${newer('isPartnerAt')} THEN ? ELSE "isPartnerAt" END`,
      );
      params.push(at, value, at, at);
    }
    if (change.activityAt !== undefined) {
      sets.push('"lastActivityAt" = CASE WHEN "lastActivityAt" IS NULL OR "lastActivityAt" < ? THEN ? ELSE "lastActivityAt" END');
      params.push(change.activityAt, change.activityAt);
    }
    await this.ds.query(numbered(dialect, `UPDATE "ribbon_user_fact" SET ${sets.join(', ')} WHERE "brokerName" = ? AND "userId" = ?`), [
      ...params,
      brokerName,
      userId,
    ]);
  }

  /** A page of the broker's users that cTrader knows (a cTID), in id order. */
  usersPage(brokerName: string, afterId: number, limit: number): Promise<TraderUser[]> {
    return this.users
      .usersOf(brokerName)
      .queryBuilder('u')
      .andWhere('u.ctidUserId IS NOT NULL')
      .andWhere('u.id > :afterId', { afterId })
      .orderBy('u.id', 'ASC')
      .take(limit)
      .getMany();
  }

  usersByIds(brokerName: string, ids: number[]): Promise<TraderUser[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.usersOf(brokerName).find({ where: { id: In(ids), ctidUserId: Not(IsNull()) }, order: { id: 'ASC' } });
  }

  /** The computation's view of each user, loaded with two queries per batch whatever its size. */
  async factsFor(brokerName: string, users: TraderUser[]): Promise<Map<number, RibbonUserFacts>> {
    const ids = users.map((u) => u.id);
    const result = new Map<number, RibbonUserFacts>();
    if (ids.length === 0) return result;
    const [accounts, facts] = await Promise.all([
      this.users
        .accountsOf(brokerName)
        .find({ where: { userId: In(ids), ctidTraderAccountId: Not(IsNull()), state: 'linked' }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.factsOf(brokerName).find({ where: { userId: In(ids) } }),
    ]);
    const factByUser = new Map(facts.map((f) => [f.userId, f]));
    const accountsByUser = new Map<number, typeof accounts>();
    for (const a of accounts) accountsByUser.set(a.userId, [...(accountsByUser.get(a.userId) ?? []), a]);
    for (const user of users) {
      if (user.ctidUserId === null) continue;
      const fact = factByUser.get(user.id);
      const own = accountsByUser.get(user.id) ?? [];
      result.set(user.id, {
        ctidUserId: user.ctidUserId,
        firstName: user.firstName,
        lastName: user.lastName,
        language: user.preferredLanguage || 'en',
        accounts: own.map((a) => ({ login: a.login!, ctidTraderAccountId: a.ctidTraderAccountId!, currency: a.currency })),
        funded: fact?.firstDepositAt != null,
        kycStatus: fact?.kycStatus ?? 'none',
        isPartner: fact?.isPartner ?? false,
        lastActivityAt: Math.max(user.createdAt, fact?.lastActivityAt ?? 0, ...own.map((a) => a.createdAt)),
      });
    }
    return result;
  }
}
