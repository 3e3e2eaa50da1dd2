/** kernel/staff-pages, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './staff-pages.module';
