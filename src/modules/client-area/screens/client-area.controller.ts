import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Controller, Get, Logger, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext, CurrentBroker } from '../../../kernel/broker-identification';
import { ClientAreaLogin, ClientAreaSessions, ClientAreaStyle } from '../../../kernel/client-area';
import { CtraderGateway } from '../../../kernel/ctrader-gateway';
import { RateLimited } from '../../../kernel/rate-limit';
import { isScreenLanguage, Screen, SCREEN_TEMPLATES, ScreenContext, ScreenRenderer, ScreenRoute, ScreenSessionService } from '../../../kernel/screens';
import { normalizeEmail, PasswordLogin, UsersService } from '../../../kernel/users';
import { ClientAreaDashboard } from './client-area-dashboard.service';
import { Clock } from '../../../kernel/clock';

type Form = Record<string, unknown>;
const str = (v: unknown, max = 254) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const queryOf = (req: FastifyRequest): Record<string, unknown> => (req.query && typeof req.query === 'object' ? (req.query as Record<string, unknown>) : {});

/**
 * The client area (screens §2.2): the trader's own pages on the broker's site, logged in with the same users and
 * password as the SSO screens but with a session of its own (kind `client`). Broker-gated by Full SSO.
 */
@Controller('client')
@ScreenRoute(ModuleKey.FullSso)
export class ClientAreaController {
  private readonly logger = new Logger('ClientArea');

  constructor(
    private readonly clock: Clock,
    private readonly screens: ScreenRenderer,
    private readonly sessions: ScreenSessionService,
    private readonly clientSessions: ClientAreaSessions,
    private readonly passwordLogin: PasswordLogin,
    private readonly users: UsersService,
    private readonly gateway: CtraderGateway,
    private readonly dashboard: ClientAreaDashboard,
    private readonly style: ClientAreaStyle,
  ) {
    const dir = join(__dirname, 'templates');
    screens.defineTemplate('@client/login', readFileSync(join(dir, 'login.eta'), 'utf8'));
    screens.defineTemplate('@client/dashboard', readFileSync(join(dir, 'dashboard.eta'), 'utf8'));
  }

  @Get()
  async home(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const login = await this.clientSessions.current(req, broker);
    if (!login) return reply.redirect(ctx.carry('/client/login'), 303);
    const model = await this.dashboard.build(broker, login, ctx);
    const saved = queryOf(req).saved;
    return this.screens.render(
      reply,
      '@client/dashboard',
      { ...model, styleHref: this.style.href(ctx.basePath), notice: saved === 'language' ? ctx.t('clientArea.profile.languageSaved') : undefined },
      ctx,
      // "Open cTrader Web" posts to us and is answered with a redirect to the broker's cTrader Web URL: Chromium
      // applies form-action to that redirect, so the URL's origin is allowed here (and nowhere else).
      { csp: { formAction: model.ctraderWeb ? [model.ctraderWeb.origin] : [] } },
    );
  }

  @Get('login')
  async loginPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (await this.clientSessions.current(req, broker)) return reply.redirect(ctx.carry('/client'), 303);
    return this.renderLogin(reply, ctx, {});
  }

  @Post('login')
  @RateLimited(20)
  async login(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const email = normalizeEmail(str(body?.email));
    const password = typeof body?.password === 'string' ? body.password.slice(0, 200) : '';
    const user = await this.passwordLogin.verifyInBrowser(req, reply, broker.brokerName, email, password, 'client');
    // One message whatever went wrong: never whether the email exists (spec §2.1).
    if (!user) return this.renderLogin(reply, ctx, { email }, ctx.t('errors.invalidCredentials'), 401);
    await this.sessions.start(reply, broker, { userId: user.id, kind: 'client' });
    // Without an explicit `lang`, the client area speaks the trader's own preferred language.
    const asked = typeof queryOf(req).lang === 'string';
    const lang = asked || !isScreenLanguage(user.preferredLanguage) ? {} : { lang: user.preferredLanguage };
    return reply.redirect(ctx.carry('/client', lang), 303);
  }

  /** Profile: the trader's preferred language (emails, and this area when no `lang` is asked for). */
  @Post('profile/language')
  async saveLanguage(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const login = await this.clientSessions.current(req, broker);
    if (!login) return reply.redirect(ctx.carry('/client/login'), 303);
    const language = str(body?.language, 5);
    if (!isScreenLanguage(language)) return reply.redirect(ctx.carry('/client'), 303);
    await this.users.usersOf(broker.brokerName).update({ id: login.user.id }, { preferredLanguage: language, updatedAt: this.clock.now() });
    return reply.redirect(ctx.carry('/client', { lang: language, saved: 'language' }), 303);
  }

  /**
   * Client-area logout (flows §2.3): 3.12 logs the trader out of every cTrader app, then this session ends.
   * A cTrader failure does not keep the trader logged in here: the page says the apps could not be reached.
   */
  @Post('logout')
  async logout(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const login = await this.clientSessions.current(req, broker);
    const appsLoggedOut = login ? await this.logoutFromApps(broker, login) : true;
    await this.sessions.end(req, reply, broker, 'client');
    return this.screens.render(
      reply,
      SCREEN_TEMPLATES.message,
      {
        tone: appsLoggedOut ? 'success' : 'info',
        title: ctx.t('clientArea.logout.title'),
        message: ctx.t(appsLoggedOut ? 'clientArea.logout.message' : 'clientArea.logout.appsUnreachable'),
        actions: [{ href: ctx.carry('/client/login'), label: ctx.t('clientArea.logout.again') }],
      },
      ctx,
    );
  }

  private async logoutFromApps(broker: BrokerContext, login: ClientAreaLogin): Promise<boolean> {
    const ctid = login.user.ctidUserId;
    if (ctid === null) return true;
    try {
      await this.gateway.logoutEverywhere(broker, ctid);
      return true;
    } catch (e) {
      this.logger.warn({ brokerName: broker.brokerName, err: e instanceof Error ? e.message : String(e) }, '3.12 logout failed');
      return false;
    }
  }

  private renderLogin(reply: FastifyReply, ctx: ScreenContext, values: Record<string, string>, formError?: string, status = 200) {
    return this.screens.render(
      reply,
      '@client/login',
      {
        values,
        formError,
        styleHref: this.style.href(ctx.basePath),
        signupHref: ctx.carry('/auth/login', { firstLogin: true }),
        resetHref: ctx.carry('/auth/reset-password'),
      },
      ctx,
      { status },
    );
  }
}
