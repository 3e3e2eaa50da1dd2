import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AppConfigHolder } from '../../config/app-config-holder';
import { BrokerContext } from './broker-context';

interface BrokerIndex {
  from: AppConfig;
  byName: Map<string, BrokerContext>;
  byCrm: Map<string, BrokerContext[]>;
  byHost: Map<string, BrokerContext>;
}

/**
 * The configured brokers, indexed for the per-request lookups of the guard. The index follows the current config
 * snapshot: after a reload (AppConfigHolder) the next lookup re-indexes, so new requests see the new brokers, while a
 * request already holding a BrokerContext keeps the settings it started with.
 */
@Injectable()
export class BrokerRegistry {
  private index: BrokerIndex;

  constructor(private readonly config: AppConfigHolder) {
    this.index = indexBrokers(config.current);
  }

  all(): BrokerContext[] {
    return [...this.current().byName.values()];
  }

  findByName(brokerName: string): BrokerContext | undefined {
    return this.current().byName.get(brokerName);
  }

  /** Several brokers (white labels) may share one CRM. */
  findByCrm(brokerCrmName: string): BrokerContext[] {
    return this.current().byCrm.get(brokerCrmName) ?? [];
  }

  findByHost(hostname: string | undefined): BrokerContext | undefined {
    if (!hostname) return undefined;
    return this.current().byHost.get(
      hostname
        .replace(/:\d+$/, '')
        .replace(/^\[|\]$/g, '')
        .toLowerCase(),
    );
  }

  private current(): BrokerIndex {
    const snapshot = this.config.current;
    if (this.index.from !== snapshot) this.index = indexBrokers(snapshot);
    return this.index;
  }
}

function indexBrokers(config: AppConfig): BrokerIndex {
  const index: BrokerIndex = { from: config, byName: new Map(), byCrm: new Map(), byHost: new Map() };
  for (const b of config.brokers) {
    const ctx: BrokerContext = { brokerName: b.brokerName, brokerCrmName: b.brokerCrmName, config: b, modules: new Set(b.modules) };
    index.byName.set(b.brokerName, ctx);
    index.byCrm.set(b.brokerCrmName, [...(index.byCrm.get(b.brokerCrmName) ?? []), ctx]);
    for (const h of b.hosts) index.byHost.set(h.toLowerCase(), ctx);
  }
  return index;
}
