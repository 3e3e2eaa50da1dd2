/** kernel/rate-limit, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './keyed-rate-limit.service';
export * from './rate-limit.module';
export * from './rate-limited.decorator';
