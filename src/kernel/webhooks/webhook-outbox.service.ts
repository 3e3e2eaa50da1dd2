import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { JobQueue } from '../jobs/job-queue.service';
import { JobWorker } from '../jobs/job-worker.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { subscribedTypes } from './webhook-endpoints.service';
import { WebhookBody, WebhookMessageType } from './webhook-event-types';
import { Clock } from '../clock';

export const WEBHOOK_DELIVERY_JOB = 'webhook.deliver';

export interface WebhookDeliveryJob {
  deliveryId: string;
}

export interface WebhookMessage {
  brokerName: string;
  type: WebhookMessageType;
  /** The `webhook-id`: derived from the durable event's id, so a re-run of the fan-out finds the same deliveries. */
  messageId: string;
  occurredAt: number;
  data: WebhookBody['data'];
  /** Only this endpoint (the `test` event); otherwise every enabled endpoint of the broker subscribed to `type`. */
  endpointId?: string;
}

/**
 * Turns a message into deliveries: one row per subscribed endpoint and one durable job per row, written with the
 * caller's transaction. Idempotent by (endpoint, messageId): the fan-out is itself a durable reaction that may run
 * twice, and the second run finds the rows and jobs of the first.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    private readonly worker: JobWorker,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  /** Whether an enabled endpoint of the broker subscribes to `type` (asked at emit time, see WebhookEventSources). */
  async hasSubscriber(manager: EntityManager, brokerName: string, type: WebhookMessageType): Promise<boolean> {
    const enabled = await manager.getRepository(WebhookEndpoint).find({ where: { brokerName, enabled: true }, select: { id: true, eventTypes: true } });
    return enabled.some((e) => (subscribedTypes(e) as string[]).includes(type));
  }

  async publishInTransaction(manager: EntityManager, message: WebhookMessage): Promise<WebhookDelivery[]> {
    const candidates = await manager.getRepository(WebhookEndpoint).find({
      where: message.endpointId ? { brokerName: message.brokerName, id: message.endpointId } : { brokerName: message.brokerName, enabled: true },
    });
    const targets = message.endpointId ? candidates : candidates.filter((e) => (subscribedTypes(e) as string[]).includes(message.type));
    if (targets.length === 0) return [];
    const body: WebhookBody = { type: message.type, timestamp: new Date(message.occurredAt).toISOString(), data: message.data };
    const text = JSON.stringify(body);
    const deliveries: WebhookDelivery[] = [];
    const repo = manager.getRepository(WebhookDelivery);
    for (const endpoint of targets) {
      const now = this.clock.now();
      await repo
        .createQueryBuilder()
        .insert()
        .values({
          id: randomUUID(),
          brokerName: message.brokerName,
          endpointId: endpoint.id,
          messageId: message.messageId,
          eventType: message.type,
          body: text,
          state: 'pending',
          attempts: 0,
          jobId: null,
          createdAt: now,
          updatedAt: now,
        })
        .orIgnore()
        .execute();
      const delivery = (await repo.findOneBy({ endpointId: endpoint.id, messageId: message.messageId }))!;
      deliveries.push(await this.enqueue(manager, delivery, delivery.id));
    }
    return deliveries;
  }

  /** Manual redelivery: a new job for the same delivery (same body, same `webhook-id`). */
  async redeliverInTransaction(manager: EntityManager, delivery: WebhookDelivery): Promise<WebhookDelivery> {
    await manager.getRepository(WebhookDelivery).update({ id: delivery.id }, { state: 'pending', updatedAt: this.clock.now() });
    return this.enqueue(manager, { ...delivery, state: 'pending' }, `${delivery.id}:redeliver:${randomUUID()}`);
  }

  private async enqueue(manager: EntityManager, delivery: WebhookDelivery, idempotencyKey: string): Promise<WebhookDelivery> {
    const { job } = await this.jobs.enqueue<WebhookDeliveryJob>(manager, {
      brokerName: delivery.brokerName,
      kind: WEBHOOK_DELIVERY_JOB,
      payload: { deliveryId: delivery.id },
      idempotencyKey,
      maxAttempts: this.config.webhooks.maxAttempts,
    });
    if (delivery.jobId !== job.id) await manager.getRepository(WebhookDelivery).update({ id: delivery.id }, { jobId: job.id });
    this.unitOfWork.afterCommit(manager, () => this.worker.runNow([job.id]));
    return { ...delivery, jobId: job.id };
  }
}
