import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { AdminRole } from './admin-api-key.entity';
import { ADMIN_BEARER } from './admin-bearer.strategy';
import { AdminPrincipal, mayAdminister } from './admin-principal';

export const ADMIN_ROLE = 'adminRole';

/**
 * Authenticates the bearer key (passport), then authorises: a write route needs a write key, and any broker the
 * request names (path, query or body `brokerName`) must be one the key administers.
 */
@Injectable()
export class AdminAuthGuard extends AuthGuard(ADMIN_BEARER) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<{ user: AdminPrincipal; params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown }>();
    const principal = request.user;
    const role = this.reflector.getAllAndOverride<AdminRole>(ADMIN_ROLE, [context.getHandler(), context.getClass()]) ?? 'write';
    if (role === 'write' && principal.role !== 'write') {
      throw new ContractException(403, ErrorCode.AdminForbidden, 'This admin API key is read-only');
    }
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    for (const named of [request.params?.brokerName, request.query?.brokerName, body.brokerName]) {
      if (named !== undefined && (typeof named !== 'string' || !mayAdminister(principal, named))) {
        throw new ContractException(403, ErrorCode.AdminBrokerForbidden, 'This admin API key does not administer that broker');
      }
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new ContractException(401, ErrorCode.AdminAuthRequired, 'Admin API key required (Authorization: Bearer <key>)');
    return user;
  }
}
