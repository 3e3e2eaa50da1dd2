import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../../../config/module-key';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import {
  Trader360Display,
  Trader360SectionProvider,
  Trader360Sections,
  Trader360SectionView,
  Trader360Subject,
  Trader360Tone,
} from '../../../../kernel/trader-360';
import { KycStatus, KycSubmissions } from '../services/kyc-submissions.service';

const TONES: Record<KycStatus, Trader360Tone> = { none: 'neutral', pending: 'info', approved: 'success', rejected: 'error' };

/** The trader's KYC status and submissions on Trader 360, with the reviewer and the reason of a rejection. */
@Injectable()
export class TraderKycSection implements Trader360SectionProvider, OnModuleInit {
  readonly id = 'inapp-actions.kyc';
  readonly order = 30;
  readonly module = ModuleKey.InappActions;

  constructor(
    private readonly sections: Trader360Sections,
    private readonly submissions: KycSubmissions,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, subject: Trader360Subject, { t, lang }: Trader360Display): Promise<Trader360SectionView> {
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const history = await this.submissions.historyOf(broker.brokerName, subject.userId, 10);
    const status = (history[0]?.submission.status ?? 'none') as KycStatus;
    return {
      title: t('trader360.kyc'),
      facts: [{ label: t('trader360.status'), value: status }],
      columns: [
        { key: 'date', label: t('trader360.when') },
        { key: 'documentType', label: t('trader360.document') },
        { key: 'status', label: t('trader360.status') },
        { key: 'review', label: t('trader360.review') },
      ],
      statusColumn: 'status',
      rows: history.map(({ submission: s, documents }) => ({
        cells: {
          date: date.format(Number(s.createdAt)),
          documentType: `${s.documentType} (${documents.length})`,
          status: s.status,
          review: [s.reviewedBy, s.reviewReason].filter(Boolean).join(' — ') || '—',
        },
        tone: TONES[s.status as KycStatus] ?? 'neutral',
      })),
      emptyText: t('trader360.noKyc'),
    };
  }
}
