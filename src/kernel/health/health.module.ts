import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AdminModule } from '../../admin/admin.module';
import { HealthController } from './health.controller';
import { ReadinessCheckRegistry } from './readiness-check.registry';

@Global()
@Module({ imports: [TerminusModule, AdminModule], controllers: [HealthController], providers: [ReadinessCheckRegistry], exports: [ReadinessCheckRegistry] })
export class HealthModule {}
