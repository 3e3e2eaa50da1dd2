import { Global, Module } from '@nestjs/common';
import { AdminJobsController } from './admin-jobs.controller';
import { JobAdministration } from './job-administration.service';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobOutcomeBus } from './job-outcome.bus';
import { JobQueueMetrics } from './job-queue.metrics';
import { JobQueue } from './job-queue.service';
import { AppConfig } from '../../config/app-config';
import { JOB_WORKER_OPTIONS, jobWorkerOptions } from './job-worker.options';
import { JobWorker } from './job-worker.service';
import { JobBackOfficeCounter } from './job-back-office.counter';

/**
 * The durable job queue (outbox) of the kernel: JobQueue (enqueue in the caller's transaction), handlers by kind,
 * the worker (starts on bootstrap, stops on shutdown), the outcome bus, and the admin API.
 * Worker settings come from the config's `jobs` section (YAML or JOBS_* environment variables).
 */
@Global()
@Module({
  controllers: [AdminJobsController],
  providers: [
    { provide: JOB_WORKER_OPTIONS, inject: [AppConfig], useFactory: (config: AppConfig) => jobWorkerOptions(config.jobs) },
    JobQueue,
    JobQueueMetrics,
    JobHandlerRegistry,
    JobOutcomeBus,
    JobWorker,
    JobAdministration,
    JobBackOfficeCounter,
  ],
  exports: [JobQueue, JobHandlerRegistry, JobOutcomeBus, JobWorker, JobAdministration],
})
export class JobsModule {}
