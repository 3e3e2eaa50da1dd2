import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext, BrokerRoute, CurrentBroker } from '../../../kernel/broker-identification';
import { ContractException, ErrorBody, ErrorCode } from '../../../kernel/errors';
import { RateLimited } from '../../../kernel/rate-limit';
import { InviteAnswer } from '../domain/invite';
import { PartnerAttributionService } from '../services/partner-attribution.service';
import { InviteCredentialGuard } from './invite-credential.guard';
import { InviteWebhookRequest, InviteWebhookResponse } from './invite-webhook.dto';
import { ApiErrorExample, ApiTag } from '../../../kernel/openapi';

/** cTrader Invite attribution webhook (contract §1.4). Checks: broker ids → Basic credential → body. */
@ApiTags(ApiTag.PartnerAttribution)
@Controller('partners')
@BrokerRoute(ModuleKey.PartnerAttribution)
export class InviteWebhookController {
  constructor(private readonly attribution: PartnerAttributionService) {}

  @Post('invite-webhook')
  // cTrader sends it with the Basic credential agreed for the broker; the console has none, so the example is the refusal.
  @ApiErrorExample(InviteWebhookRequest, 401, 'CH_CLIENT_AUTH_FAILURE', 'Without the Basic credential cTrader sends', {
    invitedUserId: 2200452,
    partnerUserId: 2200451,
    brokerName: 'demo_broker',
    brokerCrmName: 'demo_crm',
  })
  @HttpCode(200)
  @UseGuards(InviteCredentialGuard)
  @RateLimited(600)
  @ApiOperation({ summary: 'cTrader Invite: attribute the invited user to the inviting partner (idempotent per delivery)' })
  @ApiOkResponse({ type: InviteWebhookResponse })
  @ApiResponse({ status: 401, type: ErrorBody, description: 'CH_CLIENT_AUTH_FAILURE: missing or wrong Basic credential' })
  @ApiResponse({ status: 403, type: ErrorBody, description: "BROKER_ID_MISMATCH: another broker's credential, or ids that disagree" })
  async invite(@CurrentBroker() broker: BrokerContext, @Body() body: InviteWebhookRequest): Promise<InviteAnswer> {
    if (body.invitedUserId === body.partnerUserId) throw new ContractException(ErrorCode.InvalidRequest, 'A partner cannot invite themselves');
    return this.attribution.handleInvite(broker, {
      invitedUserId: body.invitedUserId,
      partnerUserId: body.partnerUserId,
      brokerPartnerId: body.brokerPartnerId,
    });
  }
}
