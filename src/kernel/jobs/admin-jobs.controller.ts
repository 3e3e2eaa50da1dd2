import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminPrincipal, mayAdminister } from '../admin-access/admin-principal';
import { AdminRoute, CurrentAdmin } from '../admin-access/admin-route.decorator';
import { ContractException } from '../errors/contract.exception';
import { ErrorBody } from '../errors/error-body';
import { ErrorCode } from '../errors/error-code';
import { JobDto, JobQueryDto } from './dto/admin-job.dto';
import { redactForDisplay } from './job-payload-redaction';
import { JobAdministration } from './job-administration.service';
import { JobQueue } from './job-queue.service';
import { Job } from './job.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The job queue in the admin console: list and inspect, retry a dead/cancelled job, cancel a pending one. */
@ApiTags('admin')
@Controller('admin/jobs')
export class AdminJobsController {
  constructor(
    private readonly queue: JobQueue,
    private readonly administration: JobAdministration,
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
    return toDto(await this.administration.retry(id, { actor: admin.actor, brokers: admin.brokers, requestId: req.id }));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: 'Cancel a pending job (a running one cannot be: its call may already be at cTrader)' })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the job is not pending' })
  async cancel(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<JobDto> {
    return toDto(await this.administration.cancel(id, { actor: admin.actor, brokers: admin.brokers, requestId: req.id }));
  }

  /** A job of a broker the key does not administer does not exist for it (no probing of other brokers' ids). */
  private async visibleJob(admin: AdminPrincipal, id: string): Promise<Job> {
    const job = UUID.test(id) ? await this.queue.findById(id) : null;
    if (!job || !mayAdminister(admin, job.brokerName)) throw new ContractException(ErrorCode.NotFound, 'No such job');
    return job;
  }
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
