import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { UsersService } from '../../../kernel/users';
import { PartnerAttributionService } from './partner-attribution.service';
import { Partner } from '../entities/partner.entity';
import { PartnersService } from './partners.service';
import { PartnerTree } from './partner-tree.service';
import { numbered } from '../../../kernel/database';

export interface AttributedTrader {
  userId: number;
  ctidUserId: number | null;
  name: string;
  attributedAt: number;
  source: string;
  accounts: number[];
  marketing: Record<string, string>;
}

export interface LevelStats {
  /** 1 = the partner's own traders and direct sub-partners. */
  level: number;
  partners: number;
  traders: number;
}

export interface SubPartner {
  partnerId: string;
  name: string;
  createdAt: number;
}

/** Read side of the partner area and the admin stats: traders, sub-partners and counts per level. */
@Injectable()
export class PartnerAreaQueries {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly partners: PartnersService,
    private readonly attribution: PartnerAttributionService,
    private readonly tree: PartnerTree,
    private readonly users: UsersService,
  ) {}

  /** The traders attributed to the partner (newest first) with their trading accounts. */
  async traders(brokerName: string, partnerRef: number, limit = 100): Promise<{ total: number; traders: AttributedTrader[] }> {
    const [rows, total] = await this.attribution
      .attributionsOf(brokerName)
      .findAndCount({ where: { partnerRef, state: 'attributed' }, order: { attributedAt: 'DESC', id: 'DESC' }, take: limit });
    const ids = rows.map((r) => r.traderUserId!).filter((id) => id !== null);
    const users = ids.length ? await this.users.usersOf(brokerName).find({ where: { id: In(ids) } }) : [];
    const accounts = ids.length ? await this.users.accountsOf(brokerName).find({ where: { userId: In(ids) }, order: { id: 'ASC' } }) : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    return {
      total,
      traders: rows.map((r) => {
        const u = byId.get(r.traderUserId!);
        return {
          userId: r.traderUserId!,
          ctidUserId: r.ctidUserId,
          name: u ? `${u.firstName} ${u.lastName}`.trim() || u.email : '',
          attributedAt: r.attributedAt,
          source: r.source,
          accounts: accounts.filter((a) => a.userId === r.traderUserId && a.login !== null).map((a) => a.login!),
          marketing: safeJson(r.marketing),
        };
      }),
    };
  }

  /** Direct sub-partners. */
  async subPartners(brokerName: string, partnerRef: number): Promise<SubPartner[]> {
    const children = await this.partners.partnersOf(brokerName).find({ where: { parentId: partnerRef, status: 'active' }, order: { id: 'ASC' }, take: 500 });
    return this.named(brokerName, children);
  }

  async named(brokerName: string, partners: Partner[]): Promise<SubPartner[]> {
    const ids = partners.map((p) => p.userId).filter((id): id is number => id !== null);
    const users = ids.length ? await this.users.usersOf(brokerName).find({ where: { id: In(ids) } }) : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    return partners.map((p) => {
      const u = p.userId !== null ? byId.get(p.userId) : undefined;
      return { partnerId: p.partnerId, name: u ? `${u.firstName} ${u.lastName}`.trim() || u.email : '', createdAt: p.createdAt };
    });
  }

  /**
   * Per level below the partner: sub-partners at that depth, and traders attributed to partners one level up
   * (level 1 = the partner's own traders and direct sub-partners). Two grouped reads over the closure table.
   */
  async levels(brokerName: string, partnerRef: number): Promise<LevelStats[]> {
    const partnerCounts = await this.tree.countsPerLevel(brokerName, partnerRef);
    const m = this.ds.manager;
    const traderRows: Array<{ depth: number; n: number }> = await m.query(
      numbered(
        m,
        `SELECT c."depth" AS "depth", COUNT(a."id") AS "n" FROM "partner_closure" c JOIN "partner_attribution" a ON a."brokerName" = c."brokerName" AND a."partnerRef" = c."descendantId" ` +
          `WHERE c."brokerName" = ? AND c."ancestorId" = ? AND a."state" = 'attributed' GROUP BY c."depth"`,
      ),
      [brokerName, partnerRef],
    );
    const levels = new Map<number, LevelStats>();
    const at = (level: number) => levels.get(level) ?? levels.set(level, { level, partners: 0, traders: 0 }).get(level)!;
    for (const p of partnerCounts) at(p.level).partners = p.partners;
    for (const t of traderRows) at(Number(t.depth) + 1).traders = Number(t.n);
    return [...levels.values()].sort((a, b) => a.level - b.level);
  }
}

function safeJson(text: string): Record<string, string> {
  try {
    return JSON.parse(text || '{}') as Record<string, string>;
  } catch {
    return {};
  }
}
