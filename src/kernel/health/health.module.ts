import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ReadinessCheckRegistry } from './readiness-check.registry';

@Global()
@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [ReadinessCheckRegistry], exports: [ReadinessCheckRegistry] })
export class HealthModule {}
