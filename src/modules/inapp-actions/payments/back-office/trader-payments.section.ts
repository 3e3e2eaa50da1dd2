import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ModuleKey } from '../../../../config/module-key';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import { BrokerScopedRepository } from '../../../../kernel/database';
import {
  Trader360Display,
  Trader360SectionProvider,
  Trader360Sections,
  Trader360SectionView,
  Trader360Subject,
  Trader360Tone,
} from '../../../../kernel/trader-360';
import { formatMinor } from '../domain/money-amount';
import { PaymentState } from '../domain/payment-state';
import { PaymentRequest } from '../entities/payment-request.entity';

const LIMIT = 20;
const TONES: Partial<Record<PaymentState, Trader360Tone>> = { completed: 'success', rejected: 'error', failed: 'error' };

/** The trader's deposits and withdrawals on Trader 360 (newest first), from this module's own table. */
@Injectable()
export class TraderPaymentsSection implements Trader360SectionProvider, OnModuleInit {
  readonly id = 'inapp-actions.payments';
  readonly order = 20;
  readonly module = ModuleKey.InappActions;

  constructor(
    private readonly sections: Trader360Sections,
    @InjectRepository(PaymentRequest) private readonly repository: Repository<PaymentRequest>,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, subject: Trader360Subject, { t, lang }: Trader360Display): Promise<Trader360SectionView> {
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const rows = await new BrokerScopedRepository(this.repository, broker.brokerName).find({
      where: { userId: subject.userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: LIMIT,
    });
    return {
      title: t('trader360.payments'),
      columns: [
        { key: 'date', label: t('trader360.when') },
        { key: 'kind', label: t('trader360.kind') },
        { key: 'account', label: t('trader360.login') },
        { key: 'amount', label: t('trader360.amount') },
        { key: 'state', label: t('trader360.state') },
      ],
      statusColumn: 'state',
      rows: rows.map((p) => ({
        cells: {
          date: date.format(Number(p.createdAt)),
          kind: p.kind,
          account: String(p.login),
          amount: `${formatMinor(Number(p.amountMinor), p.moneyDigits)} ${p.currency}`,
          state: p.state,
        },
        tone: TONES[p.state] ?? 'info',
      })),
      emptyText: t('trader360.noPayments'),
    };
  }
}
