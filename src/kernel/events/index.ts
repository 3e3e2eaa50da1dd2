/** kernel/events, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './domain-events';
export * from './durable-events';
export * from './events.module';
