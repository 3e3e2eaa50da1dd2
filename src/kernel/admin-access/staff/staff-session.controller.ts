import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ContractException, ErrorBody, ErrorCode } from '../../errors';
import { StaffSessionCookie } from './staff-session-cookie';
import { StaffSessionView, staffView, StaffService } from './staff.service';
import {
  AcceptInviteDto,
  RecoveryCodesDto,
  SecondFactorDto,
  StaffLoginDto,
  StaffSessionDto,
  StaffSessionStateDto,
  TotpCodeDto,
  TotpEnrolmentDto,
} from './staff.dto';
import { ApiErrorExample, ApiTag } from '../../openapi';

type Request = FastifyRequest & { id: string };

/**
 * Signing in to the back office (issue #19): password (or an invitation), then 2FA — enrolment on the first visit,
 * a code afterwards. Each step answers the session's stage and a CSRF token; the session id travels only in the
 * cookie. Every POST after the first step needs that token (x-csrf-token) and a same-origin request.
 */
@ApiTags(ApiTag.AdminAccess)
@Controller('admin/session')
export class StaffSessionController {
  constructor(
    private readonly staff: StaffService,
    private readonly cookie: StaffSessionCookie,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Password step; the answer says whether a 2FA code (totp) or an enrolment (enrol) comes next' })
  @ApiOkResponse({ type: StaffSessionStateDto })
  @ApiResponse({ status: 401, type: ErrorBody, description: 'ADMIN_AUTH_INVALID (same answer for an unknown email and a wrong password)' })
  @ApiResponse({ status: 429, type: ErrorBody, description: 'RATE_LIMITED' })
  async login(@Body() body: StaffLoginDto, @Req() req: Request, @Res({ passthrough: true }) reply: FastifyReply): Promise<StaffSessionStateDto> {
    const { sessionId, stage } = await this.staff.login(body.email, body.password, req.ip, req.id);
    this.cookie.set(reply, sessionId);
    return { stage, csrfToken: this.cookie.csrfToken(req, reply) };
  }

  @Post('invite')
  @ApiErrorExample(AcceptInviteDto, 404, 'TOKEN_NOT_FOUND', 'A link that was never sent (the token comes from the invitation email)', {
    token: 'inv_Yb3nQ8rT2wXk5mLp0cVd7s',
    password: 'correct horse battery staple',
  })
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation: set your password (the link works once); 2FA enrolment comes next' })
  @ApiOkResponse({ type: StaffSessionStateDto })
  @ApiResponse({ status: 401, type: ErrorBody, description: 'TOKEN_NOT_FOUND (invalid, used or expired link)' })
  async acceptInvite(@Body() body: AcceptInviteDto, @Req() req: Request, @Res({ passthrough: true }) reply: FastifyReply): Promise<StaffSessionStateDto> {
    const { sessionId, stage } = await this.staff.acceptInvite(body.token, body.password, req.id);
    this.cookie.set(reply, sessionId);
    return { stage, csrfToken: this.cookie.csrfToken(req, reply) };
  }

  @Post('2fa/enrolment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start 2FA enrolment: a new TOTP secret, as a QR code for the authenticator app' })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  async startEnrolment(@Req() req: Request): Promise<TotpEnrolmentDto> {
    return this.staff.startEnrolment(await this.current(req, true));
  }

  @Post('2fa/enrolment/confirm')
  @ApiErrorExample(TotpCodeDto, 401, 'ADMIN_AUTH_REQUIRED', 'Without the session of POST /admin/session/invite or /login', { code: '123456' })
  @HttpCode(200)
  @ApiOperation({ summary: "Confirm enrolment with the app's first code; returns the recovery codes once and signs you in" })
  @ApiOkResponse({ type: RecoveryCodesDto })
  async confirmEnrolment(@Body() body: TotpCodeDto, @Req() req: Request, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecoveryCodesDto> {
    const { sessionId, recoveryCodes } = await this.staff.confirmEnrolment(await this.current(req, true), body.code, req.id);
    this.cookie.set(reply, sessionId);
    return { stage: 'full', csrfToken: this.cookie.csrfToken(req, reply), recoveryCodes };
  }

  @Post('2fa')
  @ApiErrorExample(SecondFactorDto, 401, 'ADMIN_AUTH_REQUIRED', 'Without the session of POST /admin/session/login', { code: '123456' })
  @HttpCode(200)
  @ApiOperation({ summary: 'The 2FA step of a login: a code from the app, or a recovery code' })
  @ApiOkResponse({ type: StaffSessionStateDto })
  @ApiResponse({ status: 401, type: ErrorBody, description: 'ADMIN_AUTH_INVALID (wrong or reused code)' })
  async secondFactor(@Body() body: SecondFactorDto, @Req() req: Request, @Res({ passthrough: true }) reply: FastifyReply): Promise<StaffSessionStateDto> {
    if (!body.code === !body.recoveryCode) throw new ContractException(ErrorCode.InvalidRequest, 'Send either code or recoveryCode');
    const { sessionId } = await this.staff.secondFactor(await this.current(req, true), body, req.id);
    this.cookie.set(reply, sessionId);
    return { stage: 'full', csrfToken: this.cookie.csrfToken(req, reply) };
  }

  @Get()
  @ApiOperation({ summary: 'Who is signed in (any stage), with a fresh CSRF token' })
  @ApiOkResponse({ type: StaffSessionDto })
  async me(@Req() req: Request, @Res({ passthrough: true }) reply: FastifyReply): Promise<StaffSessionDto> {
    const view = await this.current(req, false);
    return { stage: view.session.stage, csrfToken: this.cookie.csrfToken(req, reply), staff: staffView(view.member) };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.current(req, true);
    await this.staff.logout(this.cookie.read(req)!, req.id);
    this.cookie.clear(reply);
  }

  /** The cookie's live session; a POST also needs the CSRF token. */
  private async current(req: Request, stateChanging: boolean): Promise<StaffSessionView> {
    const id = this.cookie.read(req);
    const view = id ? await this.staff.resume(id) : null;
    if (!view) throw new ContractException(ErrorCode.AdminAuthRequired, 'Log in first');
    if (stateChanging) await this.cookie.verifyCsrf(req);
    return view;
  }
}
