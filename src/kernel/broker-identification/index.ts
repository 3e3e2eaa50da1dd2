/** kernel/broker-identification, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './broker-context';
export * from './broker-identification.guard';
export * from './broker-identification.module';
export * from './broker-registry.service';
export * from './broker-route.decorator';
export * from './current-broker.decorator';
