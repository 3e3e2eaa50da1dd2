import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BackOfficeCounters } from '../back-office/back-office-registry';
import { Clock } from '../clock';
import { TraderUser } from './trader-user.entity';

/**
 * The dashboard's "locked accounts" number per broker (issue #19): traders locked by staff, or locked out for now
 * after failed logins; it links to the trader search filtered to them.
 */
@Injectable()
export class UsersBackOfficeCounter implements OnModuleInit {
  constructor(
    @InjectRepository(TraderUser) private readonly users: Repository<TraderUser>,
    private readonly clock: Clock,
    @Optional() private readonly counters?: BackOfficeCounters,
  ) {}

  onModuleInit(): void {
    this.counters?.add({
      id: 'users.locked',
      labelKey: 'backOffice.counters.lockedAccounts',
      href: '/back-office/brokers/:brokerName/traders?locked=1',
      order: 50,
      count: (broker) =>
        this.users
          .createQueryBuilder('u')
          .where('u.brokerName = :broker', { broker: broker.brokerName })
          .andWhere('(u.lockedAt IS NOT NULL OR u.loginLockedUntil > :now)', { now: this.clock.now() })
          .getCount(),
    });
  }
}
