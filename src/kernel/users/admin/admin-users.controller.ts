import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminPrincipal, mayAdminister } from '../../admin-access/admin-principal';
import { AdminRoute, CurrentAdmin } from '../../admin-access/admin-route.decorator';
import { ContractException } from '../../errors/contract.exception';
import { ErrorBody } from '../../errors/error-body';
import { ErrorCode } from '../../errors/error-code';
import { TraderConsent } from '../trader-consent.entity';
import { TraderUser } from '../trader-user.entity';
import { TradingAccount } from '../trading-account.entity';
import { UserSecurity } from '../user-security.service';
import { UsersService } from '../users.service';
import { AdminConsentDto, AdminUserDetailDto, AdminUserDto, RevokedTokensDto, UserSearchQueryDto } from './admin-user.dto';
import { Clock } from '../../clock';
import { ApiTag } from '../../openapi';

/** LIKE pattern for "contains", with the user's % and _ taken literally. */
const contains = (s: string) =>
  `%${s
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Traders in the admin console: search, view with trading accounts and cTID, lock/unlock, revoke tokens (audited). */
@ApiTags(ApiTag.Users)
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly security: UserSecurity,
  ) {}

  @Get()
  @AdminRoute('read')
  @ApiOperation({ summary: "Search the key's brokers' traders by email, name or cTID userId; newest first" })
  @ApiOkResponse({ type: [AdminUserDto] })
  async search(@CurrentAdmin() admin: AdminPrincipal, @Query() q: UserSearchQueryDto): Promise<AdminUserDto[]> {
    const qb = this.users
      .usersRepository()
      .createQueryBuilder('u')
      .orderBy('u.id', 'DESC')
      .take(q.limit ?? 50);
    if (admin.brokers !== '*') qb.andWhere('u.brokerName IN (:...brokers)', { brokers: admin.brokers.length ? admin.brokers : ['\u0000'] });
    if (q.brokerName) qb.andWhere('u.brokerName = :b', { b: q.brokerName });
    if (q.email) qb.andWhere("LOWER(u.email) LIKE :email ESCAPE '\\'", { email: contains(q.email) });
    if (q.name) qb.andWhere("(LOWER(u.firstName) LIKE :name ESCAPE '\\' OR LOWER(u.lastName) LIKE :name ESCAPE '\\')", { name: contains(q.name) });
    if (q.ctidUserId !== undefined) qb.andWhere('u.ctidUserId = :ctid', { ctid: q.ctidUserId });
    if (q.beforeId) qb.andWhere('u.id < :before', { before: q.beforeId });
    return (await qb.getMany()).map(toDto);
  }

  @Get(':id')
  @AdminRoute('read')
  @ApiOperation({ summary: 'One trader with their trading accounts, cTID and the consents given at signup' })
  @ApiOkResponse({ type: AdminUserDetailDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND (also for a trader of a broker the key does not administer)' })
  async view(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string): Promise<AdminUserDetailDto> {
    const user = await this.visibleUser(admin, id);
    const accounts = await this.users.accountsOf(user.brokerName).find({ where: { userId: user.id }, order: { id: 'ASC' } });
    const consents = await this.users.consentsOf(user.brokerName, user.id);
    return { ...toDto(user, this.clock.now()), tradingAccounts: accounts.map(accountDto), consents: consents.map(consentDto) };
  }

  @Post(':id/lock')
  @HttpCode(200)
  @AdminRoute('traders.support')
  @ApiOperation({ summary: 'Lock: every login and token check fails; access tokens and screen sessions are revoked now' })
  @ApiOkResponse({ type: RevokedTokensDto })
  async lock(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<RevokedTokensDto> {
    const user = await this.visibleUser(admin, id);
    return { revokedAccessTokens: await this.security.lock(user, { actor: admin.actor, requestId: req.id }) };
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @AdminRoute('traders.support')
  @ApiOperation({ summary: 'Unlock: lifts an admin lock and a brute-force lockout' })
  @ApiOkResponse({ type: AdminUserDto })
  async unlock(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<AdminUserDto> {
    const user = await this.visibleUser(admin, id);
    await this.security.unlock(user, { actor: admin.actor, requestId: req.id });
    return toDto((await this.users.findById(user.brokerName, user.id))!, this.clock.now());
  }

  @Post(':id/revoke-tokens')
  @HttpCode(200)
  @AdminRoute('traders.support')
  @ApiOperation({ summary: 'Log the trader out everywhere: every access/inapp token and screen session' })
  @ApiOkResponse({ type: RevokedTokensDto })
  async revokeTokens(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<RevokedTokensDto> {
    const user = await this.visibleUser(admin, id);
    return { revokedAccessTokens: await this.security.revokeTokens(user, { actor: admin.actor, requestId: req.id }) };
  }

  /** A trader of a broker the key does not administer does not exist for it (no probing of other brokers' ids). */
  private async visibleUser(admin: AdminPrincipal, id: string): Promise<TraderUser> {
    const user = /^\d{1,9}$/.test(id) ? await this.users.usersRepository().findOneBy({ id: Number(id) }) : null;
    if (!user || !mayAdminister(admin, user.brokerName)) throw new ContractException(ErrorCode.NotFound, 'No such user');
    return user;
  }
}

const iso = (ms: number | null) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

function toDto(u: TraderUser, now: number): AdminUserDto {
  return {
    id: u.id,
    brokerName: u.brokerName,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    country: u.country,
    preferredLanguage: u.preferredLanguage,
    ctidUserId: u.ctidUserId,
    signupStep: u.signupStep,
    origin: u.origin,
    hasPassword: u.passwordHash !== null,
    lockedAt: iso(u.lockedAt),
    emailVerifiedAt: iso(u.emailVerifiedAt),
    loginLockedUntil: u.loginLockedUntil !== null && u.loginLockedUntil > now ? iso(u.loginLockedUntil) : null,
    failedLoginCount: u.failedLoginCount ?? 0,
    createdAt: iso(u.createdAt)!,
  };
}

function consentDto(c: TraderConsent): AdminConsentDto {
  return { key: c.consentKey, version: c.version, acceptedAt: iso(c.acceptedAt)!, ip: c.ip };
}

function accountDto(a: TradingAccount) {
  return {
    login: a.login,
    state: a.state,
    ctidTraderAccountId: a.ctidTraderAccountId,
    currency: a.currency,
    leverage: a.leverage,
    accountType: a.accountType,
    environment: a.environment,
    createdAt: iso(a.createdAt)!,
  };
}
