import { Injectable } from '@nestjs/common';
import { HealthIndicatorFunction } from '@nestjs/terminus';

/** Other kernel parts (the cTrader gateway) add their readiness checks here without the health module knowing them. */
@Injectable()
export class ReadinessCheckRegistry {
  private readonly registered: Array<() => HealthIndicatorFunction[]> = [];

  register(check: HealthIndicatorFunction): void {
    this.registered.push(() => [check]);
  }

  /** Checks whose set is decided per probe (one per currently configured broker, which a config reload may change). */
  registerEach(checks: () => HealthIndicatorFunction[]): void {
    this.registered.push(checks);
  }

  checks(): HealthIndicatorFunction[] {
    return this.registered.flatMap((list) => list());
  }
}
