import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { verifyPasswordHash } from '../../lib/crypto/password-hash';
import { BrokerContext } from '../broker-identification/broker-context';
import { Clock } from '../clock/clock';
import { CrmApiToken } from './crm-api-token.entity';
import { clientAuthFailure } from './token-errors';
import { hashToken, newToken } from './token-format';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A verified crmApiToken is trusted from memory this long: tokens live ≥ 7 days and are only ever expired. */
const CACHE_MS = 5000;
const CACHE_MAX = 10000;

/** 4.1: the cTrader backend trades the pre-shared password for a crmApiToken (contract §1.4, §1.6). */
@Injectable()
export class CrmApiTokenService {
  private readonly cache = new Map<string, { brokerCrmName: string; expiresAt: number; cachedUntil: number }>();

  constructor(
    @InjectRepository(CrmApiToken) private readonly tokens: Repository<CrmApiToken>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Checks the password against every configured hash (rotation); issues a new token each call. */
  async issue(broker: BrokerContext, password: string): Promise<{ token: string; expiresAt: number }> {
    let ok = false;
    for (const hash of broker.config.crmApiPasswords) {
      // Every hash is checked, even after a match, so timing does not reveal which one matched.
      if (await verifyPasswordHash(password, hash)) ok = true;
    }
    if (!ok) throw clientAuthFailure();
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = now + this.config.tokens.crmApiTokenTtlDays * DAY_MS;
    await this.tokens.insert({ tokenHash: hashToken(token), brokerCrmName: broker.brokerCrmName, expiresAt, createdAt: now });
    return { token, expiresAt };
  }

  /** 4.2–4.5: missing, unknown, expired or another CRM's token → 403 CH_CLIENT_AUTH_FAILURE. */
  async authenticate(broker: BrokerContext, token: unknown): Promise<void> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 256) throw clientAuthFailure();
    const hash = hashToken(token);
    const now = this.clock.now();
    let entry = this.cache.get(hash);
    if (!entry || entry.cachedUntil < now) {
      const row = await this.tokens.findOneBy({ tokenHash: hash });
      if (!row) throw clientAuthFailure();
      entry = { brokerCrmName: row.brokerCrmName, expiresAt: row.expiresAt, cachedUntil: now + CACHE_MS };
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(hash, entry);
    }
    if (entry.brokerCrmName !== broker.brokerCrmName || entry.expiresAt <= now) throw clientAuthFailure();
  }
}
