import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminApiKey } from './admin-api-key.entity';
import { AdminApiKeyService } from './admin-api-key.service';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminBearerStrategy } from './admin-bearer.strategy';
import { AdminPermissionAudit } from './admin-permission-audit';
import { StaffMember } from './staff/staff-member.entity';

/**
 * Who may use the admin API: API keys (stored hashed), the bearer strategy, the guard behind `@AdminRoute` (which
 * also accepts staff sessions when StaffModule is in the app), and the boot check that every admin route states its
 * permission. Kernel, so that kernel areas and modules can declare admin routes without importing the admin shell.
 */
@Module({
  imports: [PassportModule, DiscoveryModule, TypeOrmModule.forFeature([AdminApiKey, StaffMember])],
  providers: [AdminApiKeyService, AdminBearerStrategy, AdminAuthGuard, AdminPermissionAudit],
  exports: [AdminApiKeyService, AdminAuthGuard],
})
export class AdminAccessModule {}
