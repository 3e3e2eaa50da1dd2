import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body';
import { AdminRole } from './admin-api-key.entity';
import { ADMIN_ROLE, AdminAuthGuard } from './admin-auth.guard';
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

export const CurrentAdmin = createParamDecorator((_d: unknown, ctx: ExecutionContext): AdminPrincipal => ctx.switchToHttp().getRequest().user);
