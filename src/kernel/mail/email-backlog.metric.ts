import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../observability/metrics.service';
import { EmailMessage } from './email-message.entity';

/**
 * `email_backlog{broker}`: emails written and not yet delivered (`queued`; their `mail.send` jobs retry through a
 * relay outage). Read from the database at scrape time, one grouped statement over IDX_email_outbox_state, so
 * every instance reports the same, current number. A backlog that only grows means the relay refuses or is down.
 */
@Injectable()
export class EmailBacklogMetric implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    const ds = this.ds;
    new Gauge({
      name: 'email_backlog',
      help: 'Emails queued and not yet delivered, per broker',
      labelNames: ['broker'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const rows: Array<{ brokerName: string; count: string | number }> = await ds
          .getRepository(EmailMessage)
          .createQueryBuilder('m')
          .select('m.brokerName', 'brokerName')
          .addSelect('COUNT(*)', 'count')
          .where('m.state = :state', { state: 'queued' })
          .groupBy('m.brokerName')
          .getRawMany();
        this.reset();
        for (const { brokerName, count } of rows) this.set({ broker: brokerName }, Number(count));
      },
    });
  }
}
