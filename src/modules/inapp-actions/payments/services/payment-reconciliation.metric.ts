import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../../../../kernel/observability';
import { PaymentRequests } from './payment-requests.service';

/**
 * `payments_in_reconciliation{broker}`: requests whose balance change has an unknown outcome and waits for staff.
 * Read from the database at scrape time, so every instance reports the same, current number (alert on > 0).
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
  }
}
