import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ModuleKey } from '../../../config/module-key';
import { hashPassword } from '../../../lib/crypto/password-hash';
import { BrokerContext } from '../../../kernel/broker-identification/broker-context';
import { CurrentBroker } from '../../../kernel/broker-identification/current-broker.decorator';
import { RateLimited } from '../../../kernel/rate-limit/rate-limited.decorator';
import {
  InappEntryService,
  Screen,
  SCREEN_LANGUAGES,
  SCREEN_TEMPLATES,
  ScreenContext,
  ScreenException,
  ScreenRenderer,
  ScreenRoute,
  ScreenSessionService,
  ScreenTranslator,
} from '../../../kernel/screens';
import { enumLabel } from '../../../kernel/screens/i18n/enum-labels';
import { PasswordLogin } from '../../../kernel/users/password-login.service';
import { TraderUser } from '../../../kernel/users/trader-user.entity';
import { isPrivateRelayEmail, normalizeEmail, UsersService } from '../../../kernel/users/users.service';
import { AccountOpening } from '../signup/account-opening.service';
import { SignupSaga } from '../signup/signup-saga.service';
import { SignupStepFailed } from '../signup/signup-step-failed.error';
import { countryOptions } from './country-options';
import { consentFields, countryError, readConsents, readNames } from './signup-form';
import { SIGNUP_FORM_TRANSLATIONS } from './signup-form-translations';
import { SsoNavigation } from './sso-navigation';
import { SSO_SCREEN_TRANSLATIONS } from './sso-screen-translations';

export const MIN_PASSWORD = 10;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

type Form = Record<string, unknown>;
const str = (v: unknown, max = 254) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/**
 * The Full-SSO screens (spec §2.2): login/signup on one URL, open new account, and the default success page.
 * A successful login or signup ends with a login OT token on the broker's success URL (flows §2.3).
 */
@Controller()
@ScreenRoute(ModuleKey.FullSso)
export class SsoScreensController {
  constructor(
    private readonly screens: ScreenRenderer,
    private readonly sessions: ScreenSessionService,
    private readonly users: UsersService,
    private readonly saga: SignupSaga,
    private readonly accounts: AccountOpening,
    private readonly passwordLogin: PasswordLogin,
    private readonly nav: SsoNavigation,
    private readonly inapp: InappEntryService,
    translator: ScreenTranslator,
  ) {
    translator.addTranslations(SSO_SCREEN_TRANSLATIONS);
    translator.addTranslations(SIGNUP_FORM_TRANSLATIONS);
    const dir = join(__dirname, 'templates');
    screens.defineTemplate('@sso/login', readFileSync(join(dir, 'login.eta'), 'utf8'));
    screens.defineTemplate('@sso/account-create', readFileSync(join(dir, 'account-create.eta'), 'utf8'));
  }

