import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TraderUser, UsersService } from '../../../kernel/users';
import { PartnerAttribution } from '../entities/partner-attribution.entity';
import { Partner } from '../entities/partner.entity';
import { PartnerAttributionService } from '../services/partner-attribution.service';
import { PartnersService } from '../services/partners.service';
import { personLabel } from './partner-names';

export interface AttributedTraderRow {
  userId: number | null;
  ctidUserId: number | null;
  email: string | null;
  name: string;
  state: string;
  source: string;
  attributedAt: number;
}

export interface PartnerTreeNode {
  partnerId: string;
  name: string;
  email: string | null;
  depth: number;
  referralState: string;
  source: string;
  parentPartnerId: string | null;
  traders: AttributedTraderRow[];
}

export interface AttributionCsvRow {
  partnerId: string;
  partnerName: string;
  partnerEmail: string;
  traderEmail: string;
  traderName: string;
  traderCtidUserId: string;
  state: string;
  source: string;
  attributedAt: string;
}

/** More than a page can show: the tree is cut there (the CSV export is not). */
export const PARTNER_TREE_LIMIT = 2000;

/**
 * The partners page (issue #19): the tree with the partners' names (the API's tree has only partner ids) and the
 * traders attributed to each, by name and email; and the attributions as CSV rows.
 */
@Injectable()
export class PartnerTreeView {
  constructor(
    private readonly partners: PartnersService,
    private readonly attribution: PartnerAttributionService,
    private readonly users: UsersService,
  ) {}

  /** Depth-first from the roots, children by creation order; each partner with its attributed traders. */
  async tree(brokerName: string): Promise<PartnerTreeNode[]> {
    const partners = await this.partners.partnersOf(brokerName).find({ where: { status: 'active' }, order: { id: 'ASC' }, take: PARTNER_TREE_LIMIT });
    const attributions = partners.length
      ? await this.attribution.attributionsOf(brokerName).find({ where: { partnerRef: In(partners.map((p) => p.id)) }, order: { id: 'ASC' } })
      : [];
    const users = await this.usersById(brokerName, [...partners.map((p) => p.userId), ...attributions.map((a) => a.traderUserId)]);
    const byParent = new Map<number | null, Partner[]>();
    const ids = new Set(partners.map((p) => p.id));
    for (const p of partners) {
      const parent = p.parentId !== null && ids.has(p.parentId) ? p.parentId : null;
      byParent.set(parent, [...(byParent.get(parent) ?? []), p]);
    }
    const tradersOf = new Map<number, AttributedTraderRow[]>();
    for (const a of attributions) tradersOf.set(a.partnerRef, [...(tradersOf.get(a.partnerRef) ?? []), traderRow(a, users)]);
    const partnerIdOf = new Map(partners.map((p) => [p.id, p.partnerId]));
    const out: PartnerTreeNode[] = [];
    const visit = (parent: number | null, depth: number) => {
      for (const p of byParent.get(parent) ?? []) {
        const user = p.userId !== null ? users.get(p.userId) : undefined;
        out.push({
          partnerId: p.partnerId,
          name: personLabel(user, p.ctidUserId),
          email: user?.email ?? null,
          depth,
          referralState: p.referralState,
          source: p.source,
          parentPartnerId: p.parentId !== null ? (partnerIdOf.get(p.parentId) ?? null) : null,
          traders: tradersOf.get(p.id) ?? [],
        });
        visit(p.id, depth + 1);
      }
    };
    visit(null, 0);
    return out;
  }

  /** Every attribution of the broker (current rows), with the partner's and the trader's names. */
  async csvRows(brokerName: string): Promise<AttributionCsvRow[]> {
    const attributions = await this.attribution.attributionsOf(brokerName).find({ order: { id: 'ASC' } });
    const partners = await this.partners.findByRefs(brokerName, [...new Set(attributions.map((a) => a.partnerRef))]);
    const partnerOf = new Map(partners.map((p) => [p.id, p]));
    const users = await this.usersById(brokerName, [...partners.map((p) => p.userId), ...attributions.map((a) => a.traderUserId)]);
    return attributions.map((a) => {
      const partner = partnerOf.get(a.partnerRef);
      const partnerUser = partner?.userId != null ? users.get(partner.userId) : undefined;
      const trader = traderRow(a, users);
      return {
        partnerId: partner?.partnerId ?? '',
        partnerName: personLabel(partnerUser, partner?.ctidUserId ?? null),
        partnerEmail: partnerUser?.email ?? '',
        traderEmail: trader.email ?? '',
        traderName: trader.name,
        traderCtidUserId: trader.ctidUserId === null ? '' : String(trader.ctidUserId),
        state: a.state,
        source: a.source,
        attributedAt: new Date(a.attributedAt).toISOString(),
      };
    });
  }

  private async usersById(brokerName: string, ids: Array<number | null>): Promise<Map<number, TraderUser>> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    const rows: TraderUser[] = [];
    for (let i = 0; i < wanted.length; i += 500) rows.push(...(await this.users.usersOf(brokerName).find({ where: { id: In(wanted.slice(i, i + 500)) } })));
    return new Map(rows.map((u) => [u.id, u]));
  }
}

function traderRow(a: PartnerAttribution, users: Map<number, TraderUser>): AttributedTraderRow {
  const user = a.traderUserId !== null ? users.get(a.traderUserId) : undefined;
  return {
    userId: a.traderUserId,
    ctidUserId: user?.ctidUserId ?? a.ctidUserId,
    email: user?.email ?? null,
    name: personLabel(user, user?.ctidUserId ?? a.ctidUserId),
    state: a.state,
    source: a.source,
    attributedAt: a.attributedAt,
  };
}
