import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext, CurrentBroker } from '../../../kernel/broker-identification';
import { ClientAreaSessions, ClientAreaStyle } from '../../../kernel/client-area';
import { Screen, ScreenContext, ScreenRenderer, ScreenRoute } from '../../../kernel/screens';
import { CtraderWebLaunchService } from './ctrader-web-launch.service';

/**
 * Embedded cTrader Web (screens §2.2, conformance 6.3.8) for a trader logged in to the client area:
 * - GET /client/ctrader-web — cTrader Web in an iframe of our page; every load (a reload, an account switch)
 *   issues a new token. The token is only in the iframe's src, never in our page's URL.
 * - POST /client/ctrader-web/open — "Open cTrader Web" on a new page: issues the token and answers 303 to the
 *   broker's cTrader Web URL, so the token never appears in our own URLs either.
 * Both send Referrer-Policy: no-referrer (every screen does), so the token-bearing URL is not leaked onwards.
 */
@Controller('client/ctrader-web')
@ScreenRoute(ModuleKey.EmbeddedWeb)
export class EmbeddedWebController {
  constructor(
    private readonly screens: ScreenRenderer,
    private readonly clientSessions: ClientAreaSessions,
    private readonly launcher: CtraderWebLaunchService,
    private readonly style: ClientAreaStyle,
  ) {
    screens.defineTemplate('@embedded-web/frame', readFileSync(join(__dirname, 'templates', 'frame.eta'), 'utf8'));
  }

  @Get()
  async frame(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Query('account') account: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const login = await this.clientSessions.current(req, broker);
    if (!login) return reply.redirect(ctx.carry('/client/login'), 303);
    const launch = await this.launcher.launch(broker, login, ctx, account);
    const origin = new URL(launch.url).origin;
    // The switcher is a GET form: a form's action loses its query string, so the carried parameters go as fields.
    const switchAction = ctx.carry('/client/ctrader-web');
    const carried = [...new URL(switchAction, 'http://x').searchParams].map(([name, value]) => ({ name, value }));
    return this.screens.render(
      reply,
      '@embedded-web/frame',
      {
        frameSrc: launch.url,
        account: launch.account,
        accounts: launch.accounts.map((a) => ({
          value: String(a.login),
          label: `${a.login} · ${a.currency} · ${a.environment === 'demo' ? ctx.t('embeddedWeb.demo') : ctx.t('embeddedWeb.live')}`,
        })),
        switchAction: switchAction.split('?')[0],
        carried,
        openAction: ctx.carry('/client/ctrader-web/open'),
        styleHref: this.style.href(ctx.basePath),
      },
      ctx,
      // Framing exactly the broker's cTrader Web origin; the new-page form's redirect goes there too.
      { backHref: ctx.carry('/client'), csp: { frame: [origin], formAction: [origin] } },
    );
  }

  @Post('open')
  async open(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const login = await this.clientSessions.current(req, broker);
    if (!login) return reply.redirect(ctx.carry('/client/login'), 303);
    const launch = await this.launcher.launch(broker, login, ctx, body?.account);
    reply.header('referrer-policy', 'no-referrer');
    return reply.redirect(launch.url, 303);
  }
}