  @Get('auth/login')
  loginPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Res() reply: FastifyReply) {
    return this.renderLogin(reply, ctx, broker, ctx.firstLogin, {}, {});
  }

  @Post('auth/login')
  @RateLimited(20)
  async submit(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Body() body: Form, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return str(body?.form) === 'signup' ? this.signup(ctx, broker, body, reply) : this.login(ctx, broker, body, req, reply);
  }

  /**
   * Open a trading account (spec §2.2, conformance 6.3.6): after signup (SSO session), from the client area
   * (its `client` session) or from the app (an in-app OT token from 4.4, redeemed once, then post/redirect/get).
   */
  @Get('account/create')
  async accountPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (ctx.token) {
      await this.inapp.enter(req, reply, broker, ctx);
      return reply.redirect(ctx.self(), 303);
    }
    const { session } = await this.nav.signedIn(req, broker, ['sso', 'client', 'inapp']);
    return this.renderAccountForm(reply, ctx, broker, {}, {}, 200, session.kind === 'client' ? this.nav.to(ctx, broker, '/client', 'success') : undefined, session.kind === 'inapp');
  }

  @Post('account/create')
  async createAccount(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Body() body: Form, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const { session, user } = await this.nav.signedIn(req, broker, ['sso', 'client', 'inapp']);
    const choice = { currency: str(body?.currency, 3), leverage: Number(str(body?.leverage, 6)), accountType: str(body?.accountType, 16) };
    if (!this.accounts.validChoice(broker, choice)) {
      return this.renderAccountForm(reply, ctx, broker, { ...choice, leverage: String(choice.leverage) }, { currency: ctx.t('errors.invalidChoice') }, 422, undefined, session.kind === 'inapp');
    }
    let login: number | null;
    try {
      login = (await this.saga.completeWithAccount(broker, user, choice)).account.login;
    } catch (e) {
      throw this.stepFailure(e, ctx);
    }
    if (session.kind === 'client') {
      // From the client area: back to it (its own page lists the new account).
      return this.screens.render(
        reply,
        SCREEN_TEMPLATES.message,
        { tone: 'success', title: ctx.t('accountCreate.title'), message: ctx.t('accountCreate.done', { login }), actions: [{ href: this.nav.to(ctx, broker, '/client', 'success'), label: ctx.t('sso.backToAccount') }] },
        ctx,
      );
    }
    // From signup or the app: the success URL with a login OT token naming the new account, so the app logs in and switches to it.
    const keepLoggedIn = session.kind === 'sso' && Boolean(this.sessions.data<{ keepLoggedIn?: boolean }>(session)?.keepLoggedIn);
    if (session.kind === 'inapp') await this.sessions.revoke(session);
    return this.nav.toSuccessUrl(reply, ctx, broker, user.id, keepLoggedIn, login);
  }

  /** The default success URL: the app closes its browser when it sees it; the page itself just says so. */
  @Get('callback/success')
  success(@Screen() ctx: ScreenContext, @Res() reply: FastifyReply) {
    return this.screens.render(reply, SCREEN_TEMPLATES.message, { tone: 'success', title: ctx.t('success.title'), message: ctx.t('success.message') }, ctx);
  }

  private async login(ctx: ScreenContext, broker: BrokerContext, body: Form, req: FastifyRequest, reply: FastifyReply) {
    const email = normalizeEmail(str(body?.email));
    const password = typeof body?.password === 'string' ? body.password.slice(0, 200) : '';
    const keepLoggedIn = body?.keepLoggedIn !== undefined && body.keepLoggedIn !== '';
    const user = await this.passwordLogin.verify(broker.brokerName, email, password, { ip: req.ip, requestId: String(req.id), via: 'sso' });
    if (!user) {
      // Never says whether the email exists, nor whether the account is locked out (spec §2.1).
      return this.renderLogin(reply, ctx, broker, false, { email }, {}, `${ctx.t('errors.invalidCredentials')} ${ctx.t('sso.loginHint')}`, 401);
    }
    if (user.signupStep !== 'complete') {
      // A signup that stopped mid-way continues where it stopped.
      await this.sessions.start(reply, broker, { userId: user.id, kind: 'sso', data: { keepLoggedIn } });
      return reply.redirect(this.nav.to(ctx, broker, '/account/create', 'accountCreate'), 303);
    }
    return this.nav.toSuccessUrl(reply, ctx, broker, user.id, keepLoggedIn);
  }

  private async signup(ctx: ScreenContext, broker: BrokerContext, body: Form, reply: FastifyReply) {
    const errors: Record<string, string> = {};
    // Names, consents and country: signup-form.ts (the shared person-name rule, the broker's consents and countries).
    const consents = readConsents(broker, ctx, body, reply.request.ip, errors);
    const values = {
      email: normalizeEmail(str(body?.email)),
      ...readNames(body, ctx, errors),
      country: str(body?.country, 2).toUpperCase(),
      language: str(body?.language, 5),
      ...consents.checked,
    };
    const password = typeof body?.password === 'string' ? body.password : '';
    if (!EMAIL.test(values.email)) errors.email = ctx.t('errors.invalidEmail');
    else if (isPrivateRelayEmail(values.email)) errors.email = ctx.t('errors.privateRelayRefused');
    if (password.length < MIN_PASSWORD || password.length > 200) errors.password = ctx.t('errors.passwordTooShort', { min: MIN_PASSWORD });
    const countryProblem = countryError(broker, ctx, values.country);
    if (countryProblem) errors.country = countryProblem;
    const keepLoggedIn = body?.keepLoggedIn !== undefined && body.keepLoggedIn !== '';
    if (Object.keys(errors).length) return this.renderLogin(reply, ctx, broker, true, values, errors, undefined, 422);
    if (await this.users.findByEmail(broker.brokerName, values.email)) {
      return this.renderLogin(reply, ctx, broker, true, values, { email: ctx.t('errors.emailUnavailable') }, undefined, 422);
    }
    let user: TraderUser;
    try {
      user = await this.users.createFullSsoUser(broker.brokerName, {
        email: values.email,
        passwordHash: await hashPassword(password),
        firstName: values.firstName,
        lastName: values.lastName,
        country: values.country,
        preferredLanguage: values.language in SCREEN_LANGUAGES ? values.language : ctx.lang,
        attribution: { partnerId: ctx.partnerId, ...ctx.attribution },
      }, consents.given);
    } catch {
      // Two submits raced on the unique (broker, email) index.
      return this.renderLogin(reply, ctx, broker, true, values, { email: ctx.t('errors.emailUnavailable') }, undefined, 422);
    }
    // The session first: if cTrader fails below, "try again" resumes this user's saga.
    await this.sessions.start(reply, broker, { userId: user.id, kind: 'sso', data: { keepLoggedIn } });
    try {
      await this.saga.ensureCtid(broker, user);
    } catch (e) {
      throw this.stepFailure(e, ctx, ctx.carry('/account/create'));
    }
    return reply.redirect(this.nav.to(ctx, broker, '/account/create', 'accountCreate'), 303);
  }

  private stepFailure(e: unknown, ctx: ScreenContext, retryHref?: string): ScreenException {
    if (e instanceof SignupStepFailed) {
      return new ScreenException(e.final ? 422 : 503, e.final ? 'errors.badRequest' : 'errors.stepFailed', { retry: e.final ? undefined : (retryHref ?? ctx.self()), code: e.ctraderCode });
    }
    throw e;
  }

  private renderLogin(reply: FastifyReply, ctx: ScreenContext, broker: BrokerContext, signup: boolean, values: Record<string, string>, errors: Record<string, string>, formError?: string, status = 200) {
    return this.screens.render(
      reply,
      '@sso/login',
      {
        signup,
        values,
        errors,
        formError,
        minPassword: MIN_PASSWORD,
        consents: signup ? consentFields(broker, ctx, values, errors) : [],
        countries: signup ? countryOptions(ctx.lang, broker.config.countries) : [],
        languageOptions: Object.entries(SCREEN_LANGUAGES).map(([code, l]) => ({ value: code, label: l.nativeName })),
        resetHref: this.nav.to(ctx, broker, '/auth/reset-password', 'resetPassword'),
        switchHref: this.nav.to(ctx, broker, ctx.path, signup ? 'login' : 'signup', { firstLogin: !signup }),
      },
      ctx,
      { status },
    );
  }

  private renderAccountForm(reply: FastifyReply, ctx: ScreenContext, broker: BrokerContext, values: Record<string, string>, errors: Record<string, string>, status = 200, backHref?: string, closable = false) {
    const t = broker.config.trading;
    return this.screens.render(
      reply,
      '@sso/account-create',
      {
        values,
        errors,
        currencies: t.currencies.map((c) => ({ value: c, label: c })),
        leverages: t.leverages.map((l) => ({ value: String(l), label: `1:${l}` })),
        accountTypes: t.accountTypes.map((a) => ({ value: a, label: enumLabel(ctx.t, 'accountType', a) })),
      },
      ctx,
      // Opened from the app (in-app session): the trader can close it (6.2.1: every in-app screen has a way back).
      { status, backHref, closable },
    );
  }
}
