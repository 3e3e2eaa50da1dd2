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
  target?: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/** Writes audit events; callers pass no token or password (details are for ids and outcomes). */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly clock: Clock,
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
  ) {}

  /** Inside the caller's transaction when a manager is given, so the event and the change commit together. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEvent) : this.events;
    await repo.insert({
      brokerName: entry.brokerName,
      category: entry.category,
      action: entry.action,
      actor: entry.actor,
      target: entry.target ?? null,
      details: JSON.stringify(entry.details ?? {}),
      requestId: entry.requestId ?? null,
      createdAt: this.clock.now(),
    });
    if (entry.category === 'security') this.logger.warn({ audit: { ...entry, details: undefined } }, `security event ${entry.action}`);
  }

  async list(filter: { brokers: string[] | '*'; brokerName?: string; category?: AuditCategory; limit: number; beforeId?: number }): Promise<AuditEvent[]> {
    const qb = this.events.createQueryBuilder('e').orderBy('e.id', 'DESC').take(filter.limit);
    if (filter.brokers !== '*') qb.andWhere('e.brokerName IN (:...brokers)', { brokers: filter.brokers.length ? filter.brokers : ['\u0000'] });
    if (filter.brokerName) qb.andWhere('e.brokerName = :b', { b: filter.brokerName });
    if (filter.category) qb.andWhere('e.category = :c', { c: filter.category });
    if (filter.beforeId) qb.andWhere('e.id < :before', { before: filter.beforeId });
    return qb.getMany();
  }
}
