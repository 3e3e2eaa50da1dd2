import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AuditService } from '../../../kernel/audit';
import { BrokerScopedRepository, UnitOfWork } from '../../../kernel/database';
import { ContractException, ErrorCode } from '../../../kernel/errors';
import { JobQueue } from '../../../kernel/jobs';
import { actionProblems } from '../domain/ribbon-action';
import { RibbonAudience } from '../domain/ribbon-campaign.types';
import { titleProblems } from '../domain/ribbon-title';
import { RibbonCampaign } from '../entities/ribbon-campaign.entity';
import { RIBBON_RECOMPUTE_JOB, RibbonRecomputePayload } from '../jobs/ribbon-job-kinds';
import { RibbonCampaignDto, RibbonCampaignInputDto } from '../admin/ribbon-campaign.dto';
import { Clock } from '../../../kernel/clock';

export interface AdminActor {
  actor: string;
  requestId: string | null;
}

/**
 * Campaign writes: each one commits, with its audit event, the job that recomputes the broker's users — so a
 * saved campaign always reaches cTrader, even if the process stops right after answering.
 */
@Injectable()
export class RibbonCampaigns {
  constructor(
    private readonly clock: Clock,
    @InjectRepository(RibbonCampaign) private readonly campaigns: Repository<RibbonCampaign>,
    private readonly unitOfWork: UnitOfWork,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
  ) {}

  async list(brokerName: string): Promise<RibbonCampaignDto[]> {
    const rows = await new BrokerScopedRepository(this.campaigns, brokerName).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
    return rows.map(toDto);
  }

  async get(brokerName: string, id: number): Promise<RibbonCampaignDto> {
    return toDto(await this.find(new BrokerScopedRepository(this.campaigns, brokerName), id));
  }

  async create(brokerName: string, input: RibbonCampaignInputDto, by: AdminActor): Promise<RibbonCampaignDto> {
    const values = validated(input);
    return this.unitOfWork.run(async (m) => {
      const now = this.clock.now();
      const repo = scoped(m, brokerName);
      const row = await repo.insert({ ...values, version: 1, deletedAt: null, createdAt: now, updatedAt: now });
      await this.changed(m, row, 'ribbon_campaign.create', by);
      return toDto(row);
    });
  }

  async replace(brokerName: string, id: number, input: RibbonCampaignInputDto, by: AdminActor): Promise<RibbonCampaignDto> {
    const values = validated(input);
    return this.unitOfWork.run(async (m) => {
      const repo = scoped(m, brokerName);
      const before = await this.find(repo, id);
      const after = await this.bump(repo, before, { ...values });
      await this.changed(m, after, 'ribbon_campaign.update', by);
      return toDto(after);
    });
  }

  async remove(brokerName: string, id: number, by: AdminActor): Promise<void> {
    await this.unitOfWork.run(async (m) => {
      const repo = scoped(m, brokerName);
      const before = await this.find(repo, id);
      const after = await this.bump(repo, before, { deletedAt: this.clock.now() });
      await this.changed(m, after, 'ribbon_campaign.delete', by);
    });
  }

  /** Recompute every user now (e.g. after facts were corrected by hand). */
  async requestRecompute(brokerName: string, by: AdminActor): Promise<string> {
    return this.unitOfWork.run(async (m) => {
      const key = `manual:${this.clock.now()}:${Math.random().toString(36).slice(2, 8)}`;
      const payload: RibbonRecomputePayload = { reason: 'manual' };
      const { job } = await this.queue.enqueue(m, { brokerName, kind: RIBBON_RECOMPUTE_JOB, payload, idempotencyKey: key });
      await this.audit.record(
        { brokerName, category: 'admin', action: 'ribbons.recompute', actor: by.actor, target: `job:${job.id}`, requestId: by.requestId },
        m,
      );
      return job.id;
    });
  }

  private async find(repo: BrokerScopedRepository<RibbonCampaign>, id: number): Promise<RibbonCampaign> {
    const row = Number.isSafeInteger(id) && id > 0 ? await repo.findOneBy({ id, deletedAt: IsNull() }) : null;
    if (!row) throw new ContractException(ErrorCode.NotFound, 'No such campaign');
    return row;
  }

