/** kernel/ctrader-gateway, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './change-balance/balance-change-attempt.entity';
export * from './change-balance/change-balance-jobs.service';
export * from './change-balance/change-balance.job';
export * from './ctrader-gateway.dto';
export * from './ctrader-gateway.module';
export * from './ctrader-gateway.service';
export * from './ctrader.error';
