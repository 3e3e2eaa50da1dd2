import { CallTimer } from '../../src/kernel/ctrader-gateway/call-timer';
import { CtraderSimulator } from '../../src/simulator';

/**
 * The gateway's per-call timeouts (CtraderGatewayOptions.callTimer) under the test's control: a timeout fires when
 * the test fires it, never because the wall clock ran on. A normal call is never cut short on a slow machine, and a
 * call the simulator holds ('timeout' fault) gives up exactly once, so retry counts are exact on any machine.
 */
export class ManualCallTimer {
  private readonly pending: Array<() => void> = [];

  readonly start: CallTimer = (_ms, onTimeout) => {
    const fire = () => {
      this.cancel(fire);
      onTimeout();
    };
    this.pending.push(fire);
    return () => this.cancel(fire);
  };

  /** Timeouts started and neither fired nor cancelled: calls in flight. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Fires the timeout of the call in flight the longest. */
  fireOldest(): void {
    const fire = this.pending[0];
    if (!fire) throw new Error('no call timeout is pending');
    fire();
  }

  private cancel(fire: () => void): void {
    const i = this.pending.indexOf(fire);
    if (i >= 0) this.pending.splice(i, 1);
  }
}

export interface HeldCallTimeouts {
  /** Timeouts fired so far: one per call the simulator held. */
  fired(): number;
  stop(): Promise<void>;
}

/**
 * Plays the wall clock for calls the simulator holds: each time the simulator's call log shows one more call with a
 * 'timeout' fault (it received it and will never answer), the gateway's timeout of the call in flight the longest is
 * fired — once per held call. The gateway then gives up on it as it would after `ctrader.timeoutMs`.
 *
 * Meant for calls made one at a time while a call may be held (as in ctrader-gateway.e2e-spec.ts): with several
 * calls in flight next to a held one, the oldest in flight need not be the held one.
 */
export function timeOutHeldCalls(sim: CtraderSimulator, timer: ManualCallTimer): HeldCallTimeouts {
  const heldSoFar = () => sim.state.calls().filter((c) => c.fault === 'timeout').length;
  let handled = heldSoFar();
  let fired = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      // Only when a call is in flight: a held call's timeout was started before it was sent.
      if (timer.pendingCount > 0 && heldSoFar() > handled) {
        handled += 1;
        fired += 1;
        timer.fireOldest();
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    fired: () => fired,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
