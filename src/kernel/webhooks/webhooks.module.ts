import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminWebhooksController } from './admin/admin-webhooks.controller';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDeliveryHandler } from './webhook-delivery.job-handler';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpoints } from './webhook-endpoints.service';
import { WebhookEventSources } from './webhook-event-sources';
import { WebhookOutbox } from './webhook-outbox.service';

/**
 * Outbound webhooks to the broker's own systems (issue #21): endpoints, signing (Standard Webhooks), the delivery
 * job, the SSRF guard and the delivery log. Part of the kernel, not a module: it is for every broker whatever
 * modules they use, and it hears the modules only through their durable events (webhook-event-sources.ts).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery, WebhookAttempt])],
  controllers: [AdminWebhooksController],
  providers: [WebhookEndpoints, WebhookOutbox, WebhookDeliveryHandler, WebhookEventSources],
  exports: [WebhookEndpoints, WebhookOutbox],
})
export class WebhooksModule {}
