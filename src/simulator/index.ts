// Public surface of the cTrader simulator: used by the app's demo mode, by tests and by the conformance kit.
export { createCtraderSimulator, CtraderSimulator } from './ctrader-simulator';
export type { BrokerServerTarget, SimulatorBrokerConfig, SimulatorOptions, SimulatorRateLimit } from './simulator-options';
export { SimulatorState } from './simulator-state';
export type { CallLogFilter, SimUserView } from './simulator-state';
export { FaultInjector, FAULT_MODES, TIMEOUT_FAULT_HOLD_MS } from './fault-injector';
export type { ActiveFaultRule, FaultMode, FaultRule, FaultTarget } from './fault-injector';
export { CtraderError, CtraderErrorCode } from './ctrader-error';
export type { CtraderErrorBody } from './ctrader-error';
export { CtraderAppClient } from './app/ctrader-app-client';
export type { AppCallResult, CtraderAppClientOptions } from './app/ctrader-app-client';
export type { MintLightIdentityTokenInput, MintedLightIdentityToken } from './light-identity-tokens';
export { md5Hex } from './ctrader-formats';
export { decimalTextToMinorUnits, minorUnitsToDecimalText } from './money';
export * from './simulator-records';
export { RATE_LIMIT_SHAPES } from './rate-limit-answer';
export type { RateLimitAnswer, RateLimitShape } from './rate-limit-answer';
