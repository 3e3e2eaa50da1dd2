import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { brokersWith } from '../admin-access/admin-principal';
import { BackOffice, BackOfficeBroker, BackOfficeFlash, BackOfficePage, BackOfficeRedirect, BackOfficeRenderer, BackOfficeSession } from '../back-office';
import type { BrokerContext } from '../broker-identification/broker-context';
import { ScreenTranslator } from '../screens/i18n/screen-translator.service';
import { UserSecurity } from '../users/user-security.service';
import { Trader360 } from './trader-360.service';

export const TRADER_360_TEMPLATES = {
  search: '/kernel/trader-360/templates/traders',
  trader: '/kernel/trader-360/templates/trader',
} as const;

const MAX_QUERY = 254;

/**
 * Trader 360 (issue #19): one search box for email, local id, cTID or trading login, and one page per trader whose
 * sections come from the modules the broker has on (Trader360Sections). Lock and unlock are UserSecurity's, the
 * same service as POST /admin/users/:id/lock|unlock, audited under the signed-in person.
 */
@Controller('back-office/brokers/:brokerName/traders')
export class Trader360PagesController {
  constructor(
    private readonly trader360: Trader360,
    private readonly security: UserSecurity,
    private readonly renderer: BackOfficeRenderer,
    private readonly flash: BackOfficeFlash,
    private readonly translator: ScreenTranslator,
  ) {}

  @Get()
  @BackOfficePage('read')
  async search(@BackOfficeBroker() broker: BrokerContext, @Query('q') q: unknown, @Query('locked') locked: unknown, @Res() reply: FastifyReply) {
    const query = typeof q === 'string' ? q.trim().slice(0, MAX_QUERY) : '';
    const lockedOnly = locked === '1';
    const matches = lockedOnly ? await this.trader360.locked(broker) : query ? await this.trader360.search(broker, query) : [];
    // One trader (a number may be both their login and their cTID): straight to their page.
    if (!lockedOnly && matches.length && matches.every((m) => m.user.id === matches[0].user.id))
      throw new BackOfficeRedirect(this.traderHref(broker, matches[0].user.id));
    const rows = matches.map((m) => ({
      kind: m.kind,
      userId: m.user.id,
      email: m.user.email,
      name: `${m.user.firstName} ${m.user.lastName}`.trim(),
      ctidUserId: m.user.ctidUserId,
      login: m.login ?? null,
      locked: m.user.lockedAt !== null,
      href: this.traderHref(broker, m.user.id),
    }));
    return this.renderer.render(
      reply,
      TRADER_360_TEMPLATES.search,
      { query, lockedOnly, rows, action: this.renderer.href(this.base(broker)) },
      'trader360.title',
    );
  }

  @Get(':userId')
  @BackOfficePage('read')
  async trader(
    @BackOfficeBroker() broker: BrokerContext,
    @BackOffice() session: BackOfficeSession,
    @Param('userId') userId: string,
    @Res() reply: FastifyReply,
  ) {
    const user = await this.trader360.trader(broker, userId);
    const view = await this.trader360.view(broker, user, { lang: 'en', t: this.translator.translator('en') });
    const support = brokersWith(session.principal.grants, 'traders.support');
    const mayAct = support === '*' || support.includes(broker.brokerName);
    return this.renderer.render(
      reply,
      TRADER_360_TEMPLATES.trader,
      {
        view,
        mayAct,
        searchAction: this.renderer.href(this.base(broker)),
        lockAction: this.renderer.href(`${this.base(broker)}/${user.id}/lock`),
        unlockAction: this.renderer.href(`${this.base(broker)}/${user.id}/unlock`),
      },
      'trader360.title',
    );
  }

  @Post(':userId/lock')
  @BackOfficePage('traders.support')
  async lock(
    @BackOfficeBroker() broker: BrokerContext,
    @BackOffice() session: BackOfficeSession,
    @Param('userId') userId: string,
    @Req() req: { id: string },
    @Res() reply: FastifyReply,
  ) {
    const user = await this.trader360.trader(broker, userId);
    await this.security.lock(user, { actor: session.principal.actor, requestId: req.id });
    this.flash.set(reply.request, reply, { tone: 'success', key: 'trader360.lockedNotice' });
    throw new BackOfficeRedirect(this.traderHref(broker, user.id));
  }

  @Post(':userId/unlock')
  @BackOfficePage('traders.support')
  async unlock(
    @BackOfficeBroker() broker: BrokerContext,
    @BackOffice() session: BackOfficeSession,
    @Param('userId') userId: string,
    @Req() req: { id: string },
    @Res() reply: FastifyReply,
  ) {
    const user = await this.trader360.trader(broker, userId);
    await this.security.unlock(user, { actor: session.principal.actor, requestId: req.id });
    this.flash.set(reply.request, reply, { tone: 'success', key: 'trader360.unlockedNotice' });
    throw new BackOfficeRedirect(this.traderHref(broker, user.id));
  }

  private base(broker: BrokerContext): string {
    return `/back-office/brokers/${encodeURIComponent(broker.brokerName)}/traders`;
  }

  private traderHref(broker: BrokerContext, userId: number): string {
    return this.renderer.href(`${this.base(broker)}/${userId}`);
  }
}
