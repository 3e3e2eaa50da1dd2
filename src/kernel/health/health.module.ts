import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AdminAccessModule } from '../admin-access/admin-access.module';
import { HealthController } from './health.controller';
import { ReadinessCheckRegistry } from './readiness-check.registry';

@Global()
@Module({
  imports: [TerminusModule, AdminAccessModule],
  controllers: [HealthController],
  providers: [ReadinessCheckRegistry],
  exports: [ReadinessCheckRegistry],
})
export class HealthModule {}
