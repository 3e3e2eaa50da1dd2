import { Injectable } from '@nestjs/common';
import type { ModuleKey } from '../../config/module-key';
import type { AdminPermission } from '../admin-access/admin-roles';
import type { BrokerContext } from '../broker-identification/broker-context';

/**
 * One entry of the back-office navigation. `href` is app-relative below the base path; `:brokerName` in it is
 * replaced by the broker the person is looking at (an entry with it is shown only when there is one).
 */
export interface BackOfficeNavEntry {
  /** Unique; a second registration with the same id replaces the first. */
  id: string;
  labelKey: string;
  href: string;
  /** Shown only to people with this permission on the broker (default `read`). */
  permission?: AdminPermission;
  /** Broker-scoped entries: shown only when that broker has the module on. */
  module?: ModuleKey;
  /** Sort order (lower first; default 100). */
  order?: number;
}

/** One number of the dashboard, per broker: e.g. pending deposits, linking to its queue. */
export interface BackOfficeCounter {
  id: string;
  labelKey: string;
  count(broker: BrokerContext): Promise<number>;
  /** The queue the number links to; `:brokerName` is replaced. */
  href: string;
  permission?: AdminPermission;
  module?: ModuleKey;
  order?: number;
}

const byOrder = (a: { order?: number; id: string }, b: { order?: number; id: string }) => (a.order ?? 100) - (b.order ?? 100) || a.id.localeCompare(b.id);

/** The navigation entries modules (and kernel areas) add in their onModuleInit. */
@Injectable()
export class BackOfficeNav {
  private readonly entries = new Map<string, BackOfficeNavEntry>();

  add(entry: BackOfficeNavEntry): void {
    this.entries.set(entry.id, entry);
  }

  all(): BackOfficeNavEntry[] {
    return [...this.entries.values()].sort(byOrder);
  }
}

/** The dashboard counters modules (and kernel areas) add in their onModuleInit. */
@Injectable()
export class BackOfficeCounters {
  private readonly counters = new Map<string, BackOfficeCounter>();

  add(counter: BackOfficeCounter): void {
    this.counters.set(counter.id, counter);
  }

  all(): BackOfficeCounter[] {
    return [...this.counters.values()].sort(byOrder);
  }
}

/** `/brokers/:brokerName/payments` → `/brokers/demo/payments` (the name URL-encoded). */
export function brokerHref(href: string, brokerName: string): string {
  return href.replace(/:brokerName\b/g, encodeURIComponent(brokerName));
}
