import { Controller, Get, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { StaffMember } from '../admin-access/staff/staff-member.entity';
import { AuditService } from '../audit/audit.service';
import { BackOffice, BackOfficePage, BackOfficeRenderer, BackOfficeSession } from '../back-office';

export const AUDIT_TEMPLATE = '/kernel/staff-pages/templates/audit';
const PAGE = 50;

export interface AuditFilterInput {
  person?: unknown;
  broker?: unknown;
  action?: unknown;
  from?: unknown;
  to?: unknown;
  before?: unknown;
}

const text = (v: unknown, max = 254) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
/** `2026-12-03T08:15` (a datetime-local field, read as UTC) → epoch ms; anything else → undefined. */
const instant = (v: string) => (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(v) ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : `${v}Z`) : undefined);

/**
 * The audit log for people (issue #19): who did what, filtered by person (a staff email, or an API key's id or
 * name), broker, action (`job` matches job.retry and job.cancel) and time (UTC), newest first, paged by id. Only the
 * brokers the person may read; deployment-wide events (no broker) only for people with `*`.
 */
@Controller('back-office/audit')
export class AuditPagesController {
  constructor(
    private readonly audit: AuditService,
    private readonly renderer: BackOfficeRenderer,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Get()
  @BackOfficePage('read')
  async list(@BackOffice() session: BackOfficeSession, @Query() q: AuditFilterInput, @Res() reply: FastifyReply) {
    const filters = { person: text(q.person), broker: text(q.broker, 64), action: text(q.action, 64), from: text(q.from, 19), to: text(q.to, 19) };
    const before = typeof q.before === 'string' && /^\d{1,12}$/.test(q.before) ? Number(q.before) : undefined;
    const who = filters.person ? await this.actorsOf(filters.person) : {};
    const events = await this.audit.list({
      brokers: session.principal.brokers,
      brokerName: filters.broker || undefined,
      action: filters.action || undefined,
      from: instant(filters.from),
      to: instant(filters.to),
      ...who,
      limit: PAGE + 1,
      beforeId: before,
    });
    const page = events.slice(0, PAGE);
    const base = this.renderer.href('/back-office/audit');
    const keep = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ''));
    return this.renderer.render(
      reply,
      AUDIT_TEMPLATE,
      {
        filters,
        action: base,
        brokers: session.visibleBrokers.map((b) => b.brokerName),
        events: page.map((e) => ({
          id: e.id,
          at: e.createdAt,
          brokerName: e.brokerName,
          category: e.category,
          action: e.action,
          actor: e.actor,
          actorDisplay: e.actorDisplay,
          target: e.target,
          details: e.details === '{}' ? '' : e.details,
        })),
        olderHref: events.length > PAGE ? `${base}?${new URLSearchParams({ ...keep, before: String(page[page.length - 1].id) }).toString()}` : null,
      },
      'staffPages.audit.title',
    );
  }

  /**
   * A person as the audit log names them: a staff email → that member's `staff:<id>` (and the email noted at the
   * time, for a member since removed); `staff:…`/`admin:…` as given; anything else an API key's id or name.
   */
  private async actorsOf(person: string): Promise<{ actors: string[]; actorDisplay?: string }> {
    if (/^(staff|admin|user|ip|cli):/.test(person)) return { actors: [person] };
    if (person.includes('@')) {
      const member = await this.ds.getRepository(StaffMember).findOneBy({ email: person.toLowerCase() });
      return { actors: member ? [`staff:${member.id}`] : [], actorDisplay: person };
    }
    return { actors: [`admin:${person}`], actorDisplay: person };
  }
}
