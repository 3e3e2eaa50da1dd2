import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import type { ModuleKey } from '../../config/module-key';
import { BrokerContext } from '../broker-identification/broker-context';
import { requireModule } from '../broker-identification/broker-identification.guard';
import { BrokerRegistry } from '../broker-identification/broker-registry.service';
import { AdminRole } from './admin-api-key.entity';
import { ADMIN_BEARER } from './admin-bearer.strategy';
import { AdminPrincipal, mayAdminister } from './admin-principal';

export const ADMIN_ROLE = 'adminRole';
/** Set by AdminBrokerRoute: the module the named broker must have (the broker gate of ARCHITECTURE.md §2). */
export const ADMIN_MODULE = 'adminModule';

/** What AdminBrokerRoute puts on the request: the broker the route names, checked. */
export interface AdminBrokerRequest {
  adminBroker?: BrokerContext;
}

/**
 * Authenticates the bearer key (passport), then authorises: a write route needs a write key, and any broker the
 * request names (path, query or body `brokerName`) must be one the key administers. A broker-scoped route
 * (AdminBrokerRoute) also needs the named broker to exist (404 NOT_FOUND) and to have the route's module on
 * (404 MODULE_DISABLED); the broker is then on the request for `@CurrentAdminBroker()`.
 */
@Injectable()
export class AdminAuthGuard extends AuthGuard(ADMIN_BEARER) {
  constructor(
    private readonly reflector: Reflector,
    private readonly brokers: BrokerRegistry,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const request = context
      .switchToHttp()
      .getRequest<AdminBrokerRequest & { user: AdminPrincipal; params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown }>();
    const principal = request.user;
    const role = this.reflector.getAllAndOverride<AdminRole>(ADMIN_ROLE, [context.getHandler(), context.getClass()]) ?? 'write';
    if (role === 'write' && principal.role !== 'write') {
      throw new ContractException(ErrorCode.AdminForbidden, 'This admin API key is read-only');
    }
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    for (const named of [request.params?.brokerName, request.query?.brokerName, body.brokerName]) {
      if (named !== undefined && (typeof named !== 'string' || !mayAdminister(principal, named))) {
        throw new ContractException(ErrorCode.AdminBrokerForbidden, 'This admin API key does not administer that broker');
      }
    }
    const module = this.reflector.getAllAndOverride<ModuleKey | undefined>(ADMIN_MODULE, [context.getHandler(), context.getClass()]);
    if (module) {
      const named = request.params?.brokerName ?? request.query?.brokerName ?? body.brokerName;
      if (named === undefined) throw new ContractException(ErrorCode.MissingRequiredParameter, 'brokerName is required');
      const broker = typeof named === 'string' ? this.brokers.findByName(named) : undefined;
      if (!broker) throw new ContractException(ErrorCode.NotFound, 'No such broker');
      requireModule(broker, module);
      request.adminBroker = broker;
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err instanceof Error ? err : new Error('admin authentication failed');
    if (!user) throw new ContractException(ErrorCode.AdminAuthRequired, 'Admin API key required (Authorization: Bearer <key>)');
    return user;
  }
}
