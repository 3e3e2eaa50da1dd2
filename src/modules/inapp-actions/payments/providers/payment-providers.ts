import { Injectable } from '@nestjs/common';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import type { PaymentProviderKey } from '../../../../config/payments-config';
import type { PaymentKind } from '../domain/payment-state';
import { HostedPaymentProvider } from './hosted-payment.provider';
import { ManualPaymentProvider } from './manual-payment.provider';
import type { PaymentProvider } from './payment-provider';

/** The providers a broker offers for one kind of movement, in the broker's configured order. */
@Injectable()
export class PaymentProviders {
  private readonly all: Record<PaymentProviderKey, PaymentProvider>;

  constructor(manual: ManualPaymentProvider, hosted: HostedPaymentProvider) {
    this.all = { manual, hosted };
  }

  get(key: PaymentProviderKey): PaymentProvider {
    return this.all[key];
  }

  /** Deposits: the broker's list. Withdrawals: always the manual provider (an admin pays out). */
  offered(broker: BrokerContext, kind: PaymentKind): PaymentProvider[] {
    if (kind === 'withdrawal') return [this.all.manual];
    return broker.config.payments.providers.map((k) => this.all[k]).filter((p) => p.supports(kind));
  }
}
