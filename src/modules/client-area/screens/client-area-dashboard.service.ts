import { cspOrigin, enumLabel, SCREEN_LANGUAGES, ScreenContext } from '../../../kernel/screens';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext } from '../../../kernel/broker-identification';
import { ClientAreaLogin, ClientAreaSectionResult, ClientAreaSections, ClientAreaSessions, ClientAreaSlot, ClientAreaTone } from '../../../kernel/client-area';
import { CtraderGateway } from '../../../kernel/ctrader-gateway';
import type { TradingAccount } from '../../../kernel/users';
import { formatMoney } from './money-format';

export interface DashboardAccount {
  login: number | null;
  state: TradingAccount['state'];
  environment: string;
  accountType: string;
  currency: string;
  leverage: string;
  /** Formatted balance, or null when cTrader could not be read (shown as "unavailable"). */
  balance: string | null;
  /** Links of Embedded cTrader Web for this account (when the broker has it and the account is linked). */
  webHereHref?: string;
}

export interface DashboardSection {
  id: string;
  title: string;
  unavailable: boolean;
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ cells: Record<string, string>; tone: ClientAreaTone }>;
  statusColumn?: string;
  status?: { label: string; tone: ClientAreaTone };
  emptyText: string;
  link?: { href: string; label: string };
}

const SLOT_TITLE: Record<ClientAreaSlot, string> = { payments: 'clientArea.payments.title', kyc: 'clientArea.kyc.title', more: '' };
const SLOT_EMPTY: Record<ClientAreaSlot, string> = { payments: 'clientArea.payments.empty', kyc: 'clientArea.kyc.empty', more: 'clientArea.sections.empty' };

/**
 * Everything the dashboard shows, gathered for one render: accounts from our records with balances read from
 * cTrader (a failed read shows "unavailable", never fails the page), the sections other modules registered,
 * and the links of the optional modules the broker has on.
 */
@Injectable()
export class ClientAreaDashboard {
  private readonly logger = new Logger('ClientAreaDashboard');

  constructor(
    private readonly clientSessions: ClientAreaSessions,
    private readonly sections: ClientAreaSections,
    private readonly gateway: CtraderGateway,
  ) {}

  async build(broker: BrokerContext, login: ClientAreaLogin, ctx: ScreenContext) {
    const { user } = login;
    const rows = await this.clientSessions.allAccounts(broker, user.id);
    const linked = rows.filter((a) => a.state === 'linked' && a.login !== null);
    const web = this.ctraderWeb(broker);
    const [accounts, collected] = await Promise.all([
      this.accountsWithBalances(broker, rows, ctx, web !== undefined),
      this.sections.collect(
        broker,
        { userId: user.id, ctidUserId: user.ctidUserId, email: user.email, accountLogins: linked.map((a) => Number(a.login)) },
        { lang: ctx.lang, t: ctx.t },
      ),
    ]);
    return {
      user: { firstName: user.firstName, lastName: user.lastName, email: user.email, preferredLanguage: user.preferredLanguage },
      accounts,
      sections: {
        payments: this.slot(ctx, 'payments', collected.payments, true),
        kyc: this.slot(ctx, 'kyc', collected.kyc, true),
        more: this.slot(ctx, 'more', collected.more, false),
      },
      ctraderWeb: web && {
        origin: web,
        openAction: ctx.carry('/client/ctrader-web/open'),
        hereHref: ctx.carry('/client/ctrader-web'),
        defaultAccount: linked[0]?.login ?? null,
      },
      partnerHref: broker.modules.has(ModuleKey.PartnerAttribution) ? ctx.carry('/client/partner') : undefined,
      openAccountHref: ctx.carry('/account/create', { eventName: ctx.eventNameFor('accountCreate') }),
      passwordHref: ctx.carry('/account/password'),
      emailHref: ctx.carry('/account/email'),
      logoutAction: ctx.carry('/client/logout'),
      languageAction: ctx.carry('/client/profile/language'),
      languageOptions: Object.entries(SCREEN_LANGUAGES).map(([code, l]) => ({ value: code, label: l.nativeName })),
    };
  }

  /** The broker's cTrader Web origin when Embedded cTrader Web is on for it. */
  private ctraderWeb(broker: BrokerContext): string | undefined {
    if (!broker.modules.has(ModuleKey.EmbeddedWeb)) return undefined;
    return cspOrigin(broker.config.ctraderWebUrl);
  }

  private async accountsWithBalances(broker: BrokerContext, rows: TradingAccount[], ctx: ScreenContext, web: boolean): Promise<DashboardAccount[]> {
    const reads = await Promise.allSettled(
      rows.map((a) => (a.state === 'linked' && a.login !== null ? this.gateway.getTrader(broker, Number(a.login)) : Promise.reject(new Error('not linked')))),
    );
    let failures = 0;
    const accounts = rows.map((a, i): DashboardAccount => {
      const read = reads[i];
      let balance: string | null = null;
      if (read.status === 'fulfilled') {
        balance = formatMoney(read.value.balance, read.value.moneyDigits ?? a.moneyDigits, read.value.depositCurrency ?? a.currency, ctx.lang);
      } else if (a.state === 'linked') {
        failures++;
      }
      const linked = a.state === 'linked' && a.login !== null;
      return {
        login: a.login === null ? null : Number(a.login),
        state: a.state,
        environment: a.environment,
        accountType: enumLabel(ctx.t, 'accountType', a.accountType),
        currency: a.currency,
        leverage: `1:${a.leverage}`,
        balance,
        webHereHref: web && linked ? ctx.carry('/client/ctrader-web', { account: Number(a.login) }) : undefined,
      };
    });
    if (failures) this.logger.warn({ brokerName: broker.brokerName, failures }, 'balances unavailable: cTrader trader read failed');
    return accounts;
  }

  private slot(ctx: ScreenContext, slot: ClientAreaSlot, results: ClientAreaSectionResult[], alwaysShown: boolean): DashboardSection[] {
    const out = results.map((r): DashboardSection => {
      if ('unavailable' in r) {
        return {
          id: r.id,
          title: SLOT_TITLE[slot] ? ctx.t(SLOT_TITLE[slot]) : '',
          unavailable: true,
          columns: [],
          rows: [],
          emptyText: ctx.t('clientArea.sections.unavailable'),
        };
      }
      const v = r.view;
      return {
        id: r.id,
        title: v.title,
        unavailable: false,
        columns: v.columns.map((c) => ({ key: c.key, label: c.label })),
        rows: v.rows.map((row) => ({ cells: { ...row.cells }, tone: row.tone ?? 'neutral' })),
        statusColumn: v.statusColumn,
        status: v.status,
        emptyText: v.emptyText ?? ctx.t(SLOT_EMPTY[slot]),
        link: v.link ? this.link(ctx, v.link) : undefined,
      };
    });
    if (!out.length && alwaysShown) {
      out.push({ id: slot, title: ctx.t(SLOT_TITLE[slot]), unavailable: false, columns: [], rows: [], emptyText: ctx.t(SLOT_EMPTY[slot]) });
    }
    return out;
  }

  /** A provider's link, carried like every screen-to-screen link; anything not app-relative is dropped. */
  private link(ctx: ScreenContext, link: { path: string; label: string }): { href: string; label: string } | undefined {
    try {
      return { href: ctx.carry(link.path), label: link.label };
    } catch {
      return undefined;
    }
  }
}
