import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { brokersWith } from '../admin-access/admin-principal';
import { BackOffice, BackOfficeBroker, BackOfficeFlash, BackOfficePage, BackOfficeRedirect, BackOfficeRenderer, BackOfficeSession } from '../back-office';
import type { BrokerContext } from '../broker-identification/broker-context';
import { JobAdministration } from '../jobs/job-administration.service';
import { redactForDisplay } from '../jobs/job-payload-redaction';
import { JobQueue } from '../jobs/job-queue.service';
import { JOB_STATES, JobState } from '../jobs/job-state';

export const JOBS_TEMPLATE = '/kernel/staff-pages/templates/jobs';
const PAGE = 50;

/**
 * The job queue of one broker (jobs carry their broker): dead jobs by default, any state on request, newest first,
 * paged by creation time. Retry (dead or cancelled) and cancel (pending) are JobAdministration's, the same code as
 * POST /admin/jobs/:id/retry|cancel, with the API's permission (admin.manage) and audited under the person.
 */
@Controller('back-office/brokers/:brokerName/jobs')
export class JobsPagesController {
  constructor(
    private readonly queue: JobQueue,
    private readonly administration: JobAdministration,
    private readonly renderer: BackOfficeRenderer,
    private readonly flash: BackOfficeFlash,
  ) {}

  @Get()
  @BackOfficePage('read')
  async list(
    @BackOfficeBroker() broker: BrokerContext,
    @BackOffice() session: BackOfficeSession,
    @Query('state') stateParam: unknown,
    @Query('before') beforeParam: unknown,
    @Res() reply: FastifyReply,
  ) {
    const state = stateOf(stateParam);
    const before = typeof beforeParam === 'string' && /^\d{1,15}$/.test(beforeParam) ? Number(beforeParam) : undefined;
    const jobs = await this.queue.list({
      brokers: [broker.brokerName],
      brokerName: broker.brokerName,
      state: state ?? undefined,
      limit: PAGE + 1,
      createdBefore: before,
    });
    const page = jobs.slice(0, PAGE);
    const manage = brokersWith(session.principal.grants, 'admin.manage');
    const base = this.renderer.href(this.base(broker));
    const query = (extra: Record<string, string>) => `${base}?${new URLSearchParams({ state: state ?? 'all', ...extra }).toString()}`;
    return this.renderer.render(
      reply,
      JOBS_TEMPLATE,
      {
        state: state ?? 'all',
        states: ['all', ...JOB_STATES],
        action: base,
        mayManage: manage === '*' || manage.includes(broker.brokerName),
        jobs: page.map((j) => ({
          id: j.id,
          kind: j.kind,
          state: j.state,
          attempts: `${j.attempts}/${j.maxAttempts}`,
          lastError: j.lastError,
          payload: JSON.stringify(redactForDisplay(parse(j.payload))),
          createdAt: j.createdAt,
          updatedAt: j.updatedAt,
          retryAction: j.state === 'dead' || j.state === 'cancelled' ? `${base}/${j.id}/retry` : null,
          cancelAction: j.state === 'pending' ? `${base}/${j.id}/cancel` : null,
        })),
        olderHref: jobs.length > PAGE ? query({ before: String(page[page.length - 1].createdAt) }) : null,
      },
      'staffPages.jobs.title',
    );
  }

  @Post(':id/retry')
  @BackOfficePage('admin.manage')
  async retry(
    @BackOfficeBroker() broker: BrokerContext,
    @BackOffice() session: BackOfficeSession,
    @Param('id') id: string,
    @Req() req: { id: string },
    @Res() reply: FastifyReply,
  ) {
    const job = await this.administration.retry(id, { actor: session.principal.actor, brokers: [broker.brokerName], requestId: req.id });
    this.flash.set(reply.request, reply, { tone: 'success', key: 'staffPages.jobs.retried', params: { kind: job.kind } });
    throw new BackOfficeRedirect(`${this.renderer.href(this.base(broker))}?state=dead`);
  }

  @Post(':id/cancel')
  @BackOfficePage('admin.manage')
  async cancel(
    @BackOfficeBroker() broker: BrokerContext,
    @BackOffice() session: BackOfficeSession,
    @Param('id') id: string,
    @Req() req: { id: string },
    @Res() reply: FastifyReply,
  ) {
    const job = await this.administration.cancel(id, { actor: session.principal.actor, brokers: [broker.brokerName], requestId: req.id });
    this.flash.set(reply.request, reply, { tone: 'success', key: 'staffPages.jobs.cancelled', params: { kind: job.kind } });
    throw new BackOfficeRedirect(`${this.renderer.href(this.base(broker))}?state=pending`);
  }

  private base(broker: BrokerContext): string {
    return `/back-office/brokers/${encodeURIComponent(broker.brokerName)}/jobs`;
  }
}

/** `dead` when absent (the queue staff act on); `all` for no filter. */
function stateOf(value: unknown): JobState | null {
  if (value === undefined || value === '') return 'dead';
  if (value === 'all') return null;
  return (JOB_STATES as readonly string[]).includes(value as string) ? (value as JobState) : 'dead';
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
