import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminAccessModule } from '../admin-access.module';
import { STAFF_SESSION_RESOLVER } from '../staff-session-resolver';
import { StaffAdminController } from './staff-admin.controller';
import { StaffInvite } from './staff-invite.entity';
import { StaffMember } from './staff-member.entity';
import { StaffRecoveryCode } from './staff-recovery-code.entity';
import { StaffSessionCookie } from './staff-session-cookie';
import { StaffSessionController } from './staff-session.controller';
import { StaffSession } from './staff-session.entity';
import { StaffService } from './staff.service';
import { StaffHousekeeping } from './staff-housekeeping';

/**
 * Back-office people (issue #19): accounts, invitations, 2FA, sessions. Needs the mail, rate-limit and screens
 * kernels (global) — the admin shell imports it; AdminAuthGuard finds its session resolver by token.
 */
@Module({
  imports: [AdminAccessModule, TypeOrmModule.forFeature([StaffMember, StaffSession, StaffInvite, StaffRecoveryCode])],
  controllers: [StaffSessionController, StaffAdminController],
  providers: [StaffService, StaffHousekeeping, StaffSessionCookie, { provide: STAFF_SESSION_RESOLVER, useExisting: StaffSessionCookie }],
  exports: [StaffService, StaffSessionCookie, STAFF_SESSION_RESOLVER],
})
export class StaffModule {}
