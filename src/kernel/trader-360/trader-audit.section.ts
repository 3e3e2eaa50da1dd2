import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import type { BrokerContext } from '../broker-identification/broker-context';
import { Trader360Display, Trader360SectionProvider, Trader360Sections, Trader360SectionView, Trader360Subject } from './trader-360-sections';

const LIMIT = 20;

/** What was done to or by this trader (lock, unlock, revoke, password changes, …), newest first. */
@Injectable()
export class TraderAuditSection implements Trader360SectionProvider, OnModuleInit {
  readonly id = 'kernel.audit';
  readonly order = 80;

  constructor(
    private readonly sections: Trader360Sections,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, subject: Trader360Subject, { t, lang }: Trader360Display): Promise<Trader360SectionView> {
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
    const me = `user:${subject.userId}`;
    const events = await this.ds
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.brokerName = :b', { b: broker.brokerName })
      .andWhere('(e.target = :me OR e.actor = :me)', { me })
      .orderBy('e.id', 'DESC')
      .take(LIMIT)
      .getMany();
    return {
      title: t('trader360.audit'),
      columns: [
        { key: 'at', label: t('trader360.when') },
        { key: 'action', label: t('trader360.action') },
        { key: 'actor', label: t('trader360.actor') },
      ],
      rows: events.map((e) => ({
        cells: { at: date.format(e.createdAt), action: e.action, actor: e.actorDisplay ? `${e.actorDisplay} (${e.actor})` : e.actor },
      })),
      emptyText: t('trader360.noAudit'),
    };
  }
}
