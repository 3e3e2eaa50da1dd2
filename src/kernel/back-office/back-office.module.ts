import { Global, Module } from '@nestjs/common';
import { StaffModule } from '../admin-access/staff/staff.module';
import { BackOfficeAssets, BackOfficeAssetsController } from './back-office-assets';
import { BackOfficeAuthController } from './back-office-auth.controller';
import { BackOfficeDashboardController } from './back-office-dashboard.controller';
import { BackOfficeExceptionFilter } from './back-office-exception.filter';
import { BackOfficeFlash } from './back-office-flash';
import { BackOfficeCounters, BackOfficeNav } from './back-office-registry';
import { BackOfficeRenderer } from './back-office-renderer.service';
import { BackOfficeGuard } from './back-office.guard';

const SHARED = [BackOfficeRenderer, BackOfficeGuard, BackOfficeExceptionFilter, BackOfficeFlash, BackOfficeNav, BackOfficeCounters, BackOfficeAssets];

/**
 * The back-office pages' shell (issue #19): sign-in pages, the dashboard, and what every module's pages use —
 * @BackOfficePage, the renderer and layout, the nav and dashboard-counter registries, flash messages, CSV. Global,
 * so a feature module's page controllers and counter registrations resolve it (see README.md here).
 */
@Global()
@Module({
  imports: [StaffModule],
  controllers: [BackOfficeAuthController, BackOfficeDashboardController, BackOfficeAssetsController],
  providers: SHARED,
  exports: [...SHARED, StaffModule],
})
export class BackOfficeModule {}
