/** kernel/openapi, as the rest of src sees it: the Swagger console's tags (one per module). */
export * from './api-tags';
export * from './document-examples';
export * from './error-example';
