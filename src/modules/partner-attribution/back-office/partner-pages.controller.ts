import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ModuleKey } from '../../../config/module-key';
import { BackOfficeBroker, BackOfficePage, BackOfficeRenderer, sendCsv } from '../../../kernel/back-office';
import type { BrokerContext } from '../../../kernel/broker-identification';
import { Clock } from '../../../kernel/clock';
import { PartnerTreeView } from './partner-tree-view.service';

export const PARTNER_TREE_TEMPLATE = '/modules/partner-attribution/back-office/templates/partners';

/** The CSV's columns, in order (the header row). */
export const ATTRIBUTION_CSV_HEADER = [
  'partnerId',
  'partnerName',
  'partnerEmail',
  'traderEmail',
  'traderName',
  'traderCtidUserId',
  'state',
  'source',
  'attributedAt',
] as const;

/**
 * Partners in the back office (issue #19): the tree with the partners' names and the traders attributed to each
 * (the API's tree has partner ids only), and every attribution as CSV (the shell's CSV helper: RFC 4180 quoting and
 * formula neutralising, since names and emails are the traders' own input).
 */
@Controller('back-office/brokers/:brokerName/partners')
export class PartnerPagesController {
  constructor(
    private readonly view: PartnerTreeView,
    private readonly renderer: BackOfficeRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  @BackOfficePage('read', ModuleKey.PartnerAttribution)
  async tree(@BackOfficeBroker() broker: BrokerContext, @Res() reply: FastifyReply) {
    const nodes = await this.view.tree(broker.brokerName);
    const csvHref = this.renderer.href(`/back-office/brokers/${encodeURIComponent(broker.brokerName)}/partners/attributions.csv`);
    return this.renderer.render(reply, PARTNER_TREE_TEMPLATE, { nodes, csvHref }, 'partnerPages.title');
  }

  @Get('attributions.csv')
  @BackOfficePage('read', ModuleKey.PartnerAttribution)
  async csv(@BackOfficeBroker() broker: BrokerContext, @Res() reply: FastifyReply) {
    const rows = await this.view.csvRows(broker.brokerName);
    const day = new Date(this.clock.now()).toISOString().slice(0, 10);
    return sendCsv(
      reply,
      `attributions-${broker.brokerName}-${day}.csv`,
      ATTRIBUTION_CSV_HEADER,
      rows.map((r) => ATTRIBUTION_CSV_HEADER.map((k) => r[k])),
    );
  }
}
