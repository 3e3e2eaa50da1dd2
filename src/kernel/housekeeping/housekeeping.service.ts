import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../clock/clock';
import { InappEntryService } from '../screens/inapp-entry/inapp-entry.service';
import { ScreenSessionService } from '../screens/sessions/screen-session.service';
import { OneTimeToken } from '../tokens/one-time-token.entity';
import { HousekeepingPurges } from './purge-registry';

/** How long a row stays after it expired (or was revoked/redeemed) before housekeeping deletes it. */
export const HOUSEKEEPING_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface HousekeepingReport {
  cutoff: number;
  screenSessions: number;
  inappTokenRedemptions: number;
  oneTimeTokens: number;
  /** The registered purges (HousekeepingPurges), by name. */
  registered: Record<string, number>;
}

/**
 * Deletes rows that can no longer matter, all brokers at once: screen sessions expired or revoked, in-app token
 * redemptions, and one-time tokens expired — each for more than HOUSEKEEPING_RETENTION_MS. The day of grace keeps
 * the answers that depend on a row (4.2's 410 for an expired OT token and the replay revocation, the in-app
 * door's "already used") for as long as anyone could plausibly present the token again.
 * Access, in-app and 4.1 tokens are not touched: they live for days or months and their expiry answers (410) are
 * part of the contract. Other owners' rows (signup verifications, login devices, staff sessions…) are purged by what
 * they register in HousekeepingPurges, each with its own rule.
 */
@Injectable()
export class Housekeeping {
  private readonly logger = new Logger('Housekeeping');

  constructor(
    private readonly clock: Clock,
    private readonly sessions: ScreenSessionService,
    private readonly inappEntry: InappEntryService,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly purges: HousekeepingPurges,
  ) {}

  async purgeExpired(): Promise<HousekeepingReport> {
    const cutoff = this.clock.now() - HOUSEKEEPING_RETENTION_MS;
    const screenSessions = await this.sessions.purge(cutoff);
    const inappTokenRedemptions = await this.inappEntry.purgeRedemptions(cutoff);
    const oneTimeTokens = (await this.ds.getRepository(OneTimeToken).delete({ expiresAt: LessThan(cutoff) })).affected ?? 0;
    const registered: Record<string, number> = {};
    for (const p of this.purges.all()) registered[p.name] = await p.purge(cutoff);
    const report = { cutoff, screenSessions, inappTokenRedemptions, oneTimeTokens, registered };
    this.logger.log({ housekeeping: report }, 'expired rows purged');
    return report;
  }
}
