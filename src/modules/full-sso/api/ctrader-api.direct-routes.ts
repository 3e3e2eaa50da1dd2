import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ModuleKey } from '../../../config/module-key';
import { BrokerContext } from '../../../kernel/broker-identification';
import { DirectRouteRegistry } from '../../../kernel/direct-routes';
import { CrmApiTokenService } from '../../../kernel/tokens';
import { ExchangeRequest, GenerateRequest, ValidateRequest } from './ctrader-api.dto';
import { crmApiTokenOf } from './crm-api-token.guard';
import { CtraderApiController } from './ctrader-api.controller';

/**
 * 4.2, 4.3 and 4.4 — called on every login, app start and in-app tap — are served as direct routes (see
 * kernel/direct-routes): same checks in the same order (broker ids → module → crmApiToken → body → token), same
 * controller methods, without Nest's per-request pipeline. 4.1 and 4.5 are rare and stay on the ordinary path.
 */
@Injectable()
export class CtraderApiDirectRoutes {
  private controller?: CtraderApiController;

  constructor(directRoutes: DirectRouteRegistry, crmApiTokens: CrmApiTokenService, moduleRef: ModuleRef) {
    const api = () => (this.controller ??= moduleRef.get(CtraderApiController, { strict: true }));
    // CrmApiTokenGuard's check, as the guard does it.
    const authenticate = (broker: BrokerContext, request: FastifyRequest) => crmApiTokens.authenticate(broker, crmApiTokenOf(request.query));
    const common = { method: 'POST', module: ModuleKey.FullSso, authenticate } as const;
    directRoutes.add({
      ...common,
      path: '/oauth2/onetime/authorize',
      body: ExchangeRequest,
      handle: (broker, body, request) => api().authorizeOneTime(broker, body, request),
    });
    directRoutes.add({ ...common, path: '/oauth2/authorize', body: ValidateRequest, handle: (broker, body) => api().authorize(broker, body) });
    directRoutes.add({
      ...common,
      path: '/oauth2/onetime/generate',
      body: GenerateRequest,
      handle: (broker, body, request) => api().generate(broker, body, (request.query as Record<string, unknown> | undefined)?.inappToken),
    });
  }
}
