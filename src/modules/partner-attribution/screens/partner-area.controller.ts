import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext, CurrentBroker } from '../../../kernel/broker-identification';
import { RateLimited } from '../../../kernel/rate-limit';
import {
  InappEntryService,
  Screen,
  ScreenContext,
  ScreenException,
  ScreenRenderer,
  ScreenRoute,
  ScreenSession,
  ScreenSessionService,
  ScreenTranslator,
} from '../../../kernel/screens';
import { PARTNER_TRANSLATIONS } from '../i18n/partner-translations';
import { PartnerAreaQueries } from '../services/partner-area.queries';
import { PartnerError } from '../domain/partner.error';
import { PartnersService } from '../services/partners.service';
import { referralLink } from '../services/referral-link';

const TEMPLATE = '@partner/area';

/**
 * The partner area (spec §2.2 `/client/partner`, conformance 6.3.3). Reached from the client area (a `client`
 * screen session) or from cTrader as an in-app screen (opened with a 4.4 token through the kernel's
 * InappEntryService, which works for both identity modes). "Become a partner" is a POST on the same page.
 */
@Controller('client/partner')
@ScreenRoute(ModuleKey.PartnerAttribution)
export class PartnerAreaController {
  constructor(
    private readonly screens: ScreenRenderer,
    private readonly sessions: ScreenSessionService,
    private readonly inapp: InappEntryService,
    private readonly partners: PartnersService,
    private readonly queries: PartnerAreaQueries,
    private readonly config: AppConfig,
    translator: ScreenTranslator,
  ) {
    screens.defineTemplate(TEMPLATE, readFileSync(join(__dirname, 'templates', 'partner-area.eta'), 'utf8'));
    translator.addTranslations(PARTNER_TRANSLATIONS);
  }

  @Get()
  async show(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const entry = await this.session(req, reply, broker, ctx);
    // Post/redirect/get without the single-use token in the address bar.
    if (entry.enteredWithToken) return reply.redirect(ctx.self(), 303);
    const userId = Number(entry.session.userId);
    const partner = await this.partners.findByUserId(broker.brokerName, userId);
    const active = partner?.status === 'active' ? partner : null;
    const fmt = new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'medium' });
    const model: Record<string, unknown> = {
      partner: active,
      becomeAction: ctx.carry('/client/partner/become'),
      notice: (req.query as Record<string, unknown>)?.joined === '1' && active ? ctx.t('partner.becameNotice') : undefined,
      levels: [],
      traders: [],
      traderTotal: 0,
      subPartners: [],
    };
    if (active) {
      const [levels, traders, subPartners] = [
        await this.queries.levels(broker.brokerName, active.id),
        await this.queries.traders(broker.brokerName, active.id),
        await this.queries.subPartners(broker.brokerName, active.id),
      ];
      Object.assign(model, {
        referralLink: referralLink(this.config, broker, active.partnerId),
        levels,
        traders: traders.traders.map((t) => ({ ...t, date: fmt.format(t.attributedAt) })),
        traderTotal: traders.total,
        subPartners: subPartners.map((p) => ({ ...p, date: fmt.format(p.createdAt) })),
      });
    }
    return this.screens.render(reply, TEMPLATE, model, ctx, { closable: entry.session.kind === 'inapp' });
  }

  @Post('become')
  @RateLimited(20)
  async become(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const entry = await this.session(req, reply, broker, ctx);
    try {
      await this.partners.becomePartner(
        broker,
        Number(entry.session.userId),
        { source: entry.session.kind === 'inapp' ? 'inappAction' : 'clientArea' },
        { actor: `user:${entry.session.userId}`, audit: false },
      );
    } catch (e) {
      if (e instanceof PartnerError && e.reason === 'USER_NOT_READY') throw new ScreenException(409, 'partner.notReady', { code: e.reason });
      if (e instanceof PartnerError) throw new ScreenException(401, 'errors.sessionExpired', { code: e.reason });
      throw e;
    }
    return reply.redirect(ctx.carry('/client/partner', { joined: '1' }), 303);
  }

  /** The client area's session, else an in-app entry (token or the in-app session it started). */
  private async session(
    req: FastifyRequest,
    reply: FastifyReply,
    broker: BrokerContext,
    ctx: ScreenContext,
  ): Promise<{ session: ScreenSession; enteredWithToken: boolean }> {
    if (!ctx.token) {
      const client = await this.sessions.current(req, broker, 'client');
      if (client) return { session: client, enteredWithToken: false };
    }
    return this.inapp.enter(req, reply, broker, ctx);
  }
}
