import { Injectable, OnModuleInit } from '@nestjs/common';
import type { BrokerContext } from '../broker-identification/broker-context';
import { UsersService } from '../users/users.service';
import { Trader360Display, Trader360SectionProvider, Trader360Sections, Trader360SectionView, Trader360Subject } from './trader-360-sections';

/** The consents the trader gave at signup: which text, which version, when, from where. */
@Injectable()
export class TraderConsentsSection implements Trader360SectionProvider, OnModuleInit {
  readonly id = 'kernel.consents';
  readonly order = 70;

  constructor(
    private readonly sections: Trader360Sections,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, subject: Trader360Subject, { t, lang }: Trader360Display): Promise<Trader360SectionView> {
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const consents = await this.users.consentsOf(broker.brokerName, subject.userId);
    return {
      title: t('trader360.consents'),
      columns: [
        { key: 'key', label: t('trader360.consent') },
        { key: 'version', label: t('trader360.version') },
        { key: 'at', label: t('trader360.acceptedAt') },
        { key: 'ip', label: t('trader360.ip') },
      ],
      rows: consents.map((c) => ({ cells: { key: c.consentKey, version: c.version, at: date.format(c.acceptedAt), ip: c.ip ?? '—' } })),
      emptyText: t('trader360.noConsents'),
    };
  }
}
