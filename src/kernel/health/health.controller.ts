import { Controller, Get, Headers, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { AdminApiKeyService } from '../admin-access/admin-api-key.service';
import { AdminPrincipal, mayAdminister } from '../admin-access/admin-principal';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { ReadinessCheckRegistry } from './readiness-check.registry';
import { ApiTag } from '../openapi';

const CTRADER_CHECK = /^ctrader:(.+)$/;

/**
 * Liveness says the process answers; readiness says its dependencies (database, each cTrader host) answer.
 * The per-check details name every configured broker (`ctrader:<brokerName>`), so they go only to a caller with
 * an admin key (`Authorization: Bearer <key>`, any role; a scoped key sees its own brokers' checks): a load
 * balancer gets the overall status and the HTTP code, which is all it needs (issue #17).
 */
@ApiTags(ApiTag.Operations)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly extra: ReadinessCheckRegistry,
    private readonly adminKeys: AdminApiKeyService,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness probe' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiBearerAuth('admin-key')
  @ApiOperation({ summary: 'Readiness probe: database and every configured cTrader host (details with an admin key only)' })
  async ready(@Headers('authorization') authorization: string | undefined): Promise<Record<string, unknown>> {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database', { timeout: 3000 }), ...this.extra.checks()];
    let result: HealthCheckResult;
    try {
      result = await this.health.check(checks);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      result = e.getResponse() as HealthCheckResult;
    }
    const admin = await this.adminOf(authorization);
    const up = result.status === 'ok';
    if (!admin) {
      if (up) return { status: 'ok' };
      throw new ContractException(ErrorCode.ServiceUnavailable, 'Not ready');
    }
    const visible = (section: Record<string, unknown> | undefined) =>
      Object.fromEntries(
        Object.entries(section ?? {}).filter(([name]) => {
          const broker = CTRADER_CHECK.exec(name)?.[1];
          return broker === undefined || mayAdminister(admin, broker);
        }),
      );
    const details = { status: result.status, info: visible(result.info), error: visible(result.error), details: visible(result.details) };
    if (up) return details;
    const failing = Object.entries(details.error).map(
      ([name, v]) => `${name}${(v as { reason?: string }).reason ? ` (${(v as { reason?: string }).reason})` : ''}`,
    );
    throw new ContractException(ErrorCode.ServiceUnavailable, `Not ready: ${failing.join(', ') || 'a dependency of another broker is down'}`);
  }

  /** The caller's admin principal, or null: no, malformed or unknown key all mean "no details" (never a 401 here). */
  private async adminOf(authorization: string | undefined): Promise<AdminPrincipal | null> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    return this.adminKeys.authenticate(match[1]);
  }
}
