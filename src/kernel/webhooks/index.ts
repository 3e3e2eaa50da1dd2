/** kernel/webhooks, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './webhook-delivery.entity';
export * from './webhook-endpoint.entity';
export * from './webhook-endpoints.service';
export * from './webhook-event-types';
export * from './webhook-outbox.service';
export * from './webhook-signing';
export * from './webhook-target-guard';
export * from './webhooks.module';
