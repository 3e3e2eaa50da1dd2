/** kernel/trader-360, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './minor-units';
export * from './trader-360-sections';
export * from './trader-360.module';
export * from './trader-360.service';
export * from './trader-finder.service';
