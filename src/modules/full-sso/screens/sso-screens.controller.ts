import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IsNull } from 'typeorm';
import { ModuleKey } from '../../../config/module-key';
import { hashPassword } from '../../../lib/crypto/password-hash';
import { BrokerContext, CurrentBroker } from '../../../kernel/broker-identification';
import { KeyedRateLimit, RateLimited } from '../../../kernel/rate-limit';
import {
  enumLabel,
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
import { isPrivateRelayEmail, normalizeEmail, PasswordLogin, TraderUser, UsersService } from '../../../kernel/users';
import { AccountLimitReached } from '../domain/account-limit-reached.error';
import { AccountOpening } from '../services/account-opening.service';
import { SignupSaga } from '../services/signup-saga.service';
import { SignupStepFailed } from '../domain/signup-step-failed.error';
import { EmailHasCtid } from '../domain/email-has-ctid.error';
import { PendingSignup, SignupEmailVerification } from '../services/signup-email-verification.service';
import { countryOptions } from './country-options';
import { consentFields, countryError, readConsents, readNames } from './signup-form';
import { SIGNUP_FORM_TRANSLATIONS } from './signup-form-translations';
import { SsoNavigation } from './sso-navigation';
import { SSO_SCREEN_TRANSLATIONS } from './sso-screen-translations';
import { Clock } from '../../../kernel/clock';

export const MIN_PASSWORD = 10;
/** Account-opening submits per trader (whatever the session or the address) per ACCOUNT_CREATE_WINDOW_MS. */
export const ACCOUNT_CREATES_PER_TRADER = 5;
const ACCOUNT_CREATE_WINDOW_MS = 10 * 60_000;
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
    private readonly clock: Clock,
    private readonly screens: ScreenRenderer,
    private readonly sessions: ScreenSessionService,
    private readonly users: UsersService,
    private readonly saga: SignupSaga,
    private readonly accounts: AccountOpening,
    private readonly passwordLogin: PasswordLogin,
    private readonly nav: SsoNavigation,
    private readonly inapp: InappEntryService,
    private readonly verification: SignupEmailVerification,
    private readonly rateLimit: KeyedRateLimit,
    translator: ScreenTranslator,
  ) {
    translator.addTranslations(SSO_SCREEN_TRANSLATIONS);
    translator.addTranslations(SIGNUP_FORM_TRANSLATIONS);
    const dir = join(__dirname, 'templates');
    screens.defineTemplate('@sso/login', readFileSync(join(dir, 'login.eta'), 'utf8'));
    screens.defineTemplate('@sso/verify-email', readFileSync(join(dir, 'verify-email.eta'), 'utf8'));
    screens.defineTemplate('@sso/account-create', readFileSync(join(dir, 'account-create.eta'), 'utf8'));
  }

  @Get('auth/login')
  loginPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Res() reply: FastifyReply) {
    return this.renderLogin(reply, ctx, broker, ctx.firstLogin, {}, {});
  }

  @Post('auth/login')
  @RateLimited(20)
  async submit(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    switch (str(body?.form)) {
      case 'signup':
        return this.signup(ctx, broker, body, req, reply);
      default:
        return this.login(ctx, broker, body, req, reply);
    }
  }

  /**
   * The code step of signup (its own throttle, so typing a code does not eat into the login budget; each code's
   * tries and the sends per address and IP are limited by SignupEmailVerification).
   */
  @Post('auth/signup/verify')
  @RateLimited(20)
  async signupCode(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return str(body?.form) === 'resendCode' ? this.resendCode(ctx, broker, body, req, reply) : this.verifyCode(ctx, broker, body, req, reply);
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
    return this.renderAccountForm(
      reply,
      ctx,
      broker,
      {},
      {},
      200,
      session.kind === 'client' ? this.nav.to(ctx, broker, '/client', 'success') : undefined,
      session.kind === 'inapp',
    );
  }

  @Post('account/create')
  @RateLimited(20)
  async createAccount(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { session, user } = await this.nav.signedIn(req, broker, ['sso', 'client', 'inapp']);
    // Per trader, not per IP: one trader's sessions (signup, client area, app) share the budget.
    const verdict = await this.rateLimit.hit(`account-create:${broker.brokerName}:${user.id}`, ACCOUNT_CREATES_PER_TRADER, ACCOUNT_CREATE_WINDOW_MS);
    if (!verdict.allowed)
      throw new ScreenException(429, 'errors.tooManyAttempts', { code: 'RATE_LIMITED', headers: { 'retry-after': String(verdict.retryAfterSeconds) } });
    const choice = { currency: str(body?.currency, 3), leverage: Number(str(body?.leverage, 6)), accountType: str(body?.accountType, 16) };
    if (!this.accounts.validChoice(broker, choice)) {
      return this.renderAccountForm(
        reply,
        ctx,
        broker,
        { ...choice, leverage: String(choice.leverage) },
        { currency: ctx.t('errors.invalidChoice') },
        422,
        undefined,
        session.kind === 'inapp',
      );
    }
    let login: number | null;
    try {
      login = (await this.saga.completeWithAccount(broker, user, choice)).account.login;
    } catch (e) {
      if (e instanceof AccountLimitReached) {
        throw new ScreenException(409, 'accountCreate.limitReached', {
          titleKey: 'accountCreate.title',
          params: { max: e.max },
          code: 'ACCOUNT_LIMIT_REACHED',
        });
      }
      throw this.stepFailure(e, ctx);
    }
    if (session.kind === 'client') {
      // From the client area: back to it (its own page lists the new account).
      return this.screens.render(
        reply,
        SCREEN_TEMPLATES.message,
        {
          tone: 'success',
          title: ctx.t('accountCreate.title'),
          message: ctx.t('accountCreate.done', { login }),
          actions: [{ href: this.nav.to(ctx, broker, '/client', 'success'), label: ctx.t('sso.backToAccount') }],
        },
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
    const user = await this.passwordLogin.verifyInBrowser(req, reply, broker.brokerName, email, password, 'sso');
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

  private async signup(ctx: ScreenContext, broker: BrokerContext, body: Form, req: FastifyRequest, reply: FastifyReply) {
    const errors: Record<string, string> = {};
    // Names, consents and country: signup-form.ts (the shared person-name rule, the broker's consents and countries).
    const consents = readConsents(broker, ctx, body, req.ip, errors);
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
    const signup: PendingSignup = {
      passwordHash: await hashPassword(password),
      firstName: values.firstName,
      lastName: values.lastName,
      country: values.country,
      preferredLanguage: values.language in SCREEN_LANGUAGES ? values.language : ctx.lang,
      attribution: { partnerId: ctx.partnerId, ...ctx.attribution },
      keepLoggedIn,
      consents: consents.given,
    };
    if (broker.config.fullSso.signup.emailVerification === 'code') {
      // The same answer whether or not the address has a profile (its owner is emailed instead): no enumeration.
      const { handle, sent } = await this.verification.start(broker, values.email, signup, req.ip);
      return this.renderCodeForm(reply, ctx, broker, handle, values.email, sent ? 'sent' : 'limited');
    }
    // `emailVerification: none`: the broker verifies addresses elsewhere; nothing here can hide a taken one.
    const owner = await this.users.findByEmail(broker.brokerName, values.email);
    if (owner) {
      await this.verification.noticeToOwner(broker, owner, req.ip);
      return this.renderEmailHasProfile(reply, ctx, broker);
    }
    return this.createUserAndContinue(ctx, broker, values.email, signup, null, req, reply);
  }

  /** The signup code typed on the same screen (flows §2.3 "Email ownership"). */
  private async verifyCode(ctx: ScreenContext, broker: BrokerContext, body: Form, req: FastifyRequest, reply: FastifyReply) {
    const handle = str(body?.signup, 64);
    const code = str(body?.code, 20).replace(/[\s-]/g, '');
    const check = await this.verification.check(broker, handle, code);
    switch (check.result) {
      case 'gone':
        throw new ScreenException(410, 'sso.verify.gone', { retry: this.signupHref(ctx, broker), code: 'SIGNUP_EXPIRED' });
      case 'wrong':
        return this.renderCodeForm(reply, ctx, broker, handle, check.email, 'sent', ctx.t('sso.verify.wrongCode'), 422);
      case 'needsNewCode':
        return this.renderCodeForm(reply, ctx, broker, handle, check.email, 'sent', ctx.t('sso.verify.needsNewCode'), 422);
      case 'verified':
        return this.createUserAndContinue(ctx, broker, check.email, check.signup, this.clock.now(), req, reply);
    }
  }

  private async resendCode(ctx: ScreenContext, broker: BrokerContext, body: Form, req: FastifyRequest, reply: FastifyReply) {
    const handle = str(body?.signup, 64);
    const resent = await this.verification.resend(broker, handle, req.ip);
    if (!resent) throw new ScreenException(410, 'sso.verify.gone', { retry: this.signupHref(ctx, broker), code: 'SIGNUP_EXPIRED' });
    return this.renderCodeForm(reply, ctx, broker, handle, resent.email, resent.sent ? 'resent' : 'limited');
  }

  /**
   * The local user, then the cTID steps (flows §2.3). The session comes first: if cTrader fails, "try again"
   * resumes this user's saga. A cTID that predates the profile (adopted after verification) means the trader
   * already has accounts: signup completes and they continue with those.
   */
  private async createUserAndContinue(
    ctx: ScreenContext,
    broker: BrokerContext,
    email: string,
    signup: PendingSignup,
    emailVerifiedAt: number | null,
    req: FastifyRequest,
    reply: FastifyReply,
  ) {
    let user: TraderUser;
    try {
      user = await this.users.createFullSsoUser(
        broker.brokerName,
        {
          email,
          passwordHash: signup.passwordHash,
          firstName: signup.firstName,
          lastName: signup.lastName,
          country: signup.country,
          preferredLanguage: signup.preferredLanguage,
          attribution: signup.attribution,
          emailVerifiedAt,
        },
        signup.consents,
      );
    } catch (e) {
      // The unique (broker, email) index: the address got a profile meanwhile (this person's other tab).
      if (await this.users.findByEmail(broker.brokerName, email)) return this.renderEmailHasProfile(reply, ctx, broker);
      throw e;
    }
    const session = await this.sessions.start(reply, broker, { userId: user.id, kind: 'sso', data: { keepLoggedIn: signup.keepLoggedIn } });
    let adopted: boolean;
    try {
      ({ user, adopted } = await this.saga.ensureCtid(broker, user, String(req.id)));
    } catch (e) {
      if (e instanceof EmailHasCtid) {
        // Nothing was created at cTrader and nothing may be linked: the unverified profile goes.
        await this.sessions.revoke(session);
        await this.users.usersOf(broker.brokerName).delete({ id: user.id, ctidUserId: IsNull() });
        return this.renderEmailHasProfile(reply, ctx, broker);
      }
      throw this.stepFailure(e, ctx, ctx.carry('/account/create'));
    }
    if (adopted) {
      user = await this.saga.completeWithExistingAccounts(broker, user);
      return this.nav.toSuccessUrl(reply, ctx, broker, user.id, signup.keepLoggedIn);
    }
    return reply.redirect(this.nav.to(ctx, broker, '/account/create', 'accountCreate'), 303);
  }

  private signupHref(ctx: ScreenContext, broker: BrokerContext): string {
    return this.nav.to(ctx, broker, '/auth/login', 'signup', { firstLogin: true });
  }

  private renderCodeForm(
    reply: FastifyReply,
    ctx: ScreenContext,
    broker: BrokerContext,
    handle: string,
    email: string,
    notice: 'sent' | 'resent' | 'limited',
    formError?: string,
    status = 200,
  ) {
    return this.screens.render(
      reply,
      '@sso/verify-email',
      {
        handle,
        email,
        notice,
        formError,
        minutes: broker.config.fullSso.signup.codeTtlMinutes,
        action: ctx.carry('/auth/signup/verify'),
        otherEmailHref: this.signupHref(ctx, broker),
      },
      ctx,
      { status },
    );
  }

  /** "This email already has a profile: log in or reset your password" (only where the address is proven, or the broker verifies elsewhere). */
  private renderEmailHasProfile(reply: FastifyReply, ctx: ScreenContext, broker: BrokerContext) {
    return this.screens.render(
      reply,
      SCREEN_TEMPLATES.message,
      {
        tone: 'info',
        title: ctx.t('sso.emailHasProfile.title'),
        message: ctx.t('sso.emailHasProfile.message'),
        actions: [
          { href: this.nav.to(ctx, broker, '/auth/login', 'login', { firstLogin: false }), label: ctx.t('login.submit') },
          { href: this.nav.to(ctx, broker, '/auth/reset-password', 'resetPassword'), label: ctx.t('login.resetPassword'), secondary: true },
        ],
      },
      ctx,
      { status: 409 },
    );
  }

  private stepFailure(e: unknown, ctx: ScreenContext, retryHref?: string): ScreenException {
    if (e instanceof EmailHasCtid)
      return new ScreenException(409, 'sso.emailHasProfile.message', { titleKey: 'sso.emailHasProfile.title', code: 'EMAIL_HAS_PROFILE' });
    if (e instanceof SignupStepFailed) {
      return new ScreenException(e.final ? 422 : 503, e.final ? 'errors.badRequest' : 'errors.stepFailed', {
        retry: e.final ? undefined : (retryHref ?? ctx.self()),
        code: e.ctraderCode,
      });
    }
    throw e;
  }

  private renderLogin(
    reply: FastifyReply,
    ctx: ScreenContext,
    broker: BrokerContext,
    signup: boolean,
    values: Record<string, string>,
    errors: Record<string, string>,
    formError?: string,
    status = 200,
  ) {
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

  private renderAccountForm(
    reply: FastifyReply,
    ctx: ScreenContext,
    broker: BrokerContext,
    values: Record<string, string>,
    errors: Record<string, string>,
    status = 200,
    backHref?: string,
    closable = false,
  ) {
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
