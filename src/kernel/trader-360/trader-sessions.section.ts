import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import type { BrokerContext } from '../broker-identification/broker-context';
import { Clock } from '../clock';
import { ScreenSession } from '../screens/sessions/screen-session.entity';
import { AccessToken } from '../tokens/access-token.entity';
import { Trader360Display, Trader360SectionProvider, Trader360Sections, Trader360SectionView, Trader360Subject } from './trader-360-sections';

const LIMIT = 20;

/** Where the trader is signed in now: cTrader app sessions (access tokens, 4.2) and our screen sessions. */
@Injectable()
export class TraderSessionsSection implements Trader360SectionProvider, OnModuleInit {
  readonly id = 'kernel.sessions';
  readonly order = 60;

  constructor(
    private readonly sections: Trader360Sections,
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, subject: Trader360Subject, { t, lang }: Trader360Display): Promise<Trader360SectionView> {
    const now = this.clock.now();
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const tokens = await this.ds.getRepository(AccessToken).find({
      where: { brokerName: broker.brokerName, userId: subject.userId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
      take: LIMIT,
    });
    const screens = await this.ds.getRepository(ScreenSession).find({
      where: { brokerName: broker.brokerName, userId: String(subject.userId), revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { lastSeenAt: 'DESC' },
      take: LIMIT,
    });
    const rows = [
      ...tokens.map((a) => ({ cells: { kind: t('trader360.appSession'), since: date.format(a.createdAt), until: date.format(a.expiresAt) } })),
      ...screens.map((s) => ({
        cells: { kind: `${t('trader360.screenSession')} (${s.kind})`, since: date.format(s.createdAt), until: date.format(s.expiresAt) },
      })),
    ];
    return {
      title: t('trader360.sessions'),
      columns: [
        { key: 'kind', label: t('trader360.kind') },
        { key: 'since', label: t('trader360.since') },
        { key: 'until', label: t('trader360.until') },
      ],
      rows,
      emptyText: t('trader360.noSessions'),
    };
  }
}
