import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { In } from 'typeorm';
import { AdminBrokerRoute, AdminPrincipal, CurrentAdmin, CurrentAdminBroker } from '../../../kernel/admin-access';
import { AppConfig } from '../../../config/app-config';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext, BrokerRegistry } from '../../../kernel/broker-identification';
import { ContractException, ErrorBody, ErrorCode } from '../../../kernel/errors';
import { UsersService } from '../../../kernel/users';
import { PartnerAttributionService } from '../services/partner-attribution.service';
import { PartnerAttributionEvent } from '../entities/partner-attribution-event.entity';
import { Partner } from '../entities/partner.entity';
import { PartnerAreaQueries } from '../services/partner-area.queries';
import { PartnerError } from '../domain/partner.error';
import { PARTNER_ID_PATTERN } from '../domain/partner-id';
import { PartnerActor, PartnersService } from '../services/partners.service';
import { referralLink } from '../services/referral-link';
import { PartnerTree } from '../services/partner-tree.service';
import {
  AttributionEventDto,
  CreatePartnerDto,
  DownlineQueryDto,
  HistoryQueryDto,
  LevelStatsDto,
  MovePartnerDto,
  PartnerDto,
  PartnerListQueryDto,
  PartnerNodeDto,
} from './admin-partners.dto';
import { ApiTag } from '../../../kernel/openapi';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Partners in the admin console (issue #8): the tree, create, move, remove, attribution history, stats per level. */
@ApiTags(ApiTag.PartnerAttribution)
@Controller('admin/brokers/:brokerName')
export class AdminPartnersController {
  constructor(
    private readonly brokers: BrokerRegistry,
    private readonly partners: PartnersService,
    private readonly attribution: PartnerAttributionService,
    private readonly queries: PartnerAreaQueries,
    private readonly tree: PartnerTree,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Get('partners')
  @AdminBrokerRoute('read', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: 'The partner tree of a broker, flat (each with its parent), by internal order' })
  @ApiOkResponse({ type: [PartnerDto] })
  async list(@CurrentAdminBroker() broker: BrokerContext, @Query() q: PartnerListQueryDto): Promise<PartnerDto[]> {
    const qb = this.partners
      .partnersOf(broker.brokerName)
      .queryBuilder('p')
      .andWhere('p.status = :s', { s: 'active' })
      .orderBy('p.id', 'ASC')
      .take(q.limit ?? 100);
    if (q.afterId !== undefined) qb.andWhere('p.id > :after', { after: q.afterId });
    return this.toDtos(broker, await qb.getMany());
  }

  @Post('partners')
  @HttpCode(201)
  @AdminBrokerRoute('partners.manage', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: 'Make a user a partner (by cTrader userId or email); 3.6 follows through the job queue' })
  @ApiOkResponse({ type: PartnerDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND: no such user or parent partner' })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the user has not finished signing up' })
  async create(
    @CurrentAdminBroker() broker: BrokerContext,
    @CurrentAdmin() admin: AdminPrincipal,
    @Body() body: CreatePartnerDto,
    @Req() req: { id: string },
  ): Promise<PartnerDto> {
    const user =
      body.userId !== undefined
        ? await this.users.findByCtidUserId(broker.brokerName, body.userId)
        : await this.users.findByEmail(broker.brokerName, body.email!);
    if (!user) throw new ContractException(ErrorCode.NotFound, 'No such user');
    const partner = await this.guard(() =>
      this.partners.becomePartner(broker, user.id, { source: 'admin', parentPartnerId: body.parentPartnerId }, this.actor(admin, req)),
    );
    return (await this.toDtos(broker, [partner]))[0];
  }

  @Get('partners/:partnerId')
  @AdminBrokerRoute('read', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: 'One partner' })
  @ApiOkResponse({ type: PartnerDto })
  async get(@CurrentAdminBroker() broker: BrokerContext, @Param('partnerId') partnerId: string): Promise<PartnerDto> {
    return (await this.toDtos(broker, [await this.partner(broker, partnerId, false)]))[0];
  }

  @Get('partners/:partnerId/downline')
  @AdminBrokerRoute('read', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: "A partner's whole downline (every level, nearest first)" })
  @ApiOkResponse({ type: [PartnerNodeDto] })
  async downline(@CurrentAdminBroker() broker: BrokerContext, @Param('partnerId') partnerId: string, @Query() q: DownlineQueryDto): Promise<PartnerNodeDto[]> {
    const partner = await this.partner(broker, partnerId);
    const nodes = (await this.tree.downline(broker.brokerName, partner.id, q.maxDepth)).slice(0, q.limit ?? 1000);
    return this.nodes(broker, nodes);
  }

  @Get('partners/:partnerId/upline')
  @AdminBrokerRoute('read', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: 'The partners above a partner, nearest first' })
  @ApiOkResponse({ type: [PartnerNodeDto] })
  async upline(@CurrentAdminBroker() broker: BrokerContext, @Param('partnerId') partnerId: string): Promise<PartnerNodeDto[]> {
    const partner = await this.partner(broker, partnerId);
    return this.nodes(broker, await this.tree.upline(broker.brokerName, partner.id));
  }

  @Post('partners/:partnerId/move')
  @HttpCode(200)
  @AdminBrokerRoute('partners.manage', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: 'Move a partner with its whole subtree under another partner (or to the root); cycles are refused' })
  @ApiOkResponse({ type: PartnerDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the new parent is the partner itself or one of its sub-partners' })
  async move(
    @CurrentAdminBroker() broker: BrokerContext,
    @CurrentAdmin() admin: AdminPrincipal,
    @Param('partnerId') partnerId: string,
    @Body() body: MovePartnerDto,
    @Req() req: { id: string },
  ): Promise<PartnerDto> {
    const moved = await this.guard(() => this.partners.move(broker, this.partnerIdParam(partnerId), body.parentPartnerId, this.actor(admin, req)));
    return (await this.toDtos(broker, [moved]))[0];
  }

  @Delete('partners/:partnerId')
  @AdminBrokerRoute('partners.manage', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: 'Remove a partner: its sub-partners move up to its parent; 3.8 removes its referral id at cTrader' })
  @ApiOkResponse({ type: PartnerDto })
  async remove(
    @CurrentAdminBroker() broker: BrokerContext,
    @CurrentAdmin() admin: AdminPrincipal,
    @Param('partnerId') partnerId: string,
    @Req() req: { id: string },
  ): Promise<PartnerDto> {
    const removed = await this.guard(() => this.partners.remove(broker, this.partnerIdParam(partnerId), this.actor(admin, req)));
    return (await this.toDtos(broker, [removed]))[0];
  }

  @Get('partners/:partnerId/stats')
  @AdminBrokerRoute('read', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: 'Sub-partners and attributed traders per level below the partner (1 = direct)' })
  @ApiOkResponse({ type: [LevelStatsDto] })
  async stats(@CurrentAdminBroker() broker: BrokerContext, @Param('partnerId') partnerId: string): Promise<LevelStatsDto[]> {
    return this.queries.levels(broker.brokerName, (await this.partner(broker, partnerId)).id);
  }

  @Get('partners/:partnerId/attributions')
  @AdminBrokerRoute('read', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: "Attribution history of one partner's traders, newest first" })
  @ApiOkResponse({ type: [AttributionEventDto] })
  async partnerHistory(
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('partnerId') partnerId: string,
    @Query() q: HistoryQueryDto,
  ): Promise<AttributionEventDto[]> {
    const partner = await this.partner(broker, partnerId, false);
    return this.history(broker, q, partner.id);
  }

  @Get('partner-attributions')
  @AdminBrokerRoute('read', ModuleKey.PartnerAttribution)
  @ApiOperation({ summary: 'Attribution history of a broker (signups, Invite webhooks, reattributions, completions), newest first' })
  @ApiOkResponse({ type: [AttributionEventDto] })
  async allHistory(@CurrentAdminBroker() broker: BrokerContext, @Query() q: HistoryQueryDto): Promise<AttributionEventDto[]> {
    return this.history(broker, q);
  }

  private async history(broker: BrokerContext, q: HistoryQueryDto, partnerRef?: number): Promise<AttributionEventDto[]> {
    const qb = this.attribution
      .eventsOf(broker.brokerName)
      .queryBuilder('e')
      .orderBy('e.id', 'DESC')
      .take(q.limit ?? 100);
    if (partnerRef !== undefined) qb.andWhere('(e.partnerRef = :p OR e.previousPartnerRef = :p)', { p: partnerRef });
    if (q.beforeId !== undefined) qb.andWhere('e.id < :before', { before: q.beforeId });
    const events: PartnerAttributionEvent[] = await qb.getMany();
    const refs = [...new Set(events.flatMap((e) => [e.partnerRef, e.previousPartnerRef]).filter((r): r is number => r !== null))];
    const byRef = new Map((await this.partners.findByRefs(broker.brokerName, refs)).map((p) => [p.id, p.partnerId]));
    const localIds = [...new Set(events.map((e) => e.traderUserId).filter((id): id is number => id !== null))];
    const users = localIds.length ? await this.users.usersOf(broker.brokerName).find({ where: { id: In(localIds) } }) : [];
    const ctidOf = new Map(users.map((u) => [u.id, u.ctidUserId]));
    return events.map((e) => ({
      id: e.id,
      outcome: e.outcome,
      source: e.source,
      traderUserId: e.ctidUserId ?? (e.traderUserId !== null ? (ctidOf.get(e.traderUserId) ?? null) : null),
      partnerId: byRef.get(e.partnerRef) ?? '',
      previousPartnerId: e.previousPartnerRef !== null ? (byRef.get(e.previousPartnerRef) ?? null) : null,
      createdAt: new Date(e.createdAt).toISOString(),
    }));
  }

  private async nodes(broker: BrokerContext, nodes: Array<{ partnerRef: number; depth: number }>): Promise<PartnerNodeDto[]> {
    const partners = await this.partners.findByRefs(
      broker.brokerName,
      nodes.map((n) => n.partnerRef),
    );
    const parentIds = await this.partners.findByRefs(broker.brokerName, [
      ...new Set(partners.map((p) => p.parentId).filter((id): id is number => id !== null)),
    ]);
    const byRef = new Map(partners.map((p) => [p.id, p]));
    const parentOf = new Map(parentIds.map((p) => [p.id, p.partnerId]));
    return nodes.map((n) => {
      const p = byRef.get(n.partnerRef)!;
      return { partnerId: p.partnerId, depth: n.depth, parentPartnerId: p.parentId !== null ? (parentOf.get(p.parentId) ?? null) : null };
    });
  }

  private async toDtos(broker: BrokerContext, partners: Partner[]): Promise<PartnerDto[]> {
    const parents = await this.partners.findByRefs(broker.brokerName, [...new Set(partners.map((p) => p.parentId).filter((id): id is number => id !== null))]);
    const parentOf = new Map(parents.map((p) => [p.id, p.partnerId]));
    const userIds = partners.map((p) => p.userId).filter((id): id is number => id !== null);
    const users = userIds.length ? await this.users.usersOf(broker.brokerName).find({ where: { id: In(userIds) } }) : [];
    const userOf = new Map(users.map((u) => [u.id, u]));
    return partners.map((p) => {
      const u = p.userId !== null ? userOf.get(p.userId) : undefined;
      return {
        partnerId: p.partnerId,
        brokerName: broker.brokerName,
        userId: p.ctidUserId,
        email: u?.email ?? null,
        parentPartnerId: p.parentId !== null ? (parentOf.get(p.parentId) ?? null) : null,
        status: p.status,
        source: p.source,
        referralState: p.referralState,
        referralLink: referralLink(this.config, broker, p.partnerId),
        createdAt: iso(p.createdAt)!,
        removedAt: iso(p.removedAt),
      };
    });
  }

  private partnerIdParam(partnerId: string): string {
    if (!PARTNER_ID_PATTERN.test(partnerId)) throw new ContractException(ErrorCode.NotFound, 'No such partner');
    return partnerId;
  }

  private async partner(broker: BrokerContext, partnerId: string, activeOnly = true): Promise<Partner> {
    const partner = await this.partners.findByPartnerId(broker.brokerName, this.partnerIdParam(partnerId));
    if (!partner || (activeOnly && partner.status !== 'active')) throw new ContractException(ErrorCode.NotFound, 'No such partner');
    return partner;
  }

  private actor(admin: AdminPrincipal, req: { id: string }): PartnerActor {
    return { actor: admin.actor, requestId: req.id, audit: true };
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof PartnerError)) throw e;
      if (e.reason === 'CYCLE' || e.reason === 'USER_NOT_READY') throw new ContractException(ErrorCode.Conflict, e.message);
      throw new ContractException(ErrorCode.NotFound, e.message);
    }
  }
}
