import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { BrokerRequest } from '../../../kernel/broker-identification';
import { CrmApiTokenService } from '../../../kernel/tokens';

/**
 * 4.2–4.5 authenticate with `crmApiToken` in the query; older docs call it `token` — both are accepted,
 * `crmApiToken` preferred (contract §1.4). Runs after the broker guard: ids first, then the token.
 */
@Injectable()
export class CrmApiTokenGuard implements CanActivate {
  constructor(private readonly tokens: CrmApiTokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<BrokerRequest>();
    await this.tokens.authenticate(request.broker!, crmApiTokenOf(request.query));
    return true;
  }
}

/** `crmApiToken`, or `token` as older docs call it. */
export function crmApiTokenOf(query: unknown): unknown {
  const q = (query ?? {}) as Record<string, unknown>;
  return q.crmApiToken ?? q.token;
}
