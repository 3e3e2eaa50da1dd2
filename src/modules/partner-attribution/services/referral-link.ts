import { AppConfig } from '../../../config/app-config';
import { BrokerContext } from '../../../kernel/broker-identification';

/**
 * A partner's referral link: the broker's signup screen (or `partners.referralBaseUrl`) with the partnerId and the
 * broker ids, signup form first (spec §2.1 `firstLogin`, `partnerId`).
 */
export function referralLink(config: AppConfig, broker: BrokerContext, partnerId: string): string {
  const base = broker.config.partners.referralBaseUrl ?? `${config.server.baseUrl.replace(/\/$/, '')}${config.server.basePath}/auth/login`;
  const url = new URL(base);
  url.searchParams.set('brokerName', broker.brokerName);
  url.searchParams.set('brokerCrmName', broker.brokerCrmName);
  url.searchParams.set('firstLogin', 'true');
  url.searchParams.set('partnerId', partnerId);
  return url.toString();
}
