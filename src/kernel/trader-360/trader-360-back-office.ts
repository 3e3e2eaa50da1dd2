import { Injectable, OnModuleInit } from '@nestjs/common';
import { BackOfficeCounters, BackOfficeNav } from '../back-office';
import { Trader360 } from './trader-360.service';

/** Trader 360 in the back office: the "Traders" navigation entry and the dashboard's locked-accounts counter. */
@Injectable()
export class Trader360BackOffice implements OnModuleInit {
  constructor(
    private readonly nav: BackOfficeNav,
    private readonly counters: BackOfficeCounters,
    private readonly trader360: Trader360,
  ) {}

  onModuleInit(): void {
    this.nav.add({ id: 'traders', labelKey: 'trader360.title', href: '/back-office/brokers/:brokerName/traders', order: 10 });
    this.counters.add({
      id: 'lockedAccounts',
      labelKey: 'trader360.lockedAccounts',
      href: '/back-office/brokers/:brokerName/traders?locked=1',
      order: 50,
      count: (broker) => this.trader360.lockedCount(broker),
    });
  }
}
