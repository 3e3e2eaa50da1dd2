/** kernel/audit, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './audit-event.entity';
export * from './audit.module';
export * from './audit.service';
