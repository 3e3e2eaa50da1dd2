import { Injectable } from '@nestjs/common';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import { resolveLocalizedText } from '../../../../config/localized-text';
import { formatMinor } from '../domain/money-amount';
import type { PaymentRequest } from '../entities/payment-request.entity';
import type { PaymentKind } from '../domain/payment-state';
import type { PaymentNextStep, PaymentProvider } from './payment-provider';

/**
 * Bank-wire style: the trader gets instructions quoting the request's reference; the broker's back office sees
 * the money arrive (or pays a withdrawal out) and approves or rejects the request in the admin console.
 */
@Injectable()
export class ManualPaymentProvider implements PaymentProvider {
  readonly key = 'manual' as const;

  supports(_kind: PaymentKind): boolean {
    return true;
  }

  start(): PaymentNextStep {
    return { type: 'status' };
  }

  instructions(broker: BrokerContext, payment: PaymentRequest, lang: string): string | null {
    if (payment.kind !== 'deposit') return null;
    const values: Record<string, string> = {
      reference: reference(payment),
      amount: formatMinor(payment.amountMinor, payment.moneyDigits),
      currency: payment.currency,
    };
    const text = resolveLocalizedText(broker.config.payments.manual.depositInstructions, lang, broker.config.branding.defaultLanguage);
    return text.replace(/\{(reference|amount|currency)\}/g, (_m, k: string) => values[k]);
  }
}

/** The short reference a trader quotes on a bank transfer: the first block of the request id, upper-cased. */
export function reference(payment: Pick<PaymentRequest, 'id'>): string {
  return payment.id.slice(0, 8).toUpperCase();
}
