import { Injectable } from '@nestjs/common';
import { BrokerContext } from '../../../kernel/broker-identification';
import { ClientAreaLogin, ClientAreaSessions } from '../../../kernel/client-area';
import { ScreenContext, ScreenException } from '../../../kernel/screens';
import { OneTimeTokenService } from '../../../kernel/tokens';
import type { TradingAccount } from '../../../kernel/users';

export interface CtraderWebLaunch {
  /** The broker's cTrader Web URL with token, account, lang and theme. Contains a live token: never log it. */
  url: string;
  /** The account it opens (null when the trader has no linked account yet). */
  account: number | null;
  accounts: TradingAccount[];
}

const ACCOUNT = /^\d{1,15}$/;

/**
 * Embedded cTrader Web (flows §2.3): a login OT token with Keep me logged in — cTrader Web needs the access token
 * 4.2 then returns — issued immediately before the URL is built, so its 60 s run from the moment the trader asked.
 */
@Injectable()
export class CtraderWebLaunchService {
  constructor(
    private readonly clientSessions: ClientAreaSessions,
    private readonly oneTimeTokens: OneTimeTokenService,
  ) {}

  /**
   * The account to open: the one asked for, which must be one of the trader's linked accounts (403 otherwise),
   * else the oldest linked one, else none.
   */
  async launch(broker: BrokerContext, login: ClientAreaLogin, ctx: ScreenContext, requested: unknown): Promise<CtraderWebLaunch> {
    const base = broker.config.ctraderWebUrl;
    // Boot validation makes embeddedWeb require ctraderWebUrl; this only guards a config reloaded without it.
    if (!base) throw new ScreenException(404, 'errors.moduleDisabled');
    const accounts = (await this.clientSessions.linkedAccounts(broker, login.user.id)).filter((a) => a.login !== null);
    let account: number | null = accounts.length ? Number(accounts[0].login) : null;
    if (requested !== undefined && requested !== '') {
      const wanted = typeof requested === 'string' && ACCOUNT.test(requested) ? Number(requested) : NaN;
      if (!accounts.some((a) => Number(a.login) === wanted)) throw new ScreenException(403, 'errors.accountNotYours');
      account = wanted;
    }
    const token = await this.oneTimeTokens.issue({
      brokerName: broker.brokerName,
      userId: login.user.id,
      purpose: 'login',
      keepLoggedIn: true,
      accountLogin: account,
    });
    const url = new URL(base);
    url.searchParams.set('token', token);
    if (account !== null) url.searchParams.set('account', String(account));
    url.searchParams.set('lang', ctx.lang);
    url.searchParams.set('theme', ctx.theme);
    return { url: url.toString(), account, accounts };
  }
}
