import { applyDecorators, Body, Controller, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext, BrokerRoute, CurrentBroker } from '../../../kernel/broker-identification';
import { ErrorBody } from '../../../kernel/errors';
import { ApiErrorExample } from '../../../kernel/openapi';
import { RateLimited } from '../../../kernel/rate-limit';
import { AccessTokenService, CrmApiTokenService } from '../../../kernel/tokens';
import {
  CrmApiTokenRequest,
  CrmApiTokenResponse,
  ExchangeRequest,
  ExchangeResponse,
  GenerateRequest,
  GenerateResponse,
  ValidateRequest,
  ValidateResponse,
} from './ctrader-api.dto';
import { ExchangeLoginToken } from '../services/exchange-login-token.usecase';
import { GenerateInappToken } from '../services/generate-inapp-token.usecase';
import { LogoutFromCtrader } from '../services/logout-from-ctrader.usecase';
import { CrmApiTokenGuard } from './crm-api-token.guard';
import './fast-body-checks';
import { ApiTag } from '../../../kernel/openapi';

/** 4.2–4.5: crmApiToken checked after the broker ids, before the body. */
const CtraderAuthenticated = () =>
  applyDecorators(
    UseGuards(CrmApiTokenGuard),
    ApiQuery({ name: 'crmApiToken', required: true, description: 'From 4.1 (older docs: `token`, also accepted)' }),
    ApiResponse({ status: 403, type: ErrorBody, description: 'CH_CLIENT_AUTH_FAILURE (crmApiToken), BROKER_ID_MISMATCH' }),
  );
const TokenErrors = () =>
  applyDecorators(
    ApiResponse({ status: 404, type: ErrorBody, description: 'TOKEN_NOT_FOUND: unknown, used or revoked' }),
    ApiResponse({ status: 410, type: ErrorBody, description: 'CID_TOKEN_EXPIRED' }),
    ApiResponse({ status: 417, type: ErrorBody, description: 'CID_NON_EXISTED_TOKEN: not well-formed' }),
  );

/**
 * The calls cTrader makes to the broker (contract §1.4). Order of checks: broker ids (guard) → crmApiToken
 * (guard) → body validation (pipe) → the token itself (use case).
 */
@ApiTags(ApiTag.FullSso)
@Controller('oauth2')
@BrokerRoute(ModuleKey.FullSso)
export class CtraderApiController {
  constructor(
    private readonly crmApiTokens: CrmApiTokenService,
    private readonly accessTokens: AccessTokenService,
    private readonly exchange: ExchangeLoginToken,
    private readonly generateToken: GenerateInappToken,
    private readonly logoutUser: LogoutFromCtrader,
  ) {}

  @Post('crmApiToken')
  @HttpCode(200)
  @RateLimited(30)
  @ApiOperation({ summary: '4.1 Authenticate the cTrader backend: password → crmApiToken (valid ≥ 7 days)' })
  @ApiOkResponse({ type: CrmApiTokenResponse })
  @ApiResponse({ status: 403, type: ErrorBody, description: 'CH_CLIENT_AUTH_FAILURE: wrong password (no crmApiToken in the body)' })
  async crmApiToken(@CurrentBroker() broker: BrokerContext, @Body() body: CrmApiTokenRequest): Promise<CrmApiTokenResponse> {
    const { token } = await this.crmApiTokens.issue(broker, body.password);
    return { crmApiToken: token };
  }

  @Post('onetime/authorize')
  @HttpCode(200)
  @ApiErrorExample(ExchangeRequest, 417, 'CID_NON_EXISTED_TOKEN', 'A code that no success URL carried', {
    brokerName: 'demo_broker',
    brokerCrmName: 'demo_crm',
    code: 'ott_4QhZ2mWkR8sYc1nV7bTe3u',
  })
  @CtraderAuthenticated()
  @TokenErrors()
  @ApiOperation({ summary: '4.2 Exchange a one-time token (single use; a replay revokes what it produced)' })
  @ApiOkResponse({ type: ExchangeResponse })
  authorizeOneTime(@CurrentBroker() broker: BrokerContext, @Body() body: ExchangeRequest, @Req() req: { id: string }): Promise<ExchangeResponse> {
    return this.exchange.execute(broker, body.code, req.id);
  }

  @Post('authorize')
  @HttpCode(200)
  @ApiErrorExample(ValidateRequest, 417, 'CID_NON_EXISTED_TOKEN', 'An access token this server never issued', {
    brokerName: 'demo_broker',
    brokerCrmName: 'demo_crm',
    accessToken: 'at_9dL0pXe2QvHs7KmC4rWy1z',
  })
  @CtraderAuthenticated()
  @TokenErrors()
  @ApiOperation({ summary: '4.3 Validate a long-term access token (automatic re-login); not consuming' })
  @ApiOkResponse({ type: ValidateResponse })
  async authorize(@CurrentBroker() broker: BrokerContext, @Body() body: ValidateRequest): Promise<ValidateResponse> {
    const v = await this.accessTokens.validate(broker.brokerName, body.accessToken);
    return broker.config.inappTokenEnabled ? { userId: v.ctidUserId, inappToken: v.inappToken } : { userId: v.ctidUserId };
  }

  @Post('onetime/generate')
  @HttpCode(200)
  @CtraderAuthenticated()
  @ApiQuery({ name: 'inappToken', required: false, description: 'The inappToken 4.2/4.3 gave (when the broker requires it)' })
  @ApiResponse({ status: 403, type: ErrorBody, description: 'INAPP_TOKEN_INVALID' })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'USER_NOT_FOUND (unknown or locked)' })
  @ApiOperation({ summary: '4.4 One-time token (purpose inapp, 60 s) for an in-app screen' })
  @ApiOkResponse({ type: GenerateResponse })
  async generate(@CurrentBroker() broker: BrokerContext, @Body() body: GenerateRequest, @Query('inappToken') inappToken: unknown): Promise<GenerateResponse> {
    return { token: await this.generateToken.execute(broker, body.userId, inappToken) };
  }

  @Post('logout')
  @HttpCode(200)
  @CtraderAuthenticated()
  @ApiQuery({ name: 'userId', required: true, description: "cTrader's userId", schema: { type: 'integer', format: 'int64', minimum: 1, example: 2200451 } })
  @ApiQuery({ name: 'accessToken', required: false, description: 'Only this session (absent: every session of the user)' })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'USER_NOT_FOUND' })
  @ApiOperation({ summary: '4.5 The user logged out of a cTrader app; idempotent, empty body' })
  async logout(@CurrentBroker() broker: BrokerContext, @Query('userId') userId: unknown, @Query('accessToken') accessToken: unknown): Promise<void> {
    await this.logoutUser.execute(broker, userId, accessToken);
  }
}
