import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext, BrokerRegistry } from '../../../kernel/broker-identification';
import type { CtraderInAppRules } from '../../../kernel/ctrader-gateway';
import { BrokerScopedRepository, dialectOfConnection, numbered, UnitOfWork, unwrapRows } from '../../../kernel/database';
import { JobQueue } from '../../../kernel/jobs';
import { TraderUser } from '../../../kernel/users';
import { RibbonCampaignDefinition, RibbonComputationContext } from '../domain/ribbon-campaign.types';
import { computeRibbonRules, ruleSetHash } from '../domain/ribbon-rules';
import { RibbonCampaign } from '../entities/ribbon-campaign.entity';
import { RibbonUserSync } from '../entities/ribbon-user-sync.entity';
import { RibbonUserFactStore } from './ribbon-user-fact-store.service';
import { campaignDefinition } from './ribbon-campaign-definitions';
import { RIBBON_PUSH_JOB, RibbonPushPayload } from '../jobs/ribbon-job-kinds';
import { Clock } from '../../../kernel/clock';

/** Users computed and written per transaction: bounded memory and short transactions with 100,000 users. */
const PAGE_SIZE = 500;

export interface RecomputeSummary {
  users: number;
  changed: number;
  pushesEnqueued: number;
}

/**
 * Keeps every user's desired rule set equal to what the campaigns say now, and enqueues a 3.9 push (durable job)
 * for each user whose set changed. Whether cTrader already has it is decided by the push job (hash of the last
 * pushed body), so nothing unchanged is ever sent.
 */
@Injectable()
export class RibbonSync {
  constructor(
    @InjectRepository(RibbonCampaign) private readonly campaigns: Repository<RibbonCampaign>,
    @InjectRepository(RibbonUserSync) private readonly syncRows: Repository<RibbonUserSync>,
    private readonly config: AppConfig,
    private readonly brokers: BrokerRegistry,
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
    private readonly queue: JobQueue,
    private readonly facts: RibbonUserFactStore,
  ) {}

  /** Brokers that use ribbons (broker gate). */
  ribbonBrokers(): BrokerContext[] {
    return this.brokers.all().filter((b) => b.modules.has(ModuleKey.InappControls));
  }

  isRibbonBroker(brokerName: string): boolean {
    return this.brokers.findByName(brokerName)?.modules.has(ModuleKey.InappControls) ?? false;
  }

  /** Brokers whose users share one cTID rule set with this broker's (same CRM, ribbons on). */
  siblingsOf(brokerName: string): string[] {
    const broker = this.broker(brokerName);
    return this.brokers
      .findByCrm(broker.brokerCrmName)
      .filter((b) => b.modules.has(ModuleKey.InappControls))
      .map((b) => b.brokerName)
      .sort();
  }

  computationContext(brokerName: string, now = this.clock.now()): RibbonComputationContext {
    const broker = this.broker(brokerName);
    return {
      brokerName,
      brandName: broker.config.branding.name,
      defaultLanguage: broker.config.branding.defaultLanguage,
      // One cTID user's rule set is shared by every broker of the CRM: never let one broker's ribbon show under another.
      tagEveryRibbonWithBrokerName: this.brokers.findByCrm(broker.brokerCrmName).length > 1,
      maxRibbonsPerUser: broker.config.ribbons.maxRibbonsPerUser,
      now,
    };
  }

  async definitions(brokerName: string): Promise<RibbonCampaignDefinition[]> {
    const rows = await new BrokerScopedRepository(this.campaigns, brokerName).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
    return rows.map((r) => campaignDefinition(r, this.config.server.baseUrl));
  }

  /** Preview: the rule set this user of this broker would get right now (nothing is stored or sent). */
  async preview(brokerName: string, user: TraderUser): Promise<CtraderInAppRules> {
    const facts = (await this.facts.factsFor(brokerName, [user])).get(user.id);
    if (!facts) return {};
    return computeRibbonRules(await this.definitions(brokerName), facts, this.computationContext(brokerName));
  }

  /** Every user of the broker (a campaign changed, a schedule boundary passed). */
  async recomputeAll(brokerName: string): Promise<RecomputeSummary> {
    const campaigns = await this.definitions(brokerName);
    const ctx = this.computationContext(brokerName);
    const summary: RecomputeSummary = { users: 0, changed: 0, pushesEnqueued: 0 };
    let afterId = 0;
    for (;;) {
      const page = await this.facts.usersPage(brokerName, afterId, PAGE_SIZE);
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      add(summary, await this.applyPage(brokerName, page, campaigns, ctx));
    }
    return summary;
  }

