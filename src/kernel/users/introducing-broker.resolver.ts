import { Injectable, Logger } from '@nestjs/common';
import type { BrokerContext } from '../broker-identification/broker-context';
import type { TraderUser } from './trader-user.entity';

/** What 3.3 carries in `contactDetails` for a referred trader (contract 3.3). */
export interface IntroducingBrokers {
  introducingBroker1?: string;
  introducingBroker2?: string;
}

/** The module that knows the partner chain (PartnerAttribution) implements this and registers it at init. */
export interface IntroducingBrokerSource {
  resolve(broker: BrokerContext, user: TraderUser): Promise<IntroducingBrokers>;
}

/**
 * The introducing brokers of a trader about to get a trading account (flows §2.3: "the trader's
 * introducingBroker1/2 come from the partner chain"). Account opening asks here instead of importing the partner
 * module (modules never import each other): with no source registered — the module not deployed — the answer is
 * empty. A failing source never blocks an account: attribution is a bonus, the account is the business.
 */
@Injectable()
export class IntroducingBrokerResolver {
  private readonly logger = new Logger('IntroducingBrokerResolver');
  private source?: IntroducingBrokerSource;

  register(source: IntroducingBrokerSource): void {
    this.source = source;
  }

  async resolve(broker: BrokerContext, user: TraderUser): Promise<IntroducingBrokers> {
    if (!this.source) return {};
    try {
      return await this.source.resolve(broker, user);
    } catch (e) {
      this.logger.error(
        { brokerName: broker.brokerName, userId: user.id, err: (e as Error).message },
        'introducing brokers unavailable; account opened without them',
      );
      return {};
    }
  }
}
