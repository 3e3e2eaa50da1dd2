import type { BrokerContext } from '../../../../kernel/broker-identification';
import type { PaymentProviderKey } from '../../../../config/payments-config';
import type { PaymentRequest } from '../entities/payment-request.entity';
import type { PaymentKind } from '../domain/payment-state';

/** Absolute URLs a provider may hand to the outside world for one request. */
export interface PaymentLinks {
  /** Our status page of the request (where the trader returns). */
  statusUrl: string;
  /** Our provider callback endpoint (hosted provider). */
  callbackUrl: string;
}

/** What the trader sees right after submitting: our status page, or the provider's payment page. */
export type PaymentNextStep = { type: 'status' } | { type: 'redirect'; url: string };

/**
 * A way money moves between the trader and the broker (issue #6). The provider decides how a stored request is
 * presented and confirmed; it never moves cTrader money itself — approval always goes through PaymentRequests,
 * which writes the exactly-once 3.5 job.
 */
export interface PaymentProvider {
  readonly key: PaymentProviderKey;
  supports(kind: PaymentKind): boolean;
  /** Called once the request is stored: where the trader goes next. */
  start(broker: BrokerContext, payment: PaymentRequest, links: PaymentLinks): PaymentNextStep;
  /** Plain text shown on the status page while the request is pending (e.g. bank-wire instructions), in `lang`. */
  instructions(broker: BrokerContext, payment: PaymentRequest, lang: string): string | null;
}