  /** Some users (their facts changed: signup, account, deposit, KYC, partner). */
  async recomputeUsers(brokerName: string, userIds: number[]): Promise<RecomputeSummary> {
    const summary: RecomputeSummary = { users: 0, changed: 0, pushesEnqueued: 0 };
    if (!this.isRibbonBroker(brokerName)) return summary;
    const campaigns = await this.definitions(brokerName);
    const ctx = this.computationContext(brokerName);
    for (let i = 0; i < userIds.length; i += PAGE_SIZE) {
      const users = await this.facts.usersByIds(brokerName, userIds.slice(i, i + PAGE_SIZE));
      add(summary, await this.applyPage(brokerName, users, campaigns, ctx));
    }
    return summary;
  }

  /**
   * Computes a page, then writes the changed rows and their push jobs in one transaction. Every write is
   * conditional on what was read (version / ON CONFLICT), so two instances recomputing at once cannot lose a
   * change: the loser of a race simply leaves the row to the winner, whose job pushes the same set.
   */
  private async applyPage(
    brokerName: string,
    users: TraderUser[],
    campaigns: RibbonCampaignDefinition[],
    ctx: RibbonComputationContext,
  ): Promise<RecomputeSummary> {
    const facts = await this.facts.factsFor(brokerName, users);
    const existing = await new BrokerScopedRepository(this.syncRows, brokerName).find({ where: { userId: In(users.map((u) => u.id)) } });
    const rowByUser = new Map(existing.map((r) => [r.userId, r]));
    const changes: Array<{ user: TraderUser; ctidUserId: number; rules: string; hash: string; row: RibbonUserSync | undefined }> = [];
    for (const user of users) {
      const userFacts = facts.get(user.id);
      if (!userFacts) continue;
      const rules = computeRibbonRules(campaigns, userFacts, ctx);
      const hash = ruleSetHash(rules);
      const row = rowByUser.get(user.id);
      if (row ? row.desiredHash === hash : rules.ribbons === undefined) continue; // unchanged, or never had a ribbon
      changes.push({ user, ctidUserId: userFacts.ctidUserId, rules: JSON.stringify(rules), hash, row });
    }
    let enqueued = 0;
    if (changes.length) {
      const now = this.clock.now();
      await this.unitOfWork.run(async (m) => {
        for (const c of changes) {
          const version = c.row
            ? await this.updateRow(m, c.row, c.rules, c.hash, now)
            : await this.insertRow(m, brokerName, c.user.id, c.ctidUserId, c.rules, c.hash, now);
          if (version === null) continue;
          const payload: RibbonPushPayload = { ctidUserId: c.ctidUserId };
          await this.queue.enqueue(m, { brokerName, kind: RIBBON_PUSH_JOB, payload, idempotencyKey: `u${c.ctidUserId}:v${version}` });
          enqueued += 1;
        }
      });
    }
    return { users: users.length, changed: changes.length, pushesEnqueued: enqueued };
  }

  /** Returns the new version, or null when another instance changed the row since it was read. */
  private async updateRow(m: EntityManager, row: RibbonUserSync, rules: string, hash: string, now: number): Promise<number | null> {
    const r = await m
      .createQueryBuilder()
      .update(RibbonUserSync)
      .set({ desiredRules: rules, desiredHash: hash, version: row.version + 1, state: 'pending', updatedAt: now })
      .where('id = :id AND version = :version AND "brokerName" = :brokerName', { id: row.id, version: row.version, brokerName: row.brokerName })
      .execute();
    return (r.affected ?? 0) === 1 ? row.version + 1 : null;
  }

  private async insertRow(
    m: EntityManager,
    brokerName: string,
    userId: number,
    ctidUserId: number,
    rules: string,
    hash: string,
    now: number,
  ): Promise<number | null> {
    const dialect = dialectOfConnection(m);
    const sql =
      `INSERT INTO "ribbon_user_sync" ("brokerName", "userId", "ctidUserId", "desiredRules", "desiredHash", "version", "pushedRules", "pushedHash", "pushedAt", "state", "lastError", "updatedAt") ` +
      `VALUES (?, ?, ?, ?, ?, 1, NULL, NULL, NULL, 'pending', NULL, ?) ON CONFLICT ("brokerName", "userId") DO NOTHING RETURNING "id"`;
    const rows = unwrapRows(await m.query(numbered(dialect, sql), [brokerName, userId, ctidUserId, rules, hash, now]));
    return rows.length === 1 ? 1 : null;
  }

  private broker(brokerName: string): BrokerContext {
    const b = this.brokers.findByName(brokerName);
    if (!b) throw new Error(`Unknown broker ${brokerName}`);
    return b;
  }
}

function add(total: RecomputeSummary, part: RecomputeSummary): void {
  total.users += part.users;
  total.changed += part.changed;
  total.pushesEnqueued += part.pushesEnqueued;
}
