import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { SecretBox, newSigningSecret } from './secret-box';
import { StoredSigningSecret, WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEventType } from './webhook-event-types';
import { WebhookTargetGuard, WebhookTargetRefused } from './webhook-target-guard';

export interface EndpointInput {
  url: string;
  eventTypes: WebhookEventType[];
  enabled?: boolean;
}

/**
 * A broker's endpoints and their signing secrets. A secret leaves the server exactly twice: in the answer that created
 * the endpoint and in the answer of a rotation. Stored sealed (SecretBox); rotation keeps the previous secret signing
 * until `secretOverlapMinutes` have passed, so the broker can roll their receiver over without a gap.
 */
@Injectable()
export class WebhookEndpoints {
  private readonly box: SecretBox | null;
  private readonly guard: WebhookTargetGuard;

  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.box = config.webhooks.secretKey ? new SecretBox(config.webhooks.secretKey) : null;
    this.guard = new WebhookTargetGuard(config.webhooks.allowPrivateTargets);
  }

  async create(brokerName: string, input: EndpointInput, manager: EntityManager): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const box = this.requireBox();
    this.checkUrl(input.url);
    const secret = newSigningSecret();
    const now = this.clock.now();
    const endpoint = manager.getRepository(WebhookEndpoint).create({
      id: randomUUID(),
      brokerName,
      url: input.url,
      eventTypes: JSON.stringify([...new Set(input.eventTypes)]),
      secrets: JSON.stringify([{ sealed: box.seal(secret), createdAt: now, expiresAt: null }] satisfies StoredSigningSecret[]),
      enabled: input.enabled ?? true,
      disabledReason: input.enabled === false ? 'admin' : null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.getRepository(WebhookEndpoint).insert(endpoint);
    return { endpoint, secret };
  }

  list(brokerName: string): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ where: { brokerName }, order: { createdAt: 'ASC' } });
  }

  /** 404 for an endpoint of another broker, as for one that does not exist. */
  async get(brokerName: string, id: string, manager?: EntityManager): Promise<WebhookEndpoint> {
    const endpoint = await (manager ? manager.getRepository(WebhookEndpoint) : this.endpoints).findOneBy({ brokerName, id });
    if (!endpoint) throw new ContractException(ErrorCode.NotFound, 'No such webhook endpoint');
    return endpoint;
  }

  async update(endpoint: WebhookEndpoint, change: Partial<EndpointInput>, manager: EntityManager): Promise<WebhookEndpoint> {
    if (change.url !== undefined) this.checkUrl(change.url);
    const next: Partial<WebhookEndpoint> = { updatedAt: this.clock.now() };
    if (change.url !== undefined) next.url = change.url;
    if (change.eventTypes !== undefined) next.eventTypes = JSON.stringify([...new Set(change.eventTypes)]);
    if (change.enabled !== undefined && change.enabled !== endpoint.enabled) {
      next.enabled = change.enabled;
      next.disabledReason = change.enabled ? null : 'admin';
      // Re-enabling starts a fresh failure streak: the auto-disable period counts from the next failure.
      next.failingSince = null;
    }
    await manager.getRepository(WebhookEndpoint).update({ id: endpoint.id, brokerName: endpoint.brokerName }, next);
    return { ...endpoint, ...next };
  }

  async remove(endpoint: WebhookEndpoint, manager: EntityManager): Promise<void> {
    await manager.getRepository(WebhookEndpoint).delete({ id: endpoint.id, brokerName: endpoint.brokerName });
  }

  /** A new current secret; the previous ones sign until the overlap ends (already-expired ones are dropped). */
  async rotate(endpoint: WebhookEndpoint, manager: EntityManager): Promise<{ secret: string; previousExpiresAt: number }> {
    const box = this.requireBox();
    const now = this.clock.now();
    const previousExpiresAt = now + this.config.webhooks.secretOverlapMinutes * 60_000;
    const kept = parseSecrets(endpoint)
      .filter((s) => s.expiresAt === null || s.expiresAt > now)
      .map((s) => ({ ...s, expiresAt: s.expiresAt === null ? previousExpiresAt : Math.min(s.expiresAt, previousExpiresAt) }));
    const secret = newSigningSecret();
    const secrets: StoredSigningSecret[] = [...kept, { sealed: box.seal(secret), createdAt: now, expiresAt: null }];
    await manager
      .getRepository(WebhookEndpoint)
      .update({ id: endpoint.id, brokerName: endpoint.brokerName }, { secrets: JSON.stringify(secrets), updatedAt: now });
    return { secret, previousExpiresAt };
  }

  /** The secrets that sign now, newest first (plain text: only for signing, never returned or logged). */
  activeSecrets(endpoint: WebhookEndpoint): string[] {
    const box = this.requireBox();
    const now = this.clock.now();
    return parseSecrets(endpoint)
      .filter((s) => s.expiresAt === null || s.expiresAt > now)
      .reverse()
      .map((s) => box.open(s.sealed));
  }

  /** When the previous secret stops signing (null: no rotation in progress). */
  overlapEndsAt(endpoint: WebhookEndpoint): number | null {
    const now = this.clock.now();
    const pending = parseSecrets(endpoint).filter((s) => s.expiresAt !== null && s.expiresAt > now);
    return pending.length ? Math.max(...pending.map((s) => s.expiresAt!)) : null;
  }

  private checkUrl(url: string): void {
    try {
      this.guard.checkUrl(url);
    } catch (e) {
      if (e instanceof WebhookTargetRefused) throw new ContractException(ErrorCode.InvalidRequest, `url: ${e.message}`);
      throw e;
    }
  }

  private requireBox(): SecretBox {
    if (!this.box) throw new ContractException(ErrorCode.ServiceUnavailable, 'Webhooks are not configured: set webhooks.secretKey (a secret reference)');
    return this.box;
  }
}

export function parseSecrets(endpoint: WebhookEndpoint): StoredSigningSecret[] {
  return JSON.parse(endpoint.secrets) as StoredSigningSecret[];
}

export function subscribedTypes(endpoint: WebhookEndpoint): WebhookEventType[] {
  return JSON.parse(endpoint.eventTypes) as WebhookEventType[];
}
