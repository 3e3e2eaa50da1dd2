import { Injectable } from '@nestjs/common';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import { HostedProviderConfig } from '../../../../config/payments-config';
import { formatMinor } from '../domain/money-amount';
import type { PaymentRequest } from '../entities/payment-request.entity';
import type { PaymentKind } from '../domain/payment-state';
import { redirectSigningText, sign } from '../domain/hosted-signature';
import type { PaymentLinks, PaymentNextStep, PaymentProvider } from './payment-provider';

/**
 * A hosted payment page (card acquirer style). We redirect the trader to the broker's configured page with the
 * request's id, amount, currency, our callback URL and return URL, all signed with the shared secret so the page
 * can trust them; the provider confirms by a signed callback (HostedCallbackController). Deposits only: payouts
 * need a human in this project (withdrawals use the manual provider).
 */
@Injectable()
export class HostedPaymentProvider implements PaymentProvider {
  readonly key = 'hosted' as const;

  supports(kind: PaymentKind): boolean {
    return kind === 'deposit';
  }

  start(broker: BrokerContext, payment: PaymentRequest, links: PaymentLinks): PaymentNextStep {
    const config = hostedConfig(broker);
    const fields = {
      paymentId: payment.id,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      callbackUrl: links.callbackUrl,
      returnUrl: links.statusUrl,
    };
    const url = new URL(config.paymentPageUrl);
    url.searchParams.set('paymentId', fields.paymentId);
    url.searchParams.set('amountMinor', String(fields.amountMinor));
    url.searchParams.set('amount', formatMinor(payment.amountMinor, payment.moneyDigits));
    url.searchParams.set('currency', fields.currency);
    url.searchParams.set('callbackUrl', fields.callbackUrl);
    url.searchParams.set('returnUrl', fields.returnUrl);
    url.searchParams.set('merchant', broker.brokerName);
    url.searchParams.set('signature', sign(config.callbackSecret, redirectSigningText(fields)));
    return { type: 'redirect', url: url.toString() };
  }

  instructions(): string | null {
    return null;
  }
}

export function hostedConfig(broker: BrokerContext): HostedProviderConfig {
  const config = broker.config.payments.hosted;
  // Config validation requires `hosted` whenever the provider is listed; reaching here without it is a bug.
  if (!config) throw new Error(`broker ${broker.brokerName} has no payments.hosted configuration`);
  return config;
}
