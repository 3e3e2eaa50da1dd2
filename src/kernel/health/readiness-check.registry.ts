import { Injectable } from '@nestjs/common';
import { HealthIndicatorFunction } from '@nestjs/terminus';

/** Other kernel parts (the cTrader gateway) add their readiness checks here without the health module knowing them. */
@Injectable()
export class ReadinessCheckRegistry {
  private readonly registered: HealthIndicatorFunction[] = [];

  register(check: HealthIndicatorFunction): void {
    this.registered.push(check);
  }

  checks(): HealthIndicatorFunction[] {
    return [...this.registered];
  }
}
