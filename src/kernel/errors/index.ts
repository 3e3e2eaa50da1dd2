/** kernel/errors, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './body-depth';
export * from './contract-exception.filter';
export * from './contract-validation.pipe';
export * from './contract.exception';
export * from './error-body';
export * from './error-code';
export * from './error-status';
