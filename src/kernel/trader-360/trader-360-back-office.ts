import { Injectable, OnModuleInit } from '@nestjs/common';
import { BackOfficeNav } from '../back-office';

/** Trader 360 in the back office: the "Traders" navigation entry (the locked-accounts counter is kernel/users'). */
@Injectable()
export class Trader360BackOffice implements OnModuleInit {
  constructor(private readonly nav: BackOfficeNav) {}

  onModuleInit(): void {
    this.nav.add({ id: 'traders', labelKey: 'trader360.title', href: '/back-office/brokers/:brokerName/traders', order: 10 });
  }
}
