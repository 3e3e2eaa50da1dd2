import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ModuleKey } from '../../../../config/module-key';
import { AuditService } from '../../../../kernel/audit';
import { BrokerContext, BrokerRoute, CurrentBroker } from '../../../../kernel/broker-identification';
import { ContractException, ErrorBody, ErrorCode } from '../../../../kernel/errors';
import { RateLimited } from '../../../../kernel/rate-limit';
import { PaymentRequest } from '../entities/payment-request.entity';
import { PaymentRequests } from '../services/payment-requests.service';
import { callbackSigningText, SIGNATURE_HEADER, signatureMatches } from '../domain/hosted-signature';
import { HostedCallbackRequest, HostedCallbackResponse } from './hosted-callback.dto';
import { Clock } from '../../../../kernel/clock';
import { ApiTag } from '../../../../kernel/openapi';

/**
 * The hosted provider's confirmation (issue #6): HMAC-SHA256 over the canonical fields with the broker's shared
 * secret, compared in constant time; the timestamp must be inside the broker's window (a captured callback cannot
 * be replayed later); the request must be a hosted deposit of this broker with the same amount and currency. The
 * state machine's conditional UPDATE makes a redelivered event a no-op (200, `duplicate: true`).
 */
@ApiTags(ApiTag.InappActions)
@Controller('inapp/payments/hosted')
@BrokerRoute(ModuleKey.InappActions)
export class HostedCallbackController {
  constructor(
    private readonly clock: Clock,
    private readonly payments: PaymentRequests,
    private readonly audit: AuditService,
  ) {}

  @Post('callback')
  @HttpCode(200)
  @RateLimited(600)
  @ApiOperation({ summary: 'Hosted payment provider callback (signed)' })
  @ApiHeader({
    name: SIGNATURE_HEADER,
    required: true,
    description: 'sha256=<hex HMAC-SHA256 of the canonical fields>',
    example: 'sha256=5d41402abc4b2a76b9719d911017c592ae2c3b1f6c1f0e8a77d3e4a9b1c2d3e4',
  })
  // Only the provider can sign: an example from the console cannot verify, so it is documented as the refusal it gets.
  @ApiBody({
    type: HostedCallbackRequest,
    examples: {
      'error: 401 CALLBACK_SIGNATURE_INVALID': {
        summary: 'Unsigned (only the provider holds the callback secret)',
        value: {
          brokerName: 'demo_broker',
          paymentId: '0b6f1c52-8d1e-4c53-9a51-6f0e2b7d9a10',
          eventId: 'evt_1PqR7sT2uV3w',
          status: 'succeeded',
          amountMinor: 10000,
          currency: 'USD',
          timestamp: 1767225600,
        },
      },
    },
  })
  @ApiOkResponse({ type: HostedCallbackResponse })
  @ApiResponse({ status: 401, type: ErrorBody, description: 'CALLBACK_SIGNATURE_INVALID: bad signature or timestamp outside the window' })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND: no hosted deposit with that id for this broker' })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: amount/currency differ, or the request was already decided by another event' })
  async callback(
    @CurrentBroker() broker: BrokerContext,
    @Body() body: HostedCallbackRequest,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Req() req: { id: string; ip: string },
  ): Promise<HostedCallbackResponse> {
    const config = broker.config.payments.hosted;
    if (!config || !broker.config.payments.providers.includes('hosted'))
      throw new ContractException(ErrorCode.NotFound, 'Hosted payments are not enabled for this broker');
    const fields = {
      paymentId: body.paymentId,
      eventId: body.eventId,
      status: body.status,
      amountMinor: body.amountMinor,
      currency: body.currency,
      timestamp: body.timestamp,
    };
    if (!signatureMatches(config.callbackSecret, callbackSigningText(fields), signature)) {
      await this.securityEvent(broker, 'payment.callback.badSignature', body.paymentId, req);
      throw new ContractException(ErrorCode.CallbackSignatureInvalid, 'Callback signature does not verify');
    }
    if (Math.abs(this.clock.now() / 1000 - body.timestamp) > config.callbackToleranceSeconds) {
      await this.securityEvent(broker, 'payment.callback.stale', body.paymentId, req);
      throw new ContractException(ErrorCode.CallbackSignatureInvalid, 'Callback timestamp is outside the accepted window');
    }
    const payment = await this.payments.find(broker.brokerName, fields.paymentId.toLowerCase());
    if (!payment || payment.provider !== 'hosted' || payment.kind !== 'deposit') throw new ContractException(ErrorCode.NotFound, 'No such hosted payment');
    if (payment.amountMinor !== fields.amountMinor || payment.currency !== fields.currency) {
      await this.securityEvent(broker, 'payment.callback.mismatch', payment.id, req);
      throw new ContractException(ErrorCode.Conflict, 'Amount or currency differ from the payment request');
    }
    if (payment.providerEventId === fields.eventId) return respond(payment, true);
    const by = { actor: `provider:hosted`, requestId: req.id, providerEventId: fields.eventId };
    const outcome =
      fields.status === 'succeeded'
        ? await this.payments.approve(broker.brokerName, payment.id, by)
        : await this.payments.reject(broker.brokerName, payment.id, 'PROVIDER_DECLINED', by);
    if (outcome.ok) return respond(outcome.payment, false);
    // Lost a race with a redelivery of the same event: same answer as a replay.
    if (outcome.payment?.providerEventId === fields.eventId) return respond(outcome.payment, true);
    throw new ContractException(ErrorCode.Conflict, `Payment is already ${outcome.payment?.state ?? 'gone'}`);
  }

  private securityEvent(broker: BrokerContext, action: string, paymentId: string, req: { id: string; ip: string }): Promise<void> {
    return this.audit.record({
      brokerName: broker.brokerName,
      category: 'security',
      action,
      actor: `ip:${req.ip}`,
      target: `payment:${paymentId}`,
      requestId: req.id,
    });
  }
}

function respond(p: PaymentRequest, duplicate: boolean): HostedCallbackResponse {
  return { paymentId: p.id, state: p.state, duplicate };
}
