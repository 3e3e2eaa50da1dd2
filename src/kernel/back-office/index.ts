/** kernel/back-office, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './back-office.module';
export * from './back-office-page.decorator';
export * from './back-office-session';
export * from './back-office-registry';
export * from './back-office-renderer.service';
export * from './back-office-flash';
export * from './back-office-csv';
export * from './back-office-exception.filter';
export { BackOfficeGuard } from './back-office.guard';
export * from './back-office-form';
