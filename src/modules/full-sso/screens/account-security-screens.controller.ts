import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Controller, Get, Logger, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext, CurrentBroker } from '../../../kernel/broker-identification';
import { RateLimited } from '../../../kernel/rate-limit';
import {
  InappEntryService,
  Screen,
  SCREEN_TEMPLATES,
  ScreenContext,
  ScreenRenderer,
  ScreenRoute,
  ScreenSessionKind,
  ScreenSessionService,
} from '../../../kernel/screens';
import { hashPassword } from '../../../lib/crypto/password-hash';
import { isPrivateRelayEmail, normalizeEmail, PasswordLogin, UserSecurity, UsersService } from '../../../kernel/users';
import { EmailChange } from '../services/email-change.service';
import { PasswordReset } from '../services/password-reset.service';
import { SupportEmails } from '../services/support-emails.service';
import { MIN_PASSWORD } from './sso-screens.controller';
import { SignedIn, SsoNavigation } from './sso-navigation';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
type Form = Record<string, unknown>;
const str = (v: unknown, max = 254) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const secret = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');
/** Who may change their password or email: after SSO login, in the client area, or opened from the app. */
const SIGNED_IN: ScreenSessionKind[] = ['sso', 'client', 'inapp'];
const linkToken = (v: unknown) => (typeof v === 'string' && v.length <= 64 ? v : '');

/**
 * Reset password, change password, change email (spec §2.2). Reset is for anyone with the email's inbox; the
 * other two need a live screen session — of the SSO screens, of the client area (which links here from its
 * profile page), or of the app (opened with an in-app OT token).
 */
