/** kernel/admin-access, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './admin-access.module';
export * from './admin-api-key.entity';
export * from './admin-api-key.service';
export * from './admin-auth.guard';
export * from './admin-principal';
export * from './admin-route.decorator';
