import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ModuleKey } from '../../src/config/module-key';
import type { BrokerContext } from '../../src/kernel/broker-identification/broker-context';
import { CurrentBroker } from '../../src/kernel/broker-identification/current-broker.decorator';
import { ContractException } from '../../src/kernel/errors/contract.exception';
import { ErrorCode } from '../../src/kernel/errors/error-code';
import { Screen, SCREEN_TEMPLATES, ScreenContext, ScreenException, ScreenRenderer, ScreenRoute, ScreenSessionService } from '../../src/kernel/screens';

const COUNTRIES = [
  { value: 'DE', label: 'Germany' },
  { value: 'ES', label: 'Spain' },
  { value: 'FR', label: 'France' },
  { value: 'GB', label: 'United Kingdom' },
];

/** A test-only screen that exercises the kernel the way a feature module will. */
@Controller('test-screens')
@ScreenRoute()
export class ScreenTestController {
  constructor(
    private readonly screens: ScreenRenderer,
    private readonly sessions: ScreenSessionService,
  ) {
    screens.defineTemplate('@test/sample-form', readFileSync(join(__dirname, 'templates', 'sample-form.eta'), 'utf8'));
  }

  @Get('form')
  form(@Screen() ctx: ScreenContext, @Res() reply: FastifyReply) {
    return this.screens.render(reply, '@test/sample-form', { values: {}, errors: {}, countries: COUNTRIES, firstLogin: ctx.firstLogin }, ctx);
  }

  @Post('form')
  async submit(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const email = typeof body?.email === 'string' ? body.email.trim() : '';
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      return this.screens.render(
        reply,
        '@test/sample-form',
        {
          values: { email },
          errors: { email: ctx.t('errors.invalidEmail') },
          formError: ctx.t('errors.invalidCredentials'),
          countries: COUNTRIES,
          firstLogin: ctx.firstLogin,
        },
        ctx,
        { status: 422 },
      );
    }
    await this.sessions.start(reply, broker, { userId: email, kind: 'sso', data: { step: 'signed-in' } });
    return reply.redirect(ctx.carry('/test-screens/me', { eventName: ctx.eventNameFor('me', { me: 'me_opened' }) }), 303);
  }

  @Get('me')
  async me(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const session = await this.sessions.current(request, broker, 'sso');
    if (!session) throw new ScreenException(401, 'errors.sessionExpired');
    return this.screens.render(
      reply,
      SCREEN_TEMPLATES.message,
      {
        tone: 'success',
        title: ctx.t('success.title'),
        message: `${session.userId} · ${broker.brokerName}`,
        actions: [{ href: ctx.carry('/test-screens/form'), label: ctx.t('common.back') }],
      },
      ctx,
    );
  }

  @Post('logout')
  async logout(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.sessions.end(request, reply, broker, 'sso');
    return reply.redirect(ctx.carry('/test-screens/me'), 303);
  }

  /** An in-app screen: consumes the token (here: any well-formed one), then post/redirect/get without it. */
  @Get('inapp')
  async inapp(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (ctx.token) {
      await this.sessions.start(reply, broker, { userId: 'u-inapp', kind: 'inapp', accountLogin: ctx.account ?? null });
      return reply.redirect(ctx.self({ account: ctx.account }), 303);
    }
    const session = await this.sessions.current(request, broker, 'inapp');
    if (!session) throw new ScreenException(401, 'errors.sessionExpired');
    return this.screens.render(
      reply,
      SCREEN_TEMPLATES.message,
      { tone: 'info', title: ctx.t('deposit.title'), message: ctx.t('deposit.intro', { account: String(session.accountLogin) }) },
      ctx,
      { closable: true, backHref: ctx.carry('/test-screens/form') },
    );
  }

  @Get('token-error')
  tokenError(): never {
    throw new ContractException(ErrorCode.TokenNotFound, 'Token not found');
  }

  @Get('throttled')
  throttled(): never {
    throw new ContractException(ErrorCode.RateLimited, 'Too many requests', { 'retry-after': '60' });
  }

  @Get('boom')
  boom(): never {
    throw new Error('internal detail that must not reach the page');
  }
}

/** A screen behind a module gate, for MODULE_DISABLED as a page. */
@Controller('test-screens-gated')
@ScreenRoute(ModuleKey.InappActions)
export class GatedScreenTestController {
  constructor(private readonly screens: ScreenRenderer) {}

  @Get()
  show(@Screen() ctx: ScreenContext, @Res() reply: FastifyReply) {
    return this.screens.render(reply, SCREEN_TEMPLATES.message, { title: ctx.t('deposit.title') }, ctx);
  }
}
