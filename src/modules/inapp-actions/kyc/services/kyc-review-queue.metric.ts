import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../../../../kernel/observability';
import { KycSubmissions } from './kyc-submissions.service';

/**
 * `kyc_review_queue{broker}`: KYC submissions waiting for a reviewer. Read from the database at scrape time (one
 * grouped statement), so every instance reports the same, current number.
 */
@Injectable()
export class KycReviewQueueMetric implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly submissions: KycSubmissions,
  ) {}

  onModuleInit(): void {
    const submissions = this.submissions;
    new Gauge({
      name: 'kyc_review_queue',
      help: 'KYC submissions waiting for a reviewer, per broker',
      labelNames: ['broker'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const rows = await submissions.reviewQueueCounts();
        this.reset();
        for (const { brokerName, count } of rows) this.set({ broker: brokerName }, count);
      },
    });
  }
}
