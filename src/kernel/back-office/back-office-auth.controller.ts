import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { StaffSessionCookie } from '../admin-access/staff/staff-session-cookie';
import type { StaffSessionView } from '../admin-access/staff/staff.service';
import { StaffService } from '../admin-access/staff/staff.service';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { BackOfficePublicPage } from './back-office-page.decorator';
import { BackOfficeRenderer, BACK_OFFICE_TEMPLATES } from './back-office-renderer.service';
import { BackOfficeRedirect, BackOfficeRequest } from './back-office-session';
import { STAGE_PAGES } from './back-office.guard';
import { BackOfficeFlash } from './back-office-flash';
import { formField } from './back-office-form';

type Form = Record<string, unknown>;

/**
 * Signing in to the back office as pages (issue #19), on the staff service of the admin API — the same throttling,
 * audit of failures, session rotation at the 2FA step and cookie: password → 2FA code (or recovery code); an
 * invitation → own password → 2FA enrolment (secret and otpauth URI as text, a QR code, recovery codes once).
 */
@Controller('back-office')
@BackOfficePublicPage()
export class BackOfficeAuthController {
  constructor(
    private readonly staff: StaffService,
    private readonly cookie: StaffSessionCookie,
    private readonly renderer: BackOfficeRenderer,
    private readonly flash: BackOfficeFlash,
  ) {}

  @Get('login')
  login(@Req() req: BackOfficeRequest, @Res() reply: FastifyReply) {
    // Signed in already: the dashboard. Half-way (2FA or enrolment not done): the login may start over.
    if (req.backOfficeView?.session.stage === 'full') throw this.continueWith(req.backOfficeView);
    return this.renderer.render(reply, BACK_OFFICE_TEMPLATES.login, { email: '', error: null }, 'backOffice.login.title');
  }

  @Post('login')
  async submitLogin(@Body() body: Form, @Req() req: BackOfficeRequest, @Res() reply: FastifyReply) {
    const email = formField(body, 'email').slice(0, 254);
    try {
      const { sessionId } = await this.staff.login(email, formField(body, 'password').slice(0, 256), req.ip, req.id);
      this.cookie.set(reply, sessionId);
      const view = await this.staff.resume(sessionId);
      throw this.continueWith(view);
    } catch (e) {
      if (!(e instanceof ContractException)) throw e;
      const throttled = e.code === ErrorCode.RateLimited;
      for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
      return this.renderer.render(
        reply,
        BACK_OFFICE_TEMPLATES.login,
        { email, error: throttled ? 'backOffice.login.throttled' : 'backOffice.login.failed' },
        'backOffice.login.title',
        { status: throttled ? 429 : 401 },
      );
    }
  }

  @Get('2fa')
  secondFactor(@Req() req: BackOfficeRequest, @Res() reply: FastifyReply) {
    this.expectStage(req, 'totp');
    return this.renderer.render(reply, BACK_OFFICE_TEMPLATES.secondFactor, { error: null }, 'backOffice.twoFactor.title');
  }

  @Post('2fa')
  async submitSecondFactor(@Body() body: Form, @Req() req: BackOfficeRequest, @Res() reply: FastifyReply) {
    const view = this.expectStage(req, 'totp');
    const code = formField(body, 'code').replace(/\s/g, '');
    const recoveryCode = formField(body, 'recoveryCode').trim();
    if (!code === !recoveryCode) {
      return this.renderer.render(reply, BACK_OFFICE_TEMPLATES.secondFactor, { error: 'backOffice.twoFactor.oneOf' }, 'backOffice.twoFactor.title', {
        status: 400,
      });
    }
    try {
      const { sessionId } = await this.staff.secondFactor(view, code ? { code } : { recoveryCode }, req.id);
      this.cookie.set(reply, sessionId);
    } catch (e) {
      if (!(e instanceof ContractException)) throw e;
      const throttled = e.code === ErrorCode.RateLimited;
      for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
      return this.renderer.render(
        reply,
        BACK_OFFICE_TEMPLATES.secondFactor,
        { error: throttled ? 'backOffice.login.throttled' : 'backOffice.twoFactor.failed' },
        'backOffice.twoFactor.title',
        { status: throttled ? 429 : 401 },
      );
    }
    throw new BackOfficeRedirect(this.renderer.href('/back-office'));
  }

