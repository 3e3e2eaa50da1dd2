import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { BrokerContext } from './broker-context';

/** The configured brokers, indexed once at boot for the per-request lookups of the guard. */
@Injectable()
export class BrokerRegistry {
  private readonly byName = new Map<string, BrokerContext>();
  private readonly byCrm = new Map<string, BrokerContext[]>();
  private readonly byHost = new Map<string, BrokerContext>();

  constructor(config: AppConfig) {
    for (const b of config.brokers) {
      const ctx: BrokerContext = { brokerName: b.brokerName, brokerCrmName: b.brokerCrmName, config: b, modules: new Set(b.modules) };
      this.byName.set(b.brokerName, ctx);
      this.byCrm.set(b.brokerCrmName, [...(this.byCrm.get(b.brokerCrmName) ?? []), ctx]);
      for (const h of b.hosts) this.byHost.set(h.toLowerCase(), ctx);
    }
  }

  all(): BrokerContext[] {
    return [...this.byName.values()];
  }

  findByName(brokerName: string): BrokerContext | undefined {
    return this.byName.get(brokerName);
  }

  /** Several brokers (white labels) may share one CRM. */
  findByCrm(brokerCrmName: string): BrokerContext[] {
    return this.byCrm.get(brokerCrmName) ?? [];
  }

  findByHost(hostname: string | undefined): BrokerContext | undefined {
    if (!hostname) return undefined;
    return this.byHost.get(
      hostname
        .replace(/:\d+$/, '')
        .replace(/^\[|\]$/g, '')
        .toLowerCase(),
    );
  }
}
