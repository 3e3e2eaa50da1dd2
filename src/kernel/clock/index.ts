/** kernel/clock, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './clock';
export * from './clock.module';
