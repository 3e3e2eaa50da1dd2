/** kernel/housekeeping, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './housekeeping.module';
export { HousekeepingPurges, type HousekeepingPurge } from './purge-registry';
export { HOUSEKEEPING_RETENTION_MS } from './housekeeping.service';
