import { Injectable, OnModuleInit } from '@nestjs/common';
import type { BrokerContext } from '../broker-identification/broker-context';
import { CtraderGateway } from '../ctrader-gateway/ctrader-gateway.service';
import { UsersService } from '../users/users.service';
import { formatMinorUnits } from './minor-units';
import { Trader360Display, Trader360SectionProvider, Trader360Sections, Trader360SectionView, Trader360Subject } from './trader-360-sections';

/**
 * The trader's trading accounts with the balance and equity cTrader has NOW (GET /webserv/traders/{login} through
 * the gateway; the simulator in tests): our tables know the accounts, never their money. An account cTrader does
 * not answer for shows "unavailable" in its row, not an error page.
 */
@Injectable()
export class TraderAccountsSection implements Trader360SectionProvider, OnModuleInit {
  readonly id = 'kernel.accounts';
  readonly order = 10;

  constructor(
    private readonly sections: Trader360Sections,
    private readonly users: UsersService,
    private readonly gateway: CtraderGateway,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async section(broker: BrokerContext, subject: Trader360Subject, { t }: Trader360Display): Promise<Trader360SectionView> {
    const accounts = await this.users.accountsOf(broker.brokerName).find({ where: { userId: subject.userId }, order: { id: 'ASC' } });
    const rows = await Promise.all(
      accounts.map(async (a) => {
        let balance = '—';
        let equity = '—';
        if (a.login !== null) {
          try {
            const trader = await this.gateway.getTrader(broker.brokerName, a.login);
            balance = `${formatMinorUnits(trader.balance, trader.moneyDigits)} ${trader.depositCurrency ?? a.currency}`;
            if (typeof trader.equity === 'number') equity = `${formatMinorUnits(trader.equity, trader.moneyDigits)} ${trader.depositCurrency ?? a.currency}`;
          } catch {
            balance = t('trader360.unavailable');
          }
        }
        return {
          cells: {
            login: a.login === null ? '—' : String(a.login),
            state: a.state,
            type: `${a.accountType} · ${a.environment}`,
            leverage: `1:${a.leverage}`,
            balance,
            equity,
          },
          tone: a.state === 'linked' ? ('success' as const) : ('info' as const),
        };
      }),
    );
    return {
      title: t('trader360.accounts'),
      columns: [
        { key: 'login', label: t('trader360.login') },
        { key: 'state', label: t('trader360.state') },
        { key: 'type', label: t('trader360.type') },
        { key: 'leverage', label: t('trader360.leverage') },
        { key: 'balance', label: t('trader360.balance') },
        { key: 'equity', label: t('trader360.equity') },
      ],
      statusColumn: 'state',
      rows,
      emptyText: t('trader360.noAccounts'),
    };
  }
}
