/** kernel/observability, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './logger.module';
export * from './metrics.service';
export * from './observability.module';
export * from './access-log';
export * from './in-flight-requests';
