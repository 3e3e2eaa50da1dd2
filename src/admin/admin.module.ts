import { Module } from '@nestjs/common';
import { AdminAccessModule, StaffModule } from '../kernel/admin-access';
import { AdminApiKeysController } from './admin-api-keys.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminModulesController } from './admin-modules.controller';

/** The Swagger console's own admin API (keys, audit, modules, staff and their sessions); per-module admin controllers live in their modules. */
@Module({
  imports: [AdminAccessModule, StaffModule],
  controllers: [AdminModulesController, AdminAuditController, AdminApiKeysController],
  exports: [AdminAccessModule],
})
export class AdminModule {}
