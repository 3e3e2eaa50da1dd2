import { Injectable } from '@nestjs/common';

/**
 * One kind of row that housekeeping deletes: `purge` gets the retention cutoff (the Clock's now minus
 * HOUSEKEEPING_RETENTION_MS) and returns how many rows it deleted. Each owner decides what "can no longer matter"
 * means for its rows (a limit's window, a cookie's lifetime…) and says why next to its registration.
 */
export interface HousekeepingPurge {
  name: string;
  purge(cutoff: number): Promise<number>;
}

/** Kernel parts and modules add their purges here (onModuleInit) without housekeeping knowing them. */
@Injectable()
export class HousekeepingPurges {
  private readonly purges: HousekeepingPurge[] = [];

  register(purge: HousekeepingPurge): void {
    if (this.purges.some((p) => p.name === purge.name)) throw new Error(`housekeeping purge ${purge.name} registered twice`);
    this.purges.push(purge);
  }

  all(): readonly HousekeepingPurge[] {
    return this.purges;
  }
}
