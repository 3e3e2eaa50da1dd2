import { Module } from '@nestjs/common';
import { AdminAccessModule, StaffModule } from '../kernel/admin-access';
import { AdminApiKeysController } from './admin-api-keys.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminConfigReloadController } from './admin-config-reload.controller';
import { AdminModulesController } from './admin-modules.controller';
import { ConfigReloadService } from './config-reload.service';

/** The Swagger console's own admin API (keys, audit, modules, staff and their sessions); per-module admin controllers live in their modules. */
@Module({
  imports: [AdminAccessModule, StaffModule],
  controllers: [AdminModulesController, AdminAuditController, AdminApiKeysController, AdminConfigReloadController],
  providers: [ConfigReloadService],
  exports: [AdminAccessModule, ConfigReloadService],
})
export class AdminModule {}
