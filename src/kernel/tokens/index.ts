/** kernel/tokens, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './access-token.entity';
export * from './access-token.service';
export * from './crm-api-token.entity';
export * from './crm-api-token.service';
export * from './inapp-token.entity';
export * from './login-token-exchange';
export * from './login-token-plan';
export * from './one-time-token.entity';
export * from './one-time-token.service';
export * from './token-errors';
export * from './token-format';
export * from './tokens.module';
