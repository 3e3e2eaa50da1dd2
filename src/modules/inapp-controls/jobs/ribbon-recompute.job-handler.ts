import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobContext, JobHandler, JobHandlerRegistry } from '../../../kernel/jobs';
import { RIBBON_RECOMPUTE_JOB, RibbonRecomputePayload } from './ribbon-job-kinds';
import { RecomputeSummary, RibbonSync } from '../services/ribbon-sync.service';

/**
 * Recomputes every user of a broker after a campaign changed. A job (written in the campaign's transaction) rather
 * than work inside the admin request: it survives a restart, runs on exactly one instance, and an admin request
 * for 100,000 users does not hold a connection for seconds.
 */
@Injectable()
export class RibbonRecomputeJobHandler implements JobHandler<RibbonRecomputePayload, RecomputeSummary>, OnModuleInit {
  readonly kind = RIBBON_RECOMPUTE_JOB;

  constructor(
    private readonly sync: RibbonSync,
    private readonly registry: JobHandlerRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  handle(_payload: RibbonRecomputePayload, context: JobContext): Promise<RecomputeSummary> {
    return this.sync.recomputeAll(context.brokerName);
  }
}
