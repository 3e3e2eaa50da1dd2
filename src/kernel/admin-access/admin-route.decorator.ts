import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body';
import { AdminRole } from './admin-api-key.entity';
import type { ModuleKey } from '../../config/module-key';
import { BrokerContext } from '../broker-identification/broker-context';
import { ADMIN_MODULE, ADMIN_ROLE, AdminAuthGuard, AdminBrokerRequest } from './admin-auth.guard';
import { AdminPrincipal } from './admin-principal';

/** An admin API route: bearer key, the role it needs, and the documented refusals. */
export function AdminRoute(role: AdminRole) {
  return applyDecorators(
    SetMetadata(ADMIN_ROLE, role),
    UseGuards(AdminAuthGuard),
    ApiBearerAuth('admin-key'),
    ApiResponse({ status: 401, type: ErrorBody, description: 'ADMIN_AUTH_REQUIRED, ADMIN_AUTH_INVALID' }),
    ApiResponse({ status: 403, type: ErrorBody, description: 'ADMIN_FORBIDDEN (read-only key), ADMIN_BROKER_FORBIDDEN (another broker)' }),
  );
}

export const CurrentAdmin = createParamDecorator(
  (_d: unknown, ctx: ExecutionContext): AdminPrincipal => ctx.switchToHttp().getRequest<{ user: AdminPrincipal }>().user,
);

/**
 * An admin route about one broker's data of one module: AdminRoute, plus the broker gate in one place — the broker
 * the request names (path, query or body `brokerName`) must exist and have `module` on, else 404 MODULE_DISABLED.
 * The checked broker is `@CurrentAdminBroker()`.
 */
export function AdminBrokerRoute(role: AdminRole, module: ModuleKey) {
  return applyDecorators(
    AdminRoute(role),
    SetMetadata(ADMIN_MODULE, module),
    ApiResponse({ status: 404, type: ErrorBody, description: `NOT_FOUND (no such broker); MODULE_DISABLED (the broker does not use ${module})` }),
  );
}

export const CurrentAdminBroker = createParamDecorator((_d: unknown, ctx: ExecutionContext): BrokerContext => {
  const broker = ctx.switchToHttp().getRequest<AdminBrokerRequest>().adminBroker;
  if (!broker) throw new Error('CurrentAdminBroker() needs AdminBrokerRoute on the route');
  return broker;
});
