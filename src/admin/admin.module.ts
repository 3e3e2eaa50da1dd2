import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminApiKeysController } from './admin-api-keys.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminModulesController } from './admin-modules.controller';
import { AdminApiKey } from './api-keys/admin-api-key.entity';
import { AdminApiKeyService } from './api-keys/admin-api-key.service';
import { AdminBearerStrategy } from './auth/admin-bearer.strategy';
import { AdminAuthGuard } from './auth/admin-auth.guard';

/** The Swagger console's admin API; per-module admin controllers live in their modules and reuse AdminRoute. */
@Module({
  imports: [PassportModule, TypeOrmModule.forFeature([AdminApiKey])],
  controllers: [AdminModulesController, AdminAuditController, AdminApiKeysController],
  providers: [AdminApiKeyService, AdminBearerStrategy, AdminAuthGuard],
  exports: [AdminApiKeyService, AdminAuthGuard],
})
export class AdminModule {}
