import { Global, Module } from '@nestjs/common';
import { InFlightRequests } from './in-flight-requests';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({ controllers: [MetricsController], providers: [MetricsService, InFlightRequests], exports: [MetricsService, InFlightRequests] })
export class ObservabilityModule {}
