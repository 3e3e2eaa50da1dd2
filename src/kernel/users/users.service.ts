import { Injectable } from '@nestjs/common';
import { DurableEvents } from '../events/durable-events';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BrokerScopedRepository } from '../database/broker-scoped.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { InvalidPersonNameError, personNameProblem } from './person-name';
import { TraderConsent } from './trader-consent.entity';
import { TraderUser } from './trader-user.entity';
import { TradingAccount } from './trading-account.entity';
import { Clock } from '../clock';

/** The broker's traders and their trading accounts, always through a broker scope. */
@Injectable()
export class UsersService {
  constructor(
    private readonly clock: Clock,
    @InjectRepository(TraderUser) private readonly users: Repository<TraderUser>,
    @InjectRepository(TradingAccount) private readonly accounts: Repository<TradingAccount>,
    @InjectRepository(TraderConsent) private readonly consents: Repository<TraderConsent>,
    private readonly uow: UnitOfWork,
    private readonly durable: DurableEvents,
  ) {}

  /** Unscoped: only for the admin API, which checks the key's brokers on every row it returns. */
  usersRepository(): Repository<TraderUser> {
    return this.users;
  }

  usersOf(brokerName: string): BrokerScopedRepository<TraderUser> {
    return new BrokerScopedRepository(this.users, brokerName);
  }

  accountsOf(brokerName: string): BrokerScopedRepository<TradingAccount> {
    return new BrokerScopedRepository(this.accounts, brokerName);
  }

  findByCtidUserId(brokerName: string, ctidUserId: number): Promise<TraderUser | null> {
    return this.usersOf(brokerName).findOneBy({ ctidUserId });
  }

  findByEmail(brokerName: string, email: string): Promise<TraderUser | null> {
    return this.usersOf(brokerName).findOneBy({ email: normalizeEmail(email) });
  }

  findById(brokerName: string, id: number): Promise<TraderUser | null> {
    return this.usersOf(brokerName).findOneBy({ id });
  }

  /**
   * A new Full-SSO user at the start of the signup saga (no cTID yet), with the consents the trader ticked, in one
   * transaction (a user never exists without the evidence of what they accepted). The unique (broker, email)
   * index decides races. Names must pass the shared rule (person-name.ts) whatever path calls this.
   */
  async createFullSsoUser(
    brokerName: string,
    input: {
      email: string;
      passwordHash: string;
      firstName: string;
      lastName: string;
      country: string;
      preferredLanguage: string;
      attribution?: Record<string, unknown>;
      /** When the email was proven (the signup code); null for a broker that verifies elsewhere. */
      emailVerifiedAt?: number | null;
    },
    consents: GivenConsent[] = [],
  ): Promise<TraderUser> {
    for (const field of ['firstName', 'lastName'] as const) {
      if (personNameProblem(input[field])) throw new InvalidPersonNameError(field);
    }
    const now = this.clock.now();
    return this.uow.run(async (m) => {
      const user = await new BrokerScopedRepository(m.getRepository(TraderUser), brokerName).insert({
        ...input,
        emailVerifiedAt: input.emailVerifiedAt ?? null,
        ctidRequestedAt: null,
        email: normalizeEmail(input.email),
        attribution: JSON.stringify(input.attribution ?? {}),
        ctidUserId: null,
        signupStep: 'local',
        origin: 'fullSso',
        lockedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      const scoped = new BrokerScopedRepository(m.getRepository(TraderConsent), brokerName);
      for (const c of consents) await scoped.insert({ userId: user.id, consentKey: c.key, version: c.version, acceptedAt: now, ip: c.ip.slice(0, 64) });
      // The signup code was entered before the profile was written: the broker's systems hear it (kernel/webhooks).
      if (input.emailVerifiedAt) await this.durable.emitInTransaction(m, 'user.emailVerified', { brokerName, userId: user.id });
      return user;
    });
  }

  /** The consents a user gave, oldest first (admin API). */
  consentsOf(brokerName: string, userId: number): Promise<TraderConsent[]> {
    return new BrokerScopedRepository(this.consents, brokerName).find({ where: { userId }, order: { id: 'ASC' } });
  }
}

/** One consent ticked on the signup form, as stored in trader_consent. */
export interface GivenConsent {
  key: string;
  version: string;
  ip: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Contract §1.6 / 3.2: cTrader rejects Apple private-relay addresses, so we refuse them first. */
export function isPrivateRelayEmail(email: string): boolean {
  return normalizeEmail(email).endsWith('@privaterelay.appleid.com');
}
