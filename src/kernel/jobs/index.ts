/** kernel/jobs, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './job-administration.service';
export * from './job-handler';
export * from './job-handler.registry';
export * from './job-outcome.bus';
export * from './job-permanent.error';
export * from './job-queue.service';
export * from './job-state';
export * from './job.entity';
export * from './job-worker.service';
export * from './jobs.module';
