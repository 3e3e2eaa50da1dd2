import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiParam, ApiResponse } from '@nestjs/swagger';
import { DEMO_BROKER } from '../openapi/api-tags';
import { ErrorBody } from '../errors/error-body';
import type { ModuleKey } from '../../config/module-key';
import { BrokerContext } from '../broker-identification/broker-context';
import { ADMIN_BROKER, ADMIN_MODULE, ADMIN_PERMISSION, AdminAuthGuard, AdminBrokerRequest } from './admin-auth.guard';
import { AdminPrincipal } from './admin-principal';
import { AdminPermission, ADMIN_ROLES, roleAllows } from './admin-roles';

/** The OpenAPI extension naming a route's permission (what the role-matrix test walks). */
export const ADMIN_PERMISSION_EXTENSION = 'x-admin-permission';

/**
 * An admin API route: an API key or a staff session, the ONE permission it needs (mandatory), and the documented
 * refusals. The roles that hold the permission are listed in the operation's description extension.
 */
export function AdminRoute(permission: AdminPermission) {
  return applyDecorators(
    SetMetadata(ADMIN_PERMISSION, permission),
    UseGuards(AdminAuthGuard),
    ApiBearerAuth('admin-key'),
    ApiCookieAuth('staff-session'),
    ApiExtension(ADMIN_PERMISSION_EXTENSION, { permission, roles: ADMIN_ROLES.filter((r) => roleAllows(r, permission)) }),
    ApiResponse({ status: 401, type: ErrorBody, description: 'ADMIN_AUTH_REQUIRED, ADMIN_AUTH_INVALID, STAFF_2FA_REQUIRED' }),
    ApiResponse({
      status: 403,
      type: ErrorBody,
      description: `ADMIN_FORBIDDEN (no role with ${permission}), ADMIN_BROKER_FORBIDDEN (not for that broker), CSRF_INVALID (staff session without its token)`,
    }),
  );
}

export const CurrentAdmin = createParamDecorator(
  (_d: unknown, ctx: ExecutionContext): AdminPrincipal => ctx.switchToHttp().getRequest<{ user: AdminPrincipal }>().user,
);

/**
 * An admin route about one broker's data (`/admin/brokers/:brokerName/…`): AdminRoute, plus the broker gate in one
 * place — the broker the path names must exist (else 404 NOT_FOUND) and, when `module` is given, have it on (else
 * 404 MODULE_DISABLED). The broker comes from the path only, never from the query or the body. The checked broker
 * is `@CurrentAdminBroker()`.
 */
export function AdminBrokerRoute(permission: AdminPermission, module?: ModuleKey) {
  return applyDecorators(
    AdminRoute(permission),
    SetMetadata(ADMIN_BROKER, true),
    // Documented here because most handlers take the checked broker (@CurrentAdminBroker), not @Param('brokerName'),
    // and Swagger only lists the path parameters a handler binds.
    ApiParam({
      name: 'brokerName',
      required: true,
      type: String,
      example: DEMO_BROKER.brokerName,
      description: 'The broker (as issued by Spotware, case-sensitive)',
    }),
    ...(module ? [SetMetadata(ADMIN_MODULE, module)] : []),
    ApiResponse({
      status: 404,
      type: ErrorBody,
      description: module ? `NOT_FOUND (no such broker); MODULE_DISABLED (the broker does not use ${module})` : 'NOT_FOUND (no such broker)',
    }),
  );
}

export const CurrentAdminBroker = createParamDecorator((_d: unknown, ctx: ExecutionContext): BrokerContext => {
  const broker = ctx.switchToHttp().getRequest<AdminBrokerRequest>().adminBroker;
  if (!broker) throw new Error('CurrentAdminBroker() needs AdminBrokerRoute on the route');
  return broker;
});
