import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditCategory, AuditEvent } from './audit-event.entity';
import { Clock } from '../clock';

export interface AuditEntry {
  brokerName: string | null;
  category: AuditCategory;
  action: string;
  actor: string;
  /** Readable name of the actor; default: the one AdminAuthGuard noted for this actor (nameActor). */
  actorDisplay?: string | null;
  target?: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/** Writes audit events; callers pass no token or password (details are for ids and outcomes). */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  /**
   * actor → display name, noted by AdminAuthGuard as it authenticates each request, so that every audit write of
   * that request (deep in a module's service, which only knows the `actor` string) names the person or key. The
   * request is served by the instance that authenticated it, so the entry is always there when it is needed.
   */
  private readonly displays = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
  ) {}

  nameActor(actor: string, display: string): void {
    this.displays.delete(actor);
    this.displays.set(actor, display);
    // Bounded: the oldest names go first (insertion order); they are noted again on their next request.
    if (this.displays.size > 10_000) this.displays.delete(this.displays.keys().next().value as string);
  }

  /** Inside the caller's transaction when a manager is given, so the event and the change commit together. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEvent) : this.events;
    await repo.insert({
      brokerName: entry.brokerName,
      category: entry.category,
      action: entry.action,
      actor: entry.actor,
      actorType: actorTypeOf(entry.actor),
      actorDisplay: entry.actorDisplay ?? this.displays.get(entry.actor) ?? null,
      target: entry.target ?? null,
      details: JSON.stringify(entry.details ?? {}),
      requestId: entry.requestId ?? null,
      createdAt: this.clock.now(),
    });
    if (entry.category === 'security') this.logger.warn({ audit: { ...entry, details: undefined } }, `security event ${entry.action}`);
  }

  async list(filter: {
    brokers: string[] | '*';
    brokerName?: string;
    category?: AuditCategory;
    actor?: string;
    /** Any of these actors (the back office resolves a person's email to their `staff:<id>`). */
    actors?: string[];
    /** Also matched: the name noted at the time (a person's email, a key's name), case-insensitive. */
    actorDisplay?: string;
    /** This action, or every action under it (`job` matches `job.retry` and `job.cancel`). */
    action?: string;
    /** Epoch ms: from (inclusive) and to (exclusive). */
    from?: number;
    to?: number;
    limit: number;
    beforeId?: number;
  }): Promise<AuditEvent[]> {
    const qb = this.events.createQueryBuilder('e').orderBy('e.id', 'DESC').take(filter.limit);
    if (filter.brokers !== '*') qb.andWhere('e.brokerName IN (:...brokers)', { brokers: filter.brokers.length ? filter.brokers : ['\u0000'] });
    if (filter.brokerName) qb.andWhere('e.brokerName = :b', { b: filter.brokerName });
    if (filter.category) qb.andWhere('e.category = :c', { c: filter.category });
    if (filter.actor) qb.andWhere('e.actor = :actor', { actor: filter.actor });
    if (filter.actors !== undefined || filter.actorDisplay !== undefined) {
      const who: string[] = [];
      if (filter.actors?.length) who.push('e.actor IN (:...actors)');
      if (filter.actorDisplay) who.push('LOWER(e.actorDisplay) = :display');
      qb.andWhere(who.length ? `(${who.join(' OR ')})` : '1 = 0', { actors: filter.actors, display: filter.actorDisplay?.toLowerCase() });
    }
    if (filter.action)
      qb.andWhere("(e.action = :action OR e.action LIKE :under ESCAPE '\\')", { action: filter.action, under: `${escapeLike(filter.action)}.%` });
    if (filter.from !== undefined) qb.andWhere('e.createdAt >= :from', { from: filter.from });
    if (filter.to !== undefined) qb.andWhere('e.createdAt < :to', { to: filter.to });
    if (filter.beforeId) qb.andWhere('e.id < :before', { before: filter.beforeId });
    return qb.getMany();
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `admin:<id>` is an API key (the prefix predates staff accounts); otherwise the prefix before the colon. */
export function actorTypeOf(actor: string): string {
  const prefix = actor.includes(':') ? actor.slice(0, actor.indexOf(':')) : actor;
  if (prefix === 'admin') return 'key';
  return prefix.slice(0, 16);
}