  @Get('enrol')
  async enrol(@Req() req: BackOfficeRequest, @Res() reply: FastifyReply) {
    const view = this.expectStage(req, 'enrol');
    const enrolment = await this.staff.currentEnrolment(view);
    return this.renderer.render(reply, BACK_OFFICE_TEMPLATES.enrol, { enrolment, error: null }, 'backOffice.enrol.title');
  }

  @Post('enrol')
  async confirmEnrolment(@Body() body: Form, @Req() req: BackOfficeRequest, @Res() reply: FastifyReply) {
    const view = this.expectStage(req, 'enrol');
    try {
      const { sessionId, recoveryCodes } = await this.staff.confirmEnrolment(view, formField(body, 'code').replace(/\s/g, ''), req.id);
      this.cookie.set(reply, sessionId);
      // Shown once, on this response (not after a redirect): nothing keeps them but the person.
      return this.renderer.render(reply, BACK_OFFICE_TEMPLATES.recoveryCodes, { recoveryCodes }, 'backOffice.recovery.title');
    } catch (e) {
      if (!(e instanceof ContractException) || e.code !== ErrorCode.AdminAuthInvalid) throw e;
      const enrolment = await this.staff.currentEnrolment(view);
      return this.renderer.render(reply, BACK_OFFICE_TEMPLATES.enrol, { enrolment, error: 'backOffice.enrol.failed' }, 'backOffice.enrol.title', {
        status: 401,
      });
    }
  }

  @Get('invite')
  invite(@Query('token') token: unknown, @Res() reply: FastifyReply) {
    return this.renderer.render(reply, BACK_OFFICE_TEMPLATES.invite, { token: typeof token === 'string' ? token : '', error: null }, 'backOffice.invite.title');
  }

  @Post('invite')
  async acceptInvite(@Body() body: Form, @Req() req: BackOfficeRequest, @Res() reply: FastifyReply) {
    const token = formField(body, 'token');
    const password = formField(body, 'password');
    const again = (error: string, status: number) =>
      this.renderer.render(reply, BACK_OFFICE_TEMPLATES.invite, { token, error }, 'backOffice.invite.title', { status });
    if (password !== formField(body, 'confirm')) return again('backOffice.invite.mismatch', 400);
    try {
      const { sessionId } = await this.staff.acceptInvite(token, password, req.id);
      this.cookie.set(reply, sessionId);
    } catch (e) {
      if (!(e instanceof ContractException)) throw e;
      if (e.code === ErrorCode.InvalidRequest) return again('backOffice.invite.tooShort', 400);
      return again('backOffice.invite.invalid', 401);
    }
    throw new BackOfficeRedirect(this.renderer.href(STAGE_PAGES.enrol));
  }

  @Post('logout')
  async logout(@Req() req: BackOfficeRequest, @Res() reply: FastifyReply) {
    const id = this.cookie.read(req);
    if (id) await this.staff.logout(id, req.id);
    this.cookie.clear(reply);
    this.flash.set(req, reply, { tone: 'info', key: 'backOffice.login.signedOut' });
    throw new BackOfficeRedirect(this.renderer.href('/back-office/login'));
  }

  /** The page of the session's stage (or the dashboard once signed in, the login without a session). */
  private continueWith(view: StaffSessionView | null | undefined): BackOfficeRedirect {
    if (!view) return new BackOfficeRedirect(this.renderer.href('/back-office/login'));
    return new BackOfficeRedirect(this.renderer.href(view.session.stage === 'full' ? '/back-office' : STAGE_PAGES[view.session.stage]));
  }

  private expectStage(req: BackOfficeRequest, stage: 'totp' | 'enrol'): StaffSessionView {
    const view = req.backOfficeView;
    if (!view || view.session.stage !== stage) throw this.continueWith(view);
    return view;
  }
}
