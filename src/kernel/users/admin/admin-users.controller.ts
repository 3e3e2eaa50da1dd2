import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminPrincipal } from '../../admin-access/admin-principal';
import { AdminBrokerRoute, CurrentAdmin, CurrentAdminBroker } from '../../admin-access/admin-route.decorator';
import type { BrokerContext } from '../../broker-identification/broker-context';
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
@Controller('admin/brokers/:brokerName/users')
export class AdminUsersController {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly security: UserSecurity,
  ) {}

  @Get()
  @AdminBrokerRoute('read')
  @ApiOperation({ summary: "Search the broker's traders by email, name or cTID userId; newest first" })
  @ApiOkResponse({ type: [AdminUserDto] })
  async search(@CurrentAdminBroker() broker: BrokerContext, @Query() q: UserSearchQueryDto): Promise<AdminUserDto[]> {
    const qb = this.users
      .usersRepository()
      .createQueryBuilder('u')
      .where('u.brokerName = :b', { b: broker.brokerName })
      .orderBy('u.id', 'DESC')
      .take(q.limit ?? 50);
    if (q.email) qb.andWhere("LOWER(u.email) LIKE :email ESCAPE '\\'", { email: contains(q.email) });
    if (q.name) qb.andWhere("(LOWER(u.firstName) LIKE :name ESCAPE '\\' OR LOWER(u.lastName) LIKE :name ESCAPE '\\')", { name: contains(q.name) });
    if (q.ctidUserId !== undefined) qb.andWhere('u.ctidUserId = :ctid', { ctid: q.ctidUserId });
    if (q.beforeId) qb.andWhere('u.id < :before', { before: q.beforeId });
    return (await qb.getMany()).map(toDto);
  }

  @Get(':id')
  @AdminBrokerRoute('read')
  @ApiOperation({ summary: 'One trader with their trading accounts, cTID and the consents given at signup' })
  @ApiOkResponse({ type: AdminUserDetailDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND (also for a trader of another broker)' })
  async view(@CurrentAdminBroker() broker: BrokerContext, @Param('id') id: string): Promise<AdminUserDetailDto> {
    const user = await this.visibleUser(broker, id);
    const accounts = await this.users.accountsOf(user.brokerName).find({ where: { userId: user.id }, order: { id: 'ASC' } });
    const consents = await this.users.consentsOf(user.brokerName, user.id);
    return { ...toDto(user, this.clock.now()), tradingAccounts: accounts.map(accountDto), consents: consents.map(consentDto) };
  }

  @Post(':id/lock')
  @HttpCode(200)
  @AdminBrokerRoute('traders.support')
  @ApiOperation({ summary: 'Lock: every login and token check fails; access tokens and screen sessions are revoked now' })
  @ApiOkResponse({ type: RevokedTokensDto })
  async lock(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: { id: string },
  ): Promise<RevokedTokensDto> {
    const user = await this.visibleUser(broker, id);
    return { revokedAccessTokens: await this.security.lock(user, { actor: admin.actor, requestId: req.id }) };
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @AdminBrokerRoute('traders.support')
  @ApiOperation({ summary: 'Unlock: lifts an admin lock and a brute-force lockout' })
  @ApiOkResponse({ type: AdminUserDto })
  async unlock(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: { id: string },
  ): Promise<AdminUserDto> {
    const user = await this.visibleUser(broker, id);
    await this.security.unlock(user, { actor: admin.actor, requestId: req.id });
    return toDto((await this.users.findById(user.brokerName, user.id))!, this.clock.now());
  }

  @Post(':id/revoke-tokens')
  @HttpCode(200)
  @AdminBrokerRoute('traders.support')
  @ApiOperation({ summary: 'Log the trader out everywhere: every access/inapp token and screen session' })
  @ApiOkResponse({ type: RevokedTokensDto })
  async revokeTokens(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: { id: string },
  ): Promise<RevokedTokensDto> {
    const user = await this.visibleUser(broker, id);
    return { revokedAccessTokens: await this.security.revokeTokens(user, { actor: admin.actor, requestId: req.id }) };
  }

  /** A trader of another broker does not exist under this broker's path (no probing of other brokers' ids). */
  private async visibleUser(broker: BrokerContext, id: string): Promise<TraderUser> {
    const user = /^\d{1,9}$/.test(id) ? await this.users.findById(broker.brokerName, Number(id)) : null;
    if (!user) throw new ContractException(ErrorCode.NotFound, 'No such user');
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
