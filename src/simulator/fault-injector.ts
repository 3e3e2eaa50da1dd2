import { Socket } from 'node:net';
import { CALL_IDS, CallId } from './simulator-records';

export const FAULT_MODES = ['latency', 'error', 'timeout', 'dropAfterEffect', 'rateLimit'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** A call id, or '*' for every simulated cTrader call (a rate-limit storm, a slow network). */
export type FaultTarget = CallId | '*';

export interface FaultRule {
  call: FaultTarget;
  mode: FaultMode;
  /** How many requests the rule hits; default 1, 0 = unlimited. */
  times?: number;
  /** Chance (0..1) that a matching request is hit; default 1. A miss does not use up `times`. */
  probability?: number;
  /** For 'latency' (default 1000), and optionally a delay before any other mode (default 0). */
  latencyMs?: number;
  /** For 'error'; default 503. */
  status?: number;
  /** For 'error'; default INTERNAL_SERVER_ERROR. Lets a test fake a specific CT answer. */
  errorCode?: string;
}

export interface ActiveFaultRule extends Required<Pick<FaultRule, 'call' | 'mode' | 'times' | 'probability'>> {
  id: number;
  latencyMs: number;
  status: number;
  errorCode: string;
  /** Requests hit so far. */
  hits: number;
}

/** What applies to one request: at most one latency rule and at most one terminal rule. */
export interface FaultDecision {
  latencyMs: number;
  outcome: ActiveFaultRule | null;
}

/** How long a 'timeout' fault holds a socket before giving up on it, so nothing leaks forever. */
export const TIMEOUT_FAULT_HOLD_MS = 120000;

/**
 * Per-call fault rules (latency, 5xx, timeouts, dropped responses, rate-limit storms) plus the bookkeeping that
 * lets the simulator close promptly: held sockets and pending delays are tracked and released by dispose().
 */
export class FaultInjector {
  private rules: ActiveFaultRule[] = [];
  private nextId = 1;
  private readonly heldSockets = new Map<Socket, NodeJS.Timeout>();
  private readonly pendingDelays = new Map<NodeJS.Timeout, () => void>();

  constructor(private readonly random: () => number = Math.random) {}

  /** Adds a rule and returns its id. Throws on a rule the simulator cannot honour. */
  add(rule: FaultRule): number {
    const problem = describeInvalidRule(rule);
    if (problem) {
      throw new Error(`Invalid fault rule: ${problem}`);
    }
    const active: ActiveFaultRule = {
      id: this.nextId++,
      call: rule.call,
      mode: rule.mode,
      times: rule.times ?? 1,
      probability: rule.probability ?? 1,
      latencyMs: rule.latencyMs ?? (rule.mode === 'latency' ? 1000 : 0),
      status: rule.status ?? 503,
      errorCode: rule.errorCode ?? 'INTERNAL_SERVER_ERROR',
      hits: 0,
    };
    this.rules.push(active);
    return active.id;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /**
   * Decides the faults for one request and uses them up. Latency rules combine with a terminal rule (so a test
   * can have a slow network and a failure at once); among several of one kind, the oldest rule wins.
   */
  take(call: CallId): FaultDecision {
    let latency: ActiveFaultRule | null = null;
    let outcome: ActiveFaultRule | null = null;
    for (const rule of this.rules) {
      if (rule.call !== '*' && rule.call !== call) continue;
      const isLatency = rule.mode === 'latency';
      if (isLatency ? latency : outcome) continue;
      if (rule.probability < 1 && this.random() >= rule.probability) continue;
      rule.hits += 1;
      if (isLatency) latency = rule;
      else outcome = rule;
    }
    this.rules = this.rules.filter((rule) => rule.times === 0 || rule.hits < rule.times);
    return { latencyMs: (latency?.latencyMs ?? 0) + (outcome?.latencyMs ?? 0), outcome };
  }

  /** A delay that dispose() cuts short, so close() never waits for an injected latency. */
  delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingDelays.delete(timer);
        resolve();
      }, ms);
      this.pendingDelays.set(timer, resolve);
    });
  }

  /** Keeps a socket open without answering ('timeout'); released on client abort, after 120 s, or by dispose(). */
  hold(socket: Socket): void {
    const timer = setTimeout(() => this.release(socket), TIMEOUT_FAULT_HOLD_MS);
    timer.unref();
    this.heldSockets.set(socket, timer);
    socket.once('close', () => {
      clearTimeout(timer);
      this.heldSockets.delete(socket);
    });
  }

  heldSocketCount(): number {
    return this.heldSockets.size;
  }

  /** Releases every held socket and pending delay: called by close() and reset(). */
  dispose(): void {
    for (const socket of [...this.heldSockets.keys()]) {
      this.release(socket);
    }
    for (const [timer, resolve] of this.pendingDelays) {
      clearTimeout(timer);
      resolve();
    }
    this.pendingDelays.clear();
  }

  private release(socket: Socket): void {
    const timer = this.heldSockets.get(socket);
    if (timer) clearTimeout(timer);
    this.heldSockets.delete(socket);
    socket.destroy();
  }
}

/** Returns why a rule is invalid, or null. Shared by the programmatic API and POST /__sim/faults. */
export function describeInvalidRule(rule: unknown): string | null {
  if (typeof rule !== 'object' || rule === null) return 'a rule must be an object';
  const r = rule as Record<string, unknown>;
  if (r.call !== '*' && !(CALL_IDS as readonly unknown[]).includes(r.call)) {
    return `'call' must be one of ${CALL_IDS.join(', ')} or *`;
  }
  if (!(FAULT_MODES as readonly unknown[]).includes(r.mode)) return `'mode' must be one of ${FAULT_MODES.join(', ')}`;
  if (r.times !== undefined && !(Number.isSafeInteger(r.times) && (r.times as number) >= 0)) {
    return "'times' must be an integer >= 0";
  }
  if (r.probability !== undefined && !(typeof r.probability === 'number' && r.probability >= 0 && r.probability <= 1)) {
    return "'probability' must be a number in 0..1";
  }
  if (r.latencyMs !== undefined && !(Number.isSafeInteger(r.latencyMs) && (r.latencyMs as number) >= 0)) {
    return "'latencyMs' must be an integer >= 0";
  }
  if (r.status !== undefined && !(Number.isSafeInteger(r.status) && (r.status as number) >= 400 && (r.status as number) <= 599)) {
    return "'status' must be an HTTP error status (400-599)";
  }
  if (r.errorCode !== undefined && typeof r.errorCode !== 'string') return "'errorCode' must be a string";
  return null;
}
