/** kernel/database, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './broker-scoped.repository';
export * from './direct-sql';
export * from './epoch-ms.column';
export * from './sql-dialect';
export * from './sqlite-transaction-gate';
export * from './unit-of-work';
export * from './unit-of-work.module';
