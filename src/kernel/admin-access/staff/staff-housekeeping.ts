import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { HousekeepingPurges } from '../../housekeeping/purge-registry';
import { StaffInvite } from './staff-invite.entity';
import { StaffSession } from './staff-session.entity';

/**
 * Back-office sessions and invitations that can no longer be used: a session past its absolute timeout (no
 * activity extends `expiresAt`) or revoked, an invitation past its expiry (used or not) — each a retention day
 * later, so the audit trail of a late attempt still finds nothing to accept.
 */
@Injectable()
export class StaffHousekeeping implements OnModuleInit {
  constructor(
    private readonly purges: HousekeepingPurges,
    @InjectRepository(StaffSession) private readonly sessions: Repository<StaffSession>,
    @InjectRepository(StaffInvite) private readonly invites: Repository<StaffInvite>,
  ) {}

  onModuleInit(): void {
    this.purges.register({
      name: 'staffSessions',
      purge: async (cutoff) =>
        ((await this.sessions.delete({ expiresAt: LessThan(cutoff) })).affected ?? 0) +
        ((await this.sessions.delete({ revokedAt: LessThan(cutoff) })).affected ?? 0),
    });
    this.purges.register({
      name: 'staffInvites',
      purge: async (cutoff) => (await this.invites.delete({ expiresAt: LessThan(cutoff) })).affected ?? 0,
    });
  }
}