  /** Conditional on the version read: two admins saving at once → the second gets 409, not a silent overwrite. */
  private async bump(repo: BrokerScopedRepository<RibbonCampaign>, before: RibbonCampaign, values: Partial<RibbonCampaign>): Promise<RibbonCampaign> {
    const now = this.clock.now();
    const affected = await repo.update({ id: before.id, version: before.version }, { ...values, version: before.version + 1, updatedAt: now });
    if (affected !== 1) throw new ContractException(ErrorCode.Conflict, 'The campaign was changed meanwhile; reload it and try again');
    return { ...before, ...values, version: before.version + 1, updatedAt: now };
  }

  private async changed(m: EntityManager, row: RibbonCampaign, action: string, by: AdminActor): Promise<void> {
    const payload: RibbonRecomputePayload = { reason: `campaign ${row.id} v${row.version}` };
    await this.queue.enqueue(m, { brokerName: row.brokerName, kind: RIBBON_RECOMPUTE_JOB, payload, idempotencyKey: `campaign:${row.id}:v${row.version}` });
    await this.audit.record(
      {
        brokerName: row.brokerName,
        category: 'admin',
        action,
        actor: by.actor,
        target: `ribbon_campaign:${row.id}`,
        details: { version: row.version, name: row.name },
        requestId: by.requestId,
      },
      m,
    );
  }
}

function scoped(m: EntityManager, brokerName: string): BrokerScopedRepository<RibbonCampaign> {
  return new BrokerScopedRepository(m.getRepository(RibbonCampaign), brokerName);
}

function invalid(message: string): ContractException {
  return new ContractException(ErrorCode.InvalidRequest, message);
}

/** What class-validator cannot say: placeholders, URLs, schedule order, an audience's fields matching its kind. */
function validated(
  input: RibbonCampaignInputDto,
): Pick<RibbonCampaign, 'name' | 'titles' | 'color' | 'action' | 'closable' | 'enabled' | 'startsAt' | 'endsAt' | 'priority' | 'audience'> {
  const problems = [...titleProblems(input.title), ...actionProblems(definedOnly(input.action as unknown as Record<string, unknown>))];
  if (problems.length) throw invalid(problems[0]);
  const startsAt = input.startsAt ? Date.parse(input.startsAt) : null;
  const endsAt = input.endsAt ? Date.parse(input.endsAt) : null;
  if (startsAt !== null && endsAt !== null && endsAt <= startsAt) throw invalid('endsAt must be after startsAt');
  return {
    name: input.name,
    titles: JSON.stringify(input.title),
    color: input.color.toLowerCase(),
    action: JSON.stringify(definedOnly(input.action as unknown as Record<string, unknown>)),
    closable: input.closable ?? true,
    enabled: input.enabled ?? true,
    startsAt,
    endsAt,
    priority: input.priority ?? 0,
    audience: JSON.stringify(audienceOf(input)),
  };
}

function audienceOf(input: RibbonCampaignInputDto): RibbonAudience {
  const a = input.audience;
  const extra = (allowed: string[]) => {
    const given = (['logins', 'userIds', 'segments', 'inactiveDays'] as const).filter((k) => a[k] !== undefined && !allowed.includes(k));
    if (given.length) throw invalid(`audience.${given[0]} does not apply to audience kind ${a.kind}`);
  };
  switch (a.kind) {
    case 'everyone':
    case 'brokerName':
      extra([]);
      return { kind: a.kind };
    case 'accounts':
      extra(['logins']);
      return { kind: 'accounts', logins: [...new Set(a.logins)] };
    case 'users':
      extra(['userIds']);
      return { kind: 'users', userIds: [...new Set(a.userIds)] };
    case 'segment': {
      extra(['segments', 'inactiveDays']);
      const segments = [...new Set(a.segments)];
      if (a.inactiveDays !== undefined && !segments.includes('inactive')) throw invalid('audience.inactiveDays needs the inactive segment');
      return { kind: 'segment', segments, ...(a.inactiveDays !== undefined && { inactiveDays: a.inactiveDays }) };
    }
  }
}

function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function toDto(row: RibbonCampaign): RibbonCampaignDto {
  return {
    id: row.id,
    brokerName: row.brokerName,
    name: row.name,
    title: JSON.parse(row.titles) as RibbonCampaignDto['title'],
    color: row.color,
    action: JSON.parse(row.action) as RibbonCampaignDto['action'],
    closable: row.closable,
    enabled: row.enabled,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    priority: row.priority,
    audience: JSON.parse(row.audience) as RibbonCampaignDto['audience'],
    version: row.version,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}
