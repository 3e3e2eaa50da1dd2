import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../../../../kernel/observability';
import { PaymentRequests } from './payment-requests.service';

/**
 * The payment queues staff watch, read from the database at scrape time, so every instance reports the same,
 * current numbers (one grouped statement per gauge):
 * - `payments_in_reconciliation{broker}`: requests whose balance change has an unknown outcome and waits for
 *   staff (alert on > 0).
 * - `payments_awaiting_approval{broker,kind,provider}`: requests waiting for a decision, by staff (manual
 *   provider) or by the provider's callback (hosted).
 */
@Injectable()
export class PaymentReconciliationMetric implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly payments: PaymentRequests,
  ) {}

  onModuleInit(): void {
    const payments = this.payments;
    new Gauge({
      name: 'payments_in_reconciliation',
      help: 'Payment requests whose cTrader balance change has an unknown outcome, waiting for staff to reconcile them',
      labelNames: ['broker'] as const,
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        for (const { brokerName, count } of await payments.reconciliationCounts()) this.set({ broker: brokerName }, count);
      },
    });
    new Gauge({
      name: 'payments_awaiting_approval',
      help: 'Payment requests waiting for a decision (staff for the manual provider, the callback for the hosted one), per broker, kind and provider',
      labelNames: ['broker', 'kind', 'provider'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const rows = await payments.awaitingApprovalCounts();
        this.reset();
        for (const { brokerName, kind, provider, count } of rows) this.set({ broker: brokerName, kind, provider }, count);
      },
    });
  }
}
