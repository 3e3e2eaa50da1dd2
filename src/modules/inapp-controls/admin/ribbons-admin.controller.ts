import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { AdminBrokerRoute, AdminPrincipal, CurrentAdmin } from '../../../kernel/admin-access';
import { Clock } from '../../../kernel/clock';
import { BrokerScopedRepository } from '../../../kernel/database';
import { ContractException, ErrorBody, ErrorCode } from '../../../kernel/errors';
import { UsersService } from '../../../kernel/users';
import { ModuleKey } from '../../../config/module-key';
import { RibbonSyncState, RibbonUserSync } from '../entities/ribbon-user-sync.entity';
import { RibbonSync } from '../services/ribbon-sync.service';
import { RibbonCampaignDto, RibbonCampaignInputDto, RibbonPreviewDto, RibbonUserSyncDto, RibbonUsersQueryDto } from './ribbon-campaign.dto';
import { AdminActor, RibbonCampaigns } from '../services/ribbon-campaigns.service';
import { ApiTag } from '../../../kernel/openapi';

const CAMPAIGN_EXAMPLES = {
  kycReminder: {
    summary: 'A KYC reminder for two trading accounts, from 5 January',
    value: {
      name: 'KYC reminder',
      title: { en: 'Verify your identity, {firstName}', es: 'Verifica tu identidad, {firstName}' },
      color: '#1a73e8',
      action: { urlinApp: '/inapp/kyc' },
      closable: true,
      enabled: true,
      startsAt: '2026-01-05T09:00:00.000Z',
      endsAt: null,
      priority: 10,
      audience: { kind: 'accounts', logins: [3100271] },
    },
  },
  bonus: {
    summary: 'A deposit bonus for traders with no funded account, opened in the browser',
    value: {
      name: 'Deposit bonus',
      title: { en: 'Get 20% on your first deposit' },
      color: '#0b8043',
      action: { urlExternal: 'https://broker.example.com/bonus' },
      audience: { kind: 'segment', segments: ['noFundedAccount'] },
    },
  },
};

/** Ribbon campaigns and the per-user 3.9 sync state in the admin console (flows §2.3 "Ribbons"). */
@ApiTags(ApiTag.InappControls)
@Controller('admin/brokers/:brokerName/ribbons')
@ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND (broker, campaign or user); MODULE_DISABLED (the broker does not use ribbons)' })
export class RibbonsAdminController {
  constructor(
    private readonly campaigns: RibbonCampaigns,
    private readonly sync: RibbonSync,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @InjectRepository(RibbonUserSync) private readonly syncRows: Repository<RibbonUserSync>,
  ) {}

  @Get('campaigns')
  @AdminBrokerRoute('read', ModuleKey.InappControls)
  @ApiOperation({ summary: "The broker's campaigns" })
  @ApiOkResponse({ type: [RibbonCampaignDto] })
  list(@Param('brokerName') brokerName: string): Promise<RibbonCampaignDto[]> {
    return this.campaigns.list(brokerName);
  }

  @Post('campaigns')
  @ApiBody({ type: RibbonCampaignInputDto, examples: CAMPAIGN_EXAMPLES })
  @AdminBrokerRoute('ribbons.manage', ModuleKey.InappControls)
  @ApiOperation({ summary: 'Create a campaign; every user of the broker is recomputed and changed rule sets are pushed (3.9)' })
  @ApiCreatedResponse({ type: RibbonCampaignDto })
  @ApiResponse({ status: 400, type: ErrorBody, description: 'INVALID_REQUEST, MISSING_REQUIRED_PARAMETER' })
  create(
    @Param('brokerName') brokerName: string,
    @Body() body: RibbonCampaignInputDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Req() req: { id: string },
  ): Promise<RibbonCampaignDto> {
    return this.campaigns.create(brokerName, body, actor(admin, req));
  }

  @Get('campaigns/:id')
  @AdminBrokerRoute('read', ModuleKey.InappControls)
  @ApiOperation({ summary: 'One campaign' })
  @ApiOkResponse({ type: RibbonCampaignDto })
  get(@Param('brokerName') brokerName: string, @Param('id') id: string): Promise<RibbonCampaignDto> {
    return this.campaigns.get(brokerName, Number(id));
  }

