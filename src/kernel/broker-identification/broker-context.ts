import { BrokerConfig } from '../../config/app-config';
import { ModuleKey } from '../../config/module-key';

/** The broker a request was resolved to (contract §1.2); every use case receives it explicitly. */
export interface BrokerContext {
  readonly brokerName: string;
  readonly brokerCrmName: string;
  readonly config: BrokerConfig;
  readonly modules: ReadonlySet<ModuleKey>;
}
