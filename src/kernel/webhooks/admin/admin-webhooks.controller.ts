import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { In } from 'typeorm';
import { AdminPrincipal } from '../../admin-access/admin-principal';
import { AdminBrokerRoute, CurrentAdmin } from '../../admin-access/admin-route.decorator';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../clock/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { ContractException } from '../../errors/contract.exception';
import { ErrorBody } from '../../errors/error-body';
import { ErrorCode } from '../../errors/error-code';
import { WebhookAttempt, WebhookDelivery } from '../webhook-delivery.entity';
import { WebhookEndpoint } from '../webhook-endpoint.entity';
import { subscribedTypes, WebhookEndpoints } from '../webhook-endpoints.service';
import { WebhookOutbox } from '../webhook-outbox.service';
import {
  CreateWebhookEndpointDto,
  DeliveryListQueryDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookEndpointDto,
  WebhookEndpointWithSecretDto,
} from './admin-webhooks.dto';
import { ApiTag } from '../../openapi';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A broker's webhook endpoints in the admin API (issue #21): create (the secret is in that answer only), list, change,
 * delete, rotate the secret (the new one in that answer only), send a `test` event, the delivery log, redeliver.
 * Every write is audited; no answer other than create and rotate carries a secret.
 */
@ApiTags(ApiTag.Webhooks)
@Controller('admin/brokers/:brokerName/webhooks')
@ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND: no such broker, endpoint or delivery' })
export class AdminWebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly outbox: WebhookOutbox,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @Post('endpoints')
  @HttpCode(201)
  @AdminBrokerRoute('admin.manage')
  @ApiOperation({ summary: 'Add an endpoint; the answer carries its signing secret, shown this once' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @ApiResponse({ status: 503, type: ErrorBody, description: 'SERVICE_UNAVAILABLE: webhooks.secretKey is not configured' })
  async create(
    @Param('brokerName') brokerName: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Body() body: CreateWebhookEndpointDto,
    @Req() req: { id: string },
  ): Promise<WebhookEndpointWithSecretDto> {
    const { endpoint, secret } = await this.unitOfWork.run(async (m) => {
      const created = await this.endpoints.create(brokerName, body, m);
      await this.record(m, admin, req, brokerName, 'webhook.endpoint_create', created.endpoint, { url: body.url, eventTypes: body.eventTypes });
      return created;
    });
    return { ...this.toDto(endpoint), secret };
  }

  @Get('endpoints')
  @AdminBrokerRoute('read')
  @ApiOperation({ summary: "The broker's endpoints (never their secrets)" })
  @ApiOkResponse({ type: [WebhookEndpointDto] })
  async list(@Param('brokerName') brokerName: string): Promise<WebhookEndpointDto[]> {
    return (await this.endpoints.list(brokerName)).map((e) => this.toDto(e));
  }

  @Get('endpoints/:id')
  @AdminBrokerRoute('read')
  @ApiOkResponse({ type: WebhookEndpointDto })
  async view(@Param('brokerName') brokerName: string, @Param('id') id: string): Promise<WebhookEndpointDto> {
    return this.toDto(await this.endpoints.get(brokerName, id));
  }

  @Patch('endpoints/:id')
  @AdminBrokerRoute('admin.manage')
  @ApiOperation({ summary: 'Change the URL, the event types or the enabled flag (re-enabling clears the failure streak)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  async update(
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Body() body: UpdateWebhookEndpointDto,
    @Req() req: { id: string },
  ): Promise<WebhookEndpointDto> {
    const updated = await this.unitOfWork.run(async (m) => {
      const endpoint = await this.endpoints.get(brokerName, id, m);
      const next = await this.endpoints.update(endpoint, body, m);
      await this.record(m, admin, req, brokerName, 'webhook.endpoint_update', endpoint, { ...body });
      return next;
    });
    return this.toDto(updated);
  }

  @Delete('endpoints/:id')
  @HttpCode(204)
  @AdminBrokerRoute('admin.manage')
  @ApiOperation({ summary: 'Delete an endpoint; its undelivered messages are skipped' })
  async remove(
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Req() req: { id: string },
  ): Promise<void> {
    await this.unitOfWork.run(async (m) => {
      const endpoint = await this.endpoints.get(brokerName, id, m);
      await this.endpoints.remove(endpoint, m);
      await this.record(m, admin, req, brokerName, 'webhook.endpoint_delete', endpoint, {});
    });
  }

  @Post('endpoints/:id/rotate-secret')
  @HttpCode(200)
  @AdminBrokerRoute('admin.manage')
  @ApiOperation({ summary: 'A new signing secret (shown this once); the previous one keeps signing during the overlap, so both signatures are sent' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  async rotate(
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Req() req: { id: string },
  ): Promise<WebhookEndpointWithSecretDto> {
    const { endpoint, secret } = await this.unitOfWork.run(async (m) => {
      const current = await this.endpoints.get(brokerName, id, m);
      const rotated = await this.endpoints.rotate(current, m);
      await this.record(m, admin, req, brokerName, 'webhook.secret_rotate', current, { previousSecretExpiresAt: iso(rotated.previousExpiresAt) });
      return { endpoint: await this.endpoints.get(brokerName, id, m), secret: rotated.secret };
    });
    return { ...this.toDto(endpoint), secret };
  }

  @Post('endpoints/:id/test')
  @HttpCode(202)
  @AdminBrokerRoute('admin.manage')
  @ApiOperation({ summary: 'Send a `test` event to this endpoint now (through the same queue, signing and guard as every event)' })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the endpoint is disabled' })
  async test(
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Req() req: { id: string },
  ): Promise<WebhookDeliveryDto> {
    const [delivery] = await this.unitOfWork.run(async (m) => {
      const endpoint = await this.endpoints.get(brokerName, id, m);
      if (!endpoint.enabled) throw new ContractException(ErrorCode.Conflict, 'The endpoint is disabled; enable it first');
      await this.record(m, admin, req, brokerName, 'webhook.test', endpoint, {});
      return this.outbox.publishInTransaction(m, {
        brokerName,
        type: 'test',
        messageId: `msg_${randomUUID()}`,
        occurredAt: this.clock.now(),
        data: { brokerName, endpointId: endpoint.id },
        endpointId: endpoint.id,
      });
    });
    return this.deliveryDto(delivery, []);
  }

  @Get('endpoints/:id/deliveries')
  @AdminBrokerRoute('read')
  @ApiOperation({ summary: "The endpoint's delivery log, newest first: each message with its attempts (status, response time, first bytes)" })
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  async deliveries(@Param('brokerName') brokerName: string, @Param('id') id: string, @Query() q: DeliveryListQueryDto): Promise<WebhookDeliveryDto[]> {
    return this.unitOfWork.run(async (m) => {
      const endpoint = await this.endpoints.get(brokerName, id, m);
      const rows = await m
        .getRepository(WebhookDelivery)
        .find({ where: { endpointId: endpoint.id }, order: { createdAt: 'DESC', id: 'DESC' }, take: q.limit ?? 50 });
      const attempts = rows.length
        ? await m.getRepository(WebhookAttempt).find({ where: { deliveryId: In(rows.map((r) => r.id)) }, order: { attemptedAt: 'DESC', id: 'DESC' } })
        : [];
      return rows.map((r) =>
        this.deliveryDto(
          r,
          attempts.filter((a) => a.deliveryId === r.id),
        ),
      );
    });
  }

  @Post('endpoints/:id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @AdminBrokerRoute('admin.manage')
  @ApiOperation({ summary: 'Send a delivery again (same body, same webhook-id; a fresh timestamp and signature)' })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the endpoint is disabled' })
  async redeliver(
    @Param('brokerName') brokerName: string,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Req() req: { id: string },
  ): Promise<WebhookDeliveryDto> {
    const delivery = await this.unitOfWork.run(async (m) => {
      const endpoint = await this.endpoints.get(brokerName, id, m);
      if (!endpoint.enabled) throw new ContractException(ErrorCode.Conflict, 'The endpoint is disabled; enable it first');
      const row = await m.getRepository(WebhookDelivery).findOneBy({ id: deliveryId, endpointId: endpoint.id, brokerName });
      if (!row) throw new ContractException(ErrorCode.NotFound, 'No such delivery');
      await this.record(m, admin, req, brokerName, 'webhook.redeliver', endpoint, { deliveryId: row.id, messageId: row.messageId });
      return this.outbox.redeliverInTransaction(m, row);
    });
    return this.deliveryDto(delivery, []);
  }

  private record(
    m: Parameters<AuditService['record']>[1],
    admin: AdminPrincipal,
    req: { id: string },
    brokerName: string,
    action: string,
    endpoint: WebhookEndpoint,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      { brokerName, category: 'admin', action, actor: admin.actor, target: `webhook_endpoint:${endpoint.id}`, details, requestId: req.id },
      m,
    );
  }

  private toDto(e: WebhookEndpoint): WebhookEndpointDto {
    return {
      id: e.id,
      brokerName: e.brokerName,
      url: e.url,
      eventTypes: subscribedTypes(e),
      enabled: e.enabled,
      disabledReason: e.disabledReason,
      failingSince: iso(e.failingSince),
      previousSecretExpiresAt: iso(this.endpoints.overlapEndsAt(e)),
      createdAt: iso(e.createdAt)!,
      updatedAt: iso(e.updatedAt)!,
    };
  }

  private deliveryDto(d: WebhookDelivery, log: WebhookAttempt[]): WebhookDeliveryDto {
    return {
      id: d.id,
      messageId: d.messageId,
      eventType: d.eventType,
      state: d.state,
      attempts: d.attempts,
      createdAt: iso(d.createdAt)!,
      log: log.map((a) => ({
        attemptedAt: iso(a.attemptedAt)!,
        status: a.status,
        durationMs: a.durationMs,
        responseSnippet: a.responseSnippet,
        error: a.error,
      })),
    };
  }
}
