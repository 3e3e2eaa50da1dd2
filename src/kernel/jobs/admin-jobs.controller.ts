import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EntityManager } from 'typeorm';
import { AdminPrincipal, mayAdminister } from '../admin-access/admin-principal';
import { AdminRoute, CurrentAdmin } from '../admin-access/admin-route.decorator';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../database/unit-of-work';
import { ContractException } from '../errors/contract.exception';
import { ErrorBody } from '../errors/error-body';
import { ErrorCode } from '../errors/error-code';
import { JobDto, JobQueryDto } from './dto/admin-job.dto';
import { JobOutcomeBus } from './job-outcome.bus';
import { redactForDisplay } from './job-payload-redaction';
import { JobQueue } from './job-queue.service';
import { Job } from './job.entity';
import { ApiTag } from '../openapi';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The job queue in the admin console: list and inspect, retry a dead/cancelled job, cancel a pending one. */
@ApiTags(ApiTag.Jobs)
@Controller('admin/jobs')
export class AdminJobsController {
  constructor(
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly outcomes: JobOutcomeBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  @Get()
  @AdminRoute('read')
  @ApiOperation({ summary: "Jobs of the key's brokers, newest first; filter by brokerName, state, kind" })
  @ApiOkResponse({ type: [JobDto] })
  async list(@CurrentAdmin() admin: AdminPrincipal, @Query() q: JobQueryDto): Promise<JobDto[]> {
    const jobs = await this.queue.list({
      brokers: admin.brokers,
      brokerName: q.brokerName,
      state: q.state,
      kind: q.kind,
      limit: q.limit ?? 50,
      createdBefore: q.createdBefore,
    });
    return jobs.map(toDto);
  }

  @Get(':id')
  @AdminRoute('read')
  @ApiOperation({ summary: 'One job' })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND (also for a job of a broker the key does not administer)' })
  async get(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string): Promise<JobDto> {
    return toDto(await this.visibleJob(admin, id));
  }

  @Post(':id/retry')
  @HttpCode(200)
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: 'A dead or cancelled job back to pending, with a fresh attempt budget' })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the job is not dead or cancelled' })
  async retry(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<JobDto> {
    const before = await this.visibleJob(admin, id);
    const after = await this.unitOfWork.run(async (manager) => {
      const job = await this.queue.retry(id, manager);
      if (job) await this.record(manager, admin, 'job.retry', before, req.id);
      return job;
    });
    if (!after) throw conflict(await this.queue.findById(id), 'retried', 'dead or cancelled');
    return toDto(after);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: 'Cancel a pending job (a running one cannot be: its call may already be at cTrader)' })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the job is not pending' })
  async cancel(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<JobDto> {
    const before = await this.visibleJob(admin, id);
    const after = await this.unitOfWork.run(async (manager) => {
      const job = await this.queue.cancel(id, manager);
      if (job) await this.record(manager, admin, 'job.cancel', before, req.id);
      return job;
    });
    if (!after) throw conflict(await this.queue.findById(id), 'cancelled', 'pending');
    await this.outcomes.emit({
      jobId: after.id,
      brokerName: after.brokerName,
      kind: after.kind,
      state: 'cancelled',
      result: null,
      lastError: after.lastError,
      attempts: after.attempts,
    });
    return toDto(after);
  }

  /** A job of a broker the key does not administer does not exist for it (no probing of other brokers' ids). */
  private async visibleJob(admin: AdminPrincipal, id: string): Promise<Job> {
    const job = UUID.test(id) ? await this.queue.findById(id) : null;
    if (!job || !mayAdminister(admin, job.brokerName)) throw new ContractException(ErrorCode.NotFound, 'No such job');
    return job;
  }

  private record(manager: EntityManager, admin: AdminPrincipal, action: string, job: Job, requestId: string): Promise<void> {
    return this.audit.record(
      {
        brokerName: job.brokerName,
        category: 'admin',
        action,
        actor: admin.actor,
        target: `job:${job.id}`,
        details: { kind: job.kind, previousState: job.state, attempts: job.attempts },
        requestId,
      },
      manager,
    );
  }
}

function conflict(job: Job | null, verb: string, allowed: string): ContractException {
  return new ContractException(ErrorCode.Conflict, `Job is ${job?.state ?? 'gone'}; only a ${allowed} job can be ${verb}`);
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toDto(job: Job): JobDto {
  return {
    id: job.id,
    brokerName: job.brokerName,
    kind: job.kind,
    state: job.state,
    idempotencyKey: job.idempotencyKey,
    payload: redactForDisplay(parse(job.payload)),
    result: redactForDisplay(parse(job.result)),
    lastError: job.lastError,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    runAfter: iso(job.runAfter) as string,
    lockedBy: job.lockedBy,
    lockedUntil: iso(job.lockedUntil),
    createdAt: iso(job.createdAt) as string,
    updatedAt: iso(job.updatedAt) as string,
  };
}
