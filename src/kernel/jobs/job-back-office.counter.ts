import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BackOfficeCounters } from '../back-office/back-office-registry';
import { Job } from './job.entity';

/** The dashboard's "dead jobs" number per broker (issue #19), linking to the jobs page with state=dead. */
@Injectable()
export class JobBackOfficeCounter implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly counters?: BackOfficeCounters,
  ) {}

  onModuleInit(): void {
    this.counters?.add({
      id: 'jobs.dead',
      labelKey: 'backOffice.counters.deadJobs',
      href: '/back-office/brokers/:brokerName/jobs?state=dead',
      order: 40,
      count: (broker) => this.dataSource.getRepository(Job).countBy({ brokerName: broker.brokerName, state: 'dead' }),
    });
  }
}
