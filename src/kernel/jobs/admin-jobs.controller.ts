import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminPrincipal } from '../admin-access/admin-principal';
import { AdminBrokerRoute, AdminRoute, CurrentAdmin, CurrentAdminBroker } from '../admin-access/admin-route.decorator';
import type { BrokerContext } from '../broker-identification/broker-context';
import { ContractException } from '../errors/contract.exception';
import { ErrorBody } from '../errors/error-body';
import { ErrorCode } from '../errors/error-code';
import { JobDto, JobQueryDto } from './dto/admin-job.dto';
import { redactForDisplay } from './job-payload-redaction';
import { JobAdministration } from './job-administration.service';
import { JobQueue } from './job-queue.service';
import { Job, SYSTEM_JOB_BROKER } from './job.entity';
import { ApiTag } from '../openapi';

/**
 * The job queue in the admin console: list and inspect, retry a dead/cancelled job, cancel a pending one. A job
 * belongs to one broker and is reached under that broker's path (`/admin/brokers/{brokerName}/jobs`); the
 * deployment's own jobs (housekeeping, under SYSTEM_JOB_BROKER) are at `/admin/jobs` and need the permission on
 * every broker (`*`), as the configuration reload does.
 */
@ApiTags(ApiTag.Jobs)
@Controller('admin')
export class AdminJobsController {
  constructor(
    private readonly queue: JobQueue,
    private readonly administration: JobAdministration,
  ) {}

  @Get('brokers/:brokerName/jobs')
  @AdminBrokerRoute('read')
  @ApiOperation({ summary: "The broker's jobs, newest first; filter by state, kind" })
  @ApiOkResponse({ type: [JobDto] })
  list(@CurrentAdminBroker() broker: BrokerContext, @Query() q: JobQueryDto): Promise<JobDto[]> {
    return this.listOf(broker.brokerName, q);
  }

  @Get('brokers/:brokerName/jobs/:id')
  @AdminBrokerRoute('read')
  @ApiOperation({ summary: 'One job' })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND (also for a job of another broker)' })
  async get(@CurrentAdminBroker() broker: BrokerContext, @Param('id') id: string): Promise<JobDto> {
    return toDto(await this.administration.visible([broker.brokerName], id));
  }

  @Post('brokers/:brokerName/jobs/:id/retry')
  @HttpCode(200)
  @AdminBrokerRoute('admin.manage')
  @ApiOperation({ summary: 'A dead or cancelled job back to pending, with a fresh attempt budget' })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the job is not dead or cancelled' })
  retry(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: { id: string },
  ): Promise<JobDto> {
    return this.retryOf(admin, broker.brokerName, id, req.id);
  }

  @Post('brokers/:brokerName/jobs/:id/cancel')
  @HttpCode(200)
  @AdminBrokerRoute('admin.manage')
  @ApiOperation({ summary: 'Cancel a pending job (a running one cannot be: its call may already be at cTrader)' })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the job is not pending' })
  cancel(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: { id: string },
  ): Promise<JobDto> {
    return this.cancelOf(admin, broker.brokerName, id, req.id);
  }

  @Get('jobs')
  @AdminRoute('read')
  @ApiOperation({ summary: "The deployment's own jobs (housekeeping; no broker), newest first; filter by state, kind. Needs the permission on every broker" })
  @ApiOkResponse({ type: [JobDto] })
  listSystem(@CurrentAdmin() admin: AdminPrincipal, @Query() q: JobQueryDto): Promise<JobDto[]> {
    requireEveryBroker(admin);
    return this.listOf(SYSTEM_JOB_BROKER, q);
  }

  @Get('jobs/:id')
  @AdminRoute('read')
  @ApiOperation({ summary: "One of the deployment's own jobs" })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: "NOT_FOUND (also for a broker's job: it is under /admin/brokers/{brokerName}/jobs)" })
  async getSystem(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string): Promise<JobDto> {
    requireEveryBroker(admin);
    return toDto(await this.administration.visible([SYSTEM_JOB_BROKER], id));
  }

  @Post('jobs/:id/retry')
  @HttpCode(200)
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: "One of the deployment's own jobs, dead or cancelled, back to pending" })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the job is not dead or cancelled' })
  retrySystem(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<JobDto> {
    requireEveryBroker(admin);
    return this.retryOf(admin, SYSTEM_JOB_BROKER, id, req.id);
  }

  @Post('jobs/:id/cancel')
  @HttpCode(200)
  @AdminRoute('admin.manage')
  @ApiOperation({ summary: "Cancel one of the deployment's own jobs that is pending" })
  @ApiOkResponse({ type: JobDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the job is not pending' })
  cancelSystem(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Req() req: { id: string }): Promise<JobDto> {
    requireEveryBroker(admin);
    return this.cancelOf(admin, SYSTEM_JOB_BROKER, id, req.id);
  }

  private async listOf(brokerName: string, q: JobQueryDto): Promise<JobDto[]> {
    const jobs = await this.queue.list({ brokers: [brokerName], state: q.state, kind: q.kind, limit: q.limit ?? 50, createdBefore: q.createdBefore });
    return jobs.map(toDto);
  }

  private retryOf(admin: AdminPrincipal, brokerName: string, id: string, requestId: string): Promise<JobDto> {
    return this.administration.retry(id, { actor: admin.actor, brokers: [brokerName], requestId }).then(toDto);
  }

  private cancelOf(admin: AdminPrincipal, brokerName: string, id: string, requestId: string): Promise<JobDto> {
    return this.administration.cancel(id, { actor: admin.actor, brokers: [brokerName], requestId }).then(toDto);
  }
}

/** The deployment's own jobs concern every broker: only a key (or person) with the permission on all of them. */
function requireEveryBroker(admin: AdminPrincipal): void {
  if (admin.brokers !== '*') throw new ContractException(ErrorCode.AdminBrokerForbidden, "The deployment's own jobs need a key for all brokers");
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