@Controller()
@ScreenRoute(ModuleKey.FullSso)
export class AccountSecurityScreensController {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    private readonly screens: ScreenRenderer,
    private readonly sessions: ScreenSessionService,
    private readonly users: UsersService,
    private readonly passwordLogin: PasswordLogin,
    private readonly security: UserSecurity,
    private readonly reset: PasswordReset,
    private readonly emailChange: EmailChange,
    private readonly supportEmails: SupportEmails,
    private readonly nav: SsoNavigation,
    private readonly inapp: InappEntryService,
  ) {
    const dir = join(__dirname, 'templates');
    for (const name of ['reset-request', 'reset-confirm', 'change-password', 'change-email', 'email-confirm', 'email-verify'] as const) {
      screens.defineTemplate(`@sso/${name}`, readFileSync(join(dir, `${name}.eta`), 'utf8'));
    }
  }

  // ---- Reset password (conformance 6.3.9) ----

  @Get('auth/reset-password')
  resetPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Res() reply: FastifyReply) {
    return this.renderResetRequest(reply, ctx, broker, {}, {});
  }

  /** Per IP here; per account inside PasswordReset (resetEmailsPerHour). The answer never depends on the email. */
  @Post('auth/reset-password')
  @RateLimited(5)
  async requestReset(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Body() body: Form, @Res() reply: FastifyReply) {
    const email = normalizeEmail(str(body?.email));
    if (!EMAIL.test(email)) return this.renderResetRequest(reply, ctx, broker, { email }, { email: ctx.t('errors.invalidEmail') }, 422);
    // Not awaited: the answer must take the same time whether or not an account (and an email) is behind it.
    void this.reset
      .request(broker, email)
      .catch((e: unknown) => this.logger.error({ brokerName: broker.brokerName, err: (e as Error).message }, 'reset request failed'));
    return this.message(reply, ctx, 'info', ctx.t('resetPassword.title'), ctx.t('resetPassword.sent'), [
      { href: this.nav.to(ctx, broker, '/auth/login', 'login', { firstLogin: false }), label: ctx.t('signup.logInLink'), secondary: true },
    ]);
  }

  @Get('auth/reset-password/confirm')
  async resetConfirmPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const token = linkToken((req.query as Record<string, unknown>)?.t);
    if (!(await this.reset.usable(broker, token))) return this.resetLinkExpired(reply, ctx, broker);
    return this.renderResetConfirm(reply, ctx, token, {});
  }

  @Post('auth/reset-password/confirm')
  @RateLimited(10)
  async resetConfirm(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const token = linkToken(body?.t);
    const password = secret(body?.newPassword);
    const errors = this.newPasswordErrors(ctx, body);
    if (Object.keys(errors).length) {
      if (!(await this.reset.usable(broker, token))) return this.resetLinkExpired(reply, ctx, broker);
      return this.renderResetConfirm(reply, ctx, token, errors, 422);
    }
    const user = await this.reset.complete(broker, token, password, String(req.id));
    if (!user) return this.resetLinkExpired(reply, ctx, broker);
    // Spec §2.2: after the reset the user is logged in (a fresh session) and sent to the success URL.
    if (user.origin === 'fullSso' && user.signupStep !== 'complete') {
      await this.sessions.start(reply, broker, { userId: user.id, kind: 'sso', data: { keepLoggedIn: false } });
      return reply.redirect(this.nav.to(ctx, broker, '/account/create', 'accountCreate'), 303);
    }
    return this.nav.toSuccessUrl(reply, ctx, broker, user.id, false);
  }

  // ---- Change password ----

  @Get('account/password')
  async changePasswordPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (ctx.token) return this.enterFromApp(req, reply, broker, ctx);
    const signedIn = await this.nav.signedIn(req, broker, SIGNED_IN);
    return this.renderChangePassword(reply, ctx, broker, signedIn, {});
  }

  @Post('account/password')
  @RateLimited(10)
  async changePassword(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const signedIn = await this.nav.signedIn(req, broker, SIGNED_IN);
    const { user, session } = signedIn;
    if (user.passwordHash === null) return this.renderChangePassword(reply, ctx, broker, signedIn, {}, ctx.t('sso.noPasswordYet'), 422);
    const errors = this.newPasswordErrors(ctx, body);
    // Through PasswordLogin: guessing the current password from a stolen session counts towards the lockout.
    const current = await this.passwordLogin.verifyInBrowser(req, reply, broker.brokerName, user.email, secret(body?.currentPassword), 'changePassword');
    if (!current) errors.currentPassword = ctx.t('errors.wrongPassword');
    if (Object.keys(errors).length) return this.renderChangePassword(reply, ctx, broker, signedIn, errors, undefined, 422);
    await this.security.setPassword(
      user,
      await hashPassword(secret(body?.newPassword)),
      'change',
      { actor: `user:${user.id}`, requestId: String(req.id) },
      session.id,
    );
    return this.message(reply, ctx, 'success', ctx.t('changePassword.title'), ctx.t('changePassword.done'), this.backActions(ctx, broker, signedIn));
  }

  // ---- Change email ----

  @Get('account/email')
  async changeEmailPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (ctx.token) return this.enterFromApp(req, reply, broker, ctx);
    const signedIn = await this.nav.signedIn(req, broker, SIGNED_IN);
    return this.renderChangeEmail(reply, ctx, broker, signedIn, {}, {});
  }

  @Post('account/email')
  @RateLimited(10)
  async requestEmailChange(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const signedIn = await this.nav.signedIn(req, broker, SIGNED_IN);
    const { user } = signedIn;
    const newEmail = normalizeEmail(str(body?.newEmail));
    const errors: Record<string, string> = {};
    if (!EMAIL.test(newEmail)) errors.newEmail = ctx.t('errors.invalidEmail');
    else if (isPrivateRelayEmail(newEmail)) errors.newEmail = ctx.t('errors.privateRelayRefused');
    else if (newEmail === user.email) errors.newEmail = ctx.t('sso.emailSame');
    // An address another profile uses is not refused here (that would tell who is registered): EmailChange tells its owner instead.
    if (user.passwordHash !== null) {
      const ok = await this.passwordLogin.verifyInBrowser(req, reply, broker.brokerName, user.email, secret(body?.currentPassword), 'changeEmail');
      if (!ok) errors.currentPassword = ctx.t('errors.wrongPassword');
    }
    if (Object.keys(errors).length) return this.renderChangeEmail(reply, ctx, broker, signedIn, { newEmail }, errors, 422);
    await this.emailChange.request(broker, user, newEmail);
    return this.message(
      reply,
      ctx,
      'info',
      ctx.t('changeEmail.title'),
      ctx.t('changeEmail.sent', { email: newEmail }),
      this.backActions(ctx, broker, signedIn),
    );
  }

  @Get('account/email/confirm')
  async emailConfirmPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const token = linkToken((req.query as Record<string, unknown>)?.t);
    const pending = await this.emailChange.pending(broker, token);
    if (!pending) return this.message(reply, ctx, 'error', ctx.t('changeEmail.title'), ctx.t('errors.linkExpired'), [], 410);
    return this.screens.render(reply, '@sso/email-confirm', { linkToken: token, newEmail: pending.newEmail }, ctx);
  }

  @Post('account/email/confirm')
  @RateLimited(10)
  async confirmEmail(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ok = await this.emailChange.confirm(broker, linkToken(body?.t), String(req.id));
    if (!ok) return this.message(reply, ctx, 'error', ctx.t('changeEmail.title'), ctx.t('errors.linkExpired'), [], 410);
    return this.message(reply, ctx, 'success', ctx.t('changeEmail.title'), ctx.t('sso.emailConfirmed'), []);
  }

  // ---- Confirm the profile's email address (the link support sends, issue #19) ----

  @Get('auth/verify-email/confirm')
  async verifyEmailPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const token = linkToken((req.query as Record<string, unknown>)?.t);
    const email = await this.supportEmails.pendingVerification(broker, token);
    if (!email) return this.message(reply, ctx, 'error', ctx.t('sso.emailVerifyTitle'), ctx.t('errors.linkExpired'), [], 410);
    return this.screens.render(reply, '@sso/email-verify', { linkToken: token, email }, ctx);
  }

  @Post('auth/verify-email/confirm')
  @RateLimited(10)
  async verifyEmail(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Body() body: Form,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ok = await this.supportEmails.confirmVerification(broker, linkToken(body?.t), String(req.id));
    if (!ok) return this.message(reply, ctx, 'error', ctx.t('sso.emailVerifyTitle'), ctx.t('errors.linkExpired'), [], 410);
    return this.message(reply, ctx, 'success', ctx.t('sso.emailVerifyTitle'), ctx.t('sso.emailVerified'), []);
  }

  // ---- helpers ----

  /** Opened from the app with an in-app OT token (4.4): redeemed once into an `inapp` session, then PRG. */
  private async enterFromApp(req: FastifyRequest, reply: FastifyReply, broker: BrokerContext, ctx: ScreenContext) {
    await this.inapp.enter(req, reply, broker, ctx);
    return reply.redirect(ctx.self(), 303);
  }

  private newPasswordErrors(ctx: ScreenContext, body: Form): Record<string, string> {
    const password = secret(body?.newPassword);
    const errors: Record<string, string> = {};
    if (password.length < MIN_PASSWORD) errors.newPassword = ctx.t('errors.passwordTooShort', { min: MIN_PASSWORD });
    else if (password !== secret(body?.confirmPassword)) errors.confirmPassword = ctx.t('errors.passwordsDontMatch');
    return errors;
  }

  private backActions(ctx: ScreenContext, broker: BrokerContext, signedIn: SignedIn) {
    return signedIn.session.kind === 'client' ? [{ href: this.nav.to(ctx, broker, '/client', 'success'), label: ctx.t('sso.backToAccount') }] : [];
  }

  private resetLinkExpired(reply: FastifyReply, ctx: ScreenContext, broker: BrokerContext) {
    return this.message(
      reply,
      ctx,
      'error',
      ctx.t('resetPassword.title'),
      ctx.t('errors.linkExpired'),
      [{ href: this.nav.to(ctx, broker, '/auth/reset-password', 'resetPassword'), label: ctx.t('sso.requestNewLink') }],
      410,
    );
  }

  private message(
    reply: FastifyReply,
    ctx: ScreenContext,
    tone: 'success' | 'info' | 'error',
    title: string,
    message: string,
    actions: Array<{ href: string; label: string; secondary?: boolean }>,
    status = 200,
  ) {
    return this.screens.render(reply, SCREEN_TEMPLATES.message, { tone, title, message, actions }, ctx, { status });
  }

  private renderResetRequest(
    reply: FastifyReply,
    ctx: ScreenContext,
    broker: BrokerContext,
    values: Record<string, string>,
    errors: Record<string, string>,
    status = 200,
  ) {
    return this.screens.render(
      reply,
      '@sso/reset-request',
      { values, errors, loginHref: this.nav.to(ctx, broker, '/auth/login', 'login', { firstLogin: false }) },
      ctx,
      { status },
    );
  }

  private renderResetConfirm(reply: FastifyReply, ctx: ScreenContext, token: string, errors: Record<string, string>, status = 200) {
    return this.screens.render(reply, '@sso/reset-confirm', { linkToken: token, errors, minPassword: MIN_PASSWORD }, ctx, { status });
  }

  private renderChangePassword(
    reply: FastifyReply,
    ctx: ScreenContext,
    broker: BrokerContext,
    signedIn: SignedIn,
    errors: Record<string, string>,
    formError?: string,
    status = 200,
  ) {
    return this.screens.render(reply, '@sso/change-password', { errors, formError, minPassword: MIN_PASSWORD }, ctx, {
      status,
      backHref: this.backHref(ctx, broker, signedIn),
      closable: signedIn.session.kind !== 'client',
    });
  }

  private renderChangeEmail(
    reply: FastifyReply,
    ctx: ScreenContext,
    broker: BrokerContext,
    signedIn: SignedIn,
    values: Record<string, string>,
    errors: Record<string, string>,
    status = 200,
  ) {
    return this.screens.render(reply, '@sso/change-email', { values, errors, hasPassword: signedIn.user.passwordHash !== null }, ctx, {
      status,
      backHref: this.backHref(ctx, broker, signedIn),
      closable: signedIn.session.kind !== 'client',
    });
  }

  private backHref(ctx: ScreenContext, broker: BrokerContext, signedIn: SignedIn): string | undefined {
    return signedIn.session.kind === 'client' ? this.nav.to(ctx, broker, '/client', 'success') : undefined;
  }
}