  @Put('campaigns/:id')
  @ApiBody({ type: RibbonCampaignInputDto, examples: CAMPAIGN_EXAMPLES })
  @AdminBrokerRoute('ribbons.manage', ModuleKey.InappControls)
  @ApiOperation({ summary: 'Replace a campaign; only users whose rule set changes are pushed again' })
  @ApiOkResponse({ type: RibbonCampaignDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: changed by someone else meanwhile' })
  replace(
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @Body() body: RibbonCampaignInputDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Req() req: { id: string },
  ): Promise<RibbonCampaignDto> {
    return this.campaigns.replace(brokerName, Number(id), body, actor(admin, req));
  }

  @Delete('campaigns/:id')
  @HttpCode(204)
  @AdminBrokerRoute('ribbons.manage', ModuleKey.InappControls)
  @ApiOperation({ summary: 'Delete a campaign; its ribbon is removed from every user (rules: {} when nothing is left)' })
  @ApiNoContentResponse()
  async remove(
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Req() req: { id: string },
  ): Promise<void> {
    await this.campaigns.remove(brokerName, Number(id), actor(admin, req));
  }

  @Post('recompute')
  @HttpCode(202)
  @AdminBrokerRoute('ribbons.manage', ModuleKey.InappControls)
  @ApiOperation({ summary: 'Recompute every user now (a durable job; see GET /admin/jobs)' })
  async recompute(@Param('brokerName') brokerName: string, @CurrentAdmin() admin: AdminPrincipal, @Req() req: { id: string }): Promise<{ jobId: string }> {
    return { jobId: await this.campaigns.requestRecompute(brokerName, actor(admin, req)) };
  }

  @Get('users/:userId/preview')
  @AdminBrokerRoute('read', ModuleKey.InappControls)
  @ApiOperation({ summary: 'What this cTID user would get right now (computed, not stored, not sent)' })
  @ApiOkResponse({ type: RibbonPreviewDto })
  async preview(@Param('brokerName') brokerName: string, @Param('userId') userId: string): Promise<RibbonPreviewDto> {
    const b = brokerName;
    const id = ctidOf(userId);
    const user = await this.users.findByCtidUserId(b, id);
    if (!user) throw new ContractException(ErrorCode.NotFound, 'No such user');
    return { userId: id, at: new Date(this.clock.now()).toISOString(), rules: await this.sync.preview(b, user) };
  }

  @Get('users/:userId')
  @AdminBrokerRoute('read', ModuleKey.InappControls)
  @ApiOperation({ summary: "A user's sync state: desired rules, the rules cTrader last accepted, state and last error" })
  @ApiOkResponse({ type: RibbonUserSyncDto })
  async userState(@Param('brokerName') brokerName: string, @Param('userId') userId: string): Promise<RibbonUserSyncDto> {
    const row = await new BrokerScopedRepository(this.syncRows, brokerName).findOneBy({ ctidUserId: ctidOf(userId) });
    if (!row) throw new ContractException(ErrorCode.NotFound, 'This user never had a ribbon');
    return syncDto(row);
  }

  @Get('users')
  @AdminBrokerRoute('read', ModuleKey.InappControls)
  @ApiOperation({ summary: 'Users with a rule set, by cTID user id; filter by state (e.g. failed)' })
  @ApiOkResponse({ type: [RibbonUserSyncDto] })
  async userStates(@Param('brokerName') brokerName: string, @Query() q: RibbonUsersQueryDto): Promise<RibbonUserSyncDto[]> {
    const rows = await new BrokerScopedRepository(this.syncRows, brokerName).find({
      where: { ...(q.state && { state: q.state as RibbonSyncState }), ...(q.afterUserId !== undefined && { ctidUserId: MoreThan(q.afterUserId) }) },
      order: { ctidUserId: 'ASC' },
      take: q.limit ?? 50,
    });
    return rows.map(syncDto);
  }
}

function actor(admin: AdminPrincipal, req: { id: string }): AdminActor {
  return { actor: admin.actor, requestId: req.id ?? null };
}

function ctidOf(text: string): number {
  const n = /^[0-9]{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new ContractException(ErrorCode.NotFound, 'No such user');
  return n;
}

function syncDto(row: RibbonUserSync): RibbonUserSyncDto {
  return {
    userId: row.ctidUserId,
    brokerName: row.brokerName,
    state: row.state,
    desiredRules: JSON.parse(row.desiredRules),
    lastPushedRules: row.pushedRules === null ? null : JSON.parse(row.pushedRules),
    lastPushedAt: row.pushedAt === null ? null : new Date(row.pushedAt).toISOString(),
    lastError: row.lastError,
    version: row.version,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
