import { Counter, Histogram, Registry } from 'prom-client';

export type CtraderCallOutcome = 'ok' | 'rejected' | 'auth' | 'rate_limited' | 'server_error' | 'timeout' | 'network_error' | 'invalid_response';

/**
 * Per-request metrics of cTrader calls (one sample per HTTP request, so retries show up):
 * `ctrader_calls_total{broker,call,outcome}` and `ctrader_call_duration_seconds{broker,call}`.
 */
export class CtraderCallMetrics {
  private readonly calls: Counter<'broker' | 'call' | 'outcome'>;
  private readonly duration: Histogram<'broker' | 'call'>;

  constructor(registry: Registry) {
    // A second gateway on the same registry (tests) reuses the metrics instead of failing on a duplicate name.
    this.calls =
      (registry.getSingleMetric('ctrader_calls_total') as Counter<'broker' | 'call' | 'outcome'> | undefined) ??
      new Counter({
        name: 'ctrader_calls_total',
        help: 'HTTP requests to cTrader by broker, call (contract §1.5 number) and outcome',
        labelNames: ['broker', 'call', 'outcome'] as const,
        registers: [registry],
      });
    this.duration =
      (registry.getSingleMetric('ctrader_call_duration_seconds') as Histogram<'broker' | 'call'> | undefined) ??
      new Histogram({
        name: 'ctrader_call_duration_seconds',
        help: 'Duration of HTTP requests to cTrader by broker and call',
        labelNames: ['broker', 'call'] as const,
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      });
  }

  record(broker: string, call: string, outcome: CtraderCallOutcome, seconds: number): void {
    this.calls.inc({ broker, call, outcome });
    this.duration.observe({ broker, call }, seconds);
  }
}
