import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { JobContext, JobHandler } from '../jobs/job-handler';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { JobPermanentError } from '../jobs/job-permanent.error';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpoints } from './webhook-endpoints.service';
import { WEBHOOK_DELIVERY_JOB, WebhookDeliveryJob } from './webhook-outbox.service';
import { WebhookSender } from './webhook-sender';
import { signedHeaders } from './webhook-signing';
import { WebhookTargetGuard } from './webhook-target-guard';

/** Thrown for a failed attempt: the job is retried with backoff (the delivery log already has the details). */
class WebhookAttemptFailed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WebhookAttemptFailed';
  }
}

/**
 * One delivery attempt: sign (every active secret), POST through the SSRF guard, log the answer, and decide.
 * - 2xx: delivered; the endpoint's failure streak ends.
 * - anything else: retried by the job queue with backoff (same body, same `webhook-id`, fresh timestamp and
 *   signature). The endpoint's streak started at its first failure; once it has lasted `autoDisableAfterMinutes`
 *   with no success, the endpoint is disabled and a security audit event says so.
 * At least once: a worker that dies after the receiver answered and before this records it leaves the job to be
 * claimed again when its lease expires, so the receiver sees the same `webhook-id` twice and deduplicates.
 */
@Injectable()
export class WebhookDeliveryHandler implements JobHandler<WebhookDeliveryJob>, OnModuleInit, OnModuleDestroy {
  readonly kind = WEBHOOK_DELIVERY_JOB;
  readonly backoff: { baseMs: number; maxMs: number };
  private readonly logger = new Logger('Webhooks');
  private readonly sender: WebhookSender;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly endpoints: WebhookEndpoints,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
  ) {
    const w = config.webhooks;
    this.backoff = { baseMs: w.backoffBaseMs, maxMs: w.backoffMaxMs };
    this.autoDisableMs = w.autoDisableAfterMinutes * 60_000;
    this.sender = new WebhookSender(new WebhookTargetGuard(w.allowPrivateTargets), { timeoutMs: w.timeoutMs, snippetBytes: w.responseSnippetBytes });
  }

  private readonly autoDisableMs: number;

  onModuleInit(): void {
    this.registry.register(this);
  }

  async onModuleDestroy(): Promise<void> {
    await this.sender.close();
  }

  async handle(payload: WebhookDeliveryJob, context: JobContext): Promise<unknown> {
    const delivery = await this.deliveries.findOneBy({ id: payload.deliveryId });
    if (!delivery) throw new JobPermanentError('webhook delivery not found', { reason: 'DELIVERY_NOT_FOUND' });
    const endpoint = await this.unitOfWork.run((m) => m.getRepository(WebhookEndpoint).findOneBy({ id: delivery.endpointId, brokerName: delivery.brokerName }));
    if (!endpoint || !endpoint.enabled) {
      await this.deliveries.update({ id: delivery.id }, { state: 'skipped', updatedAt: this.clock.now() });
      return { skipped: endpoint ? 'ENDPOINT_DISABLED' : 'ENDPOINT_DELETED' };
    }
    // The signature's timestamp is wall-clock time on purpose, not the Clock: the receiver checks it against its own
    // clock (Standard Webhooks' tolerance), which a test's advanced Clock would push outside.
    // eslint-disable-next-line no-restricted-syntax
    const headers = signedHeaders(delivery.messageId, new Date(), delivery.body, this.endpoints.activeSecrets(endpoint));
    const attemptedAt = this.clock.now();
    const outcome = await this.sender.send(endpoint.url, headers, delivery.body);
    const delivered = outcome.error === null;
    const lastAttempt = context.attempt >= context.maxAttempts;
    const disabled = await this.unitOfWork.run(async (m) => {
      await m.getRepository(WebhookAttempt).insert({
        id: randomUUID(),
        brokerName: delivery.brokerName,
        endpointId: endpoint.id,
        deliveryId: delivery.id,
        attemptedAt,
        status: outcome.status,
        durationMs: outcome.durationMs,
        responseSnippet: outcome.snippet,
        error: outcome.error,
      });
      const current = (await m.getRepository(WebhookEndpoint).findOneBy({ id: endpoint.id }))!;
      let autoDisabled = false;
      if (delivered) {
        if (current.failingSince !== null) await m.getRepository(WebhookEndpoint).update({ id: endpoint.id }, { failingSince: null });
      } else {
        const since = current.failingSince ?? attemptedAt;
        autoDisabled = current.enabled && attemptedAt - since >= this.autoDisableMs;
        await m
          .getRepository(WebhookEndpoint)
          .update(
            { id: endpoint.id },
            autoDisabled ? { failingSince: since, enabled: false, disabledReason: 'auto', updatedAt: attemptedAt } : { failingSince: since },
          );
        if (autoDisabled) {
          await this.audit.record(
            {
              brokerName: delivery.brokerName,
              category: 'security',
              action: 'webhook.endpoint_auto_disabled',
              actor: 'system:webhooks',
              target: `webhook_endpoint:${endpoint.id}`,
              details: { failingSince: since, lastError: outcome.error, periodMinutes: this.autoDisableMs / 60_000 },
            },
            m,
          );
        }
      }
      const state = delivered ? 'succeeded' : autoDisabled || lastAttempt ? 'failed' : 'pending';
      await m.getRepository(WebhookDelivery).update({ id: delivery.id }, { state, attempts: () => '"attempts" + 1', updatedAt: this.clock.now() });
      return autoDisabled;
    });
    if (delivered) return { status: outcome.status, durationMs: outcome.durationMs };
    if (disabled) {
      this.logger.warn(
        { webhook: { endpointId: endpoint.id, brokerName: delivery.brokerName } },
        'webhook endpoint disabled: every delivery failed for the configured period',
      );
      throw new JobPermanentError(`endpoint disabled after failing: ${outcome.error}`, { reason: 'ENDPOINT_AUTO_DISABLED', status: outcome.status });
    }
    throw new WebhookAttemptFailed(outcome.error ?? 'delivery failed');
  }
}
