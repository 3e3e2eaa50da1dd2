import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ModuleKey } from '../../../../config/module-key';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import {
  ClientAreaDisplay,
  ClientAreaSectionProvider,
  ClientAreaSections,
  ClientAreaSectionView,
  ClientAreaTone,
  ClientAreaViewer,
} from '../../../../kernel/client-area';
import { BrokerScopedRepository } from '../../../../kernel/database';
import { ScreenTranslator } from '../../../../kernel/screens';
import { formatMinor } from '../domain/money-amount';
import { PaymentRequest } from '../entities/payment-request.entity';
import type { PaymentState } from '../domain/payment-state';
import { PAYMENT_HISTORY_TRANSLATIONS } from './payment-history-translations';

/** How many requests the dashboard lists (newest first); the full history is the admin's. */
export const PAYMENT_HISTORY_LIMIT = 20;

const TONES: Record<PaymentState, ClientAreaTone> = {
  created: 'info',
  pending: 'info',
  approved: 'info',
  completed: 'success',
  rejected: 'error',
  failed: 'error',
  reconciliation: 'info',
};

/**
 * The trader's deposits and withdrawals on the client-area dashboard (slot `payments`), read from this module's
 * own table through the kernel's section registry, so the client area never reads payment rows itself. Only the
 * trader's own requests on their linked accounts are listed; nothing secret (no destination, no provider ids).
 */
@Injectable()
export class PaymentHistorySection implements ClientAreaSectionProvider, OnModuleInit {
  readonly id = 'inapp-actions.payments';
  readonly slot = 'payments' as const;

  constructor(
    private readonly sections: ClientAreaSections,
    @InjectRepository(PaymentRequest) private readonly repository: Repository<PaymentRequest>,
    translator: ScreenTranslator,
  ) {
    translator.addTranslations(PAYMENT_HISTORY_TRANSLATIONS);
  }

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, viewer: ClientAreaViewer, display: ClientAreaDisplay): Promise<ClientAreaSectionView | null> {
    if (!broker.modules.has(ModuleKey.InappActions)) return null;
    const logins = new Set(viewer.accountLogins);
    const requests = logins.size
      ? await new BrokerScopedRepository(this.repository, broker.brokerName).find({
          where: { userId: viewer.userId, login: In([...logins]) },
          order: { createdAt: 'DESC', id: 'ASC' },
          take: PAYMENT_HISTORY_LIMIT,
        })
      : [];
    const { t, lang } = display;
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    return {
      title: t('clientArea.history'),
      columns: [
        { key: 'date', label: t('paymentHistory.date') },
        { key: 'kind', label: t('paymentHistory.kind') },
        { key: 'account', label: t('fields.account') },
        { key: 'amount', label: t('fields.amount') },
        { key: 'status', label: t('paymentHistory.status') },
      ],
      statusColumn: 'status',
      rows: requests.map((p) => ({
        cells: {
          date: date.format(Number(p.createdAt)),
          kind: t(`paymentHistory.${p.kind}`),
          account: String(p.login),
          amount: formatAmount(Number(p.amountMinor), p.moneyDigits, p.currency, lang),
          status: t(`payments.state.${p.state}`),
        },
        tone: TONES[p.state] ?? 'neutral',
      })),
      emptyText: t('clientArea.noHistory'),
    };
  }
}

/** Exact money in the page language: the integer is printed as decimal text first, never through a float. */
function formatAmount(minor: number, digits: number, currency: string, lang: string): string {
  const decimal = formatMinor(minor, digits);
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      decimal as unknown as number,
    );
  } catch {
    return `${decimal} ${currency}`;
  }
}
