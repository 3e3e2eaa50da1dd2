/**
 * Starts the per-call timeout of one cTrader request: `onTimeout` runs once after `ms` unless the returned function
 * cancels it first. Production uses the real timer; a test injects one it fires itself (CtraderGatewayOptions.callTimer),
 * so a timeout test gives up exactly when the test says — after the simulator is seen holding the request — and a
 * normal call is never cut short because the machine is slow.
 */
export type CallTimer = (ms: number, onTimeout: () => void) => () => void;

export const realCallTimer: CallTimer = (ms, onTimeout) => {
  const timer = setTimeout(onTimeout, ms);
  return () => clearTimeout(timer);
};
