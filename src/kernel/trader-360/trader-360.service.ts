import { Injectable } from '@nestjs/common';
import type { BrokerContext } from '../broker-identification/broker-context';
import { Clock } from '../clock';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { TraderUser } from '../users/trader-user.entity';
import { UsersService } from '../users/users.service';
import { Trader360Display, Trader360SectionResult, Trader360Sections, Trader360Subject } from './trader-360-sections';
import { TraderFinder, TraderMatch } from './trader-finder.service';
import { ScreenTranslator } from '../screens/i18n/screen-translator.service';
import { TRADER_360_TRANSLATIONS } from './trader-360-translations';

export interface Trader360Header {
  userId: number;
  ctidUserId: number | null;
  email: string;
  name: string;
  logins: number[];
  signupStep: string;
  /** Admin lock (lock/unlock buttons). */
  locked: boolean;
  /** Brute-force lockout still running (unlock lifts it too). */
  lockedOut: boolean;
  createdAt: number;
}

export interface Trader360View {
  header: Trader360Header;
  sections: Trader360SectionResult[];
}

/** Gathers the Trader 360 page: the search, and one trader's header plus every section their broker has. */
@Injectable()
export class Trader360 {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly finder: TraderFinder,
    private readonly sections: Trader360Sections,
    translator: ScreenTranslator,
  ) {
    translator.addTranslations(TRADER_360_TRANSLATIONS);
  }

  search(broker: BrokerContext, query: string): Promise<TraderMatch[]> {
    return this.finder.search(broker.brokerName, query);
  }

  /** The trader by local id within the broker; NOT_FOUND for an id of another broker (no probing across brokers). */
  async trader(broker: BrokerContext, userId: string | number): Promise<TraderUser> {
    const id = typeof userId === 'number' ? userId : /^\d{1,9}$/.test(userId) ? Number(userId) : NaN;
    const user = Number.isSafeInteger(id) ? await this.users.findById(broker.brokerName, id) : null;
    if (!user) throw new ContractException(ErrorCode.NotFound, 'No such trader');
    return user;
  }

  async view(broker: BrokerContext, user: TraderUser, display: Trader360Display): Promise<Trader360View> {
    const accounts = await this.users.accountsOf(broker.brokerName).find({ where: { userId: user.id }, order: { id: 'ASC' } });
    const withLogin = accounts.filter((a): a is typeof a & { login: number } => a.login !== null);
    const subject: Trader360Subject = {
      brokerName: broker.brokerName,
      userId: user.id,
      ctidUserId: user.ctidUserId,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      accounts: withLogin.map((a) => ({ login: a.login, currency: a.currency, moneyDigits: a.moneyDigits })),
    };
    return {
      header: {
        userId: user.id,
        ctidUserId: user.ctidUserId,
        email: user.email,
        name: `${user.firstName} ${user.lastName}`.trim(),
        logins: subject.accounts.map((a) => a.login),
        signupStep: user.signupStep,
        locked: user.lockedAt !== null,
        lockedOut: user.loginLockedUntil !== null && user.loginLockedUntil > this.clock.now(),
        createdAt: user.createdAt,
      },
      sections: await this.sections.collect(broker, subject, display),
    };
  }

  /** The broker's locked traders (an admin lock or a running brute-force lockout), newest first. */
  async locked(broker: BrokerContext, limit = 100): Promise<TraderMatch[]> {
    const rows = await this.lockedQuery(broker.brokerName).orderBy('u.id', 'DESC').take(limit).getMany();
    return rows.map((user) => ({ kind: 'localId', user }));
  }

  private lockedQuery(brokerName: string) {
    return this.users.usersOf(brokerName).queryBuilder('u').andWhere('(u.lockedAt IS NOT NULL OR u.loginLockedUntil > :now)', { now: this.clock.now() });
  }
}
