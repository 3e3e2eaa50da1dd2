import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminApiKey } from './admin-api-key.entity';
import { AdminApiKeyService } from './admin-api-key.service';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminBearerStrategy } from './admin-bearer.strategy';

/**
 * Who may use the admin API: API keys (stored hashed), the bearer strategy, the guard behind `@AdminRoute`. Kernel, so
 * that kernel areas and modules can declare admin routes without importing the admin shell (the dependency rule).
 */
@Module({
  imports: [PassportModule, TypeOrmModule.forFeature([AdminApiKey])],
  providers: [AdminApiKeyService, AdminBearerStrategy, AdminAuthGuard],
  exports: [AdminApiKeyService, AdminAuthGuard],
})
export class AdminAccessModule {}
