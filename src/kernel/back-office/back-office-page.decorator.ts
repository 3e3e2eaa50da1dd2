import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController, ApiExcludeEndpoint } from '@nestjs/swagger';
import type { ModuleKey } from '../../config/module-key';
import type { AdminPermission } from '../admin-access/admin-roles';
import { AcceptsFormBody } from '../http/form-body.guard';
import { BackOfficeExceptionFilter } from './back-office-exception.filter';
import { BackOfficeRequest, BackOfficeSession } from './back-office-session';
import { BACK_OFFICE_MODULE, BACK_OFFICE_PERMISSION, BACK_OFFICE_PUBLIC, BackOfficeGuard } from './back-office.guard';

/** Pages are not API: kept out of the Swagger console (class or method). */
function ExcludeFromDocs(): ClassDecorator & MethodDecorator {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) ApiExcludeEndpoint()(target, key as string | symbol, descriptor);
    else ApiExcludeController()(target as never);
  };
}

/**
 * A back-office page (class or method): a signed-in staff member (else 303 to /back-office/login) holding
 * `permission` (else a 403 page), on the `:brokerName` of the path if there is one (403 / 404), with `module` on
 * for that broker when given; CSRF on every state-changing request; errors as back-office pages; form posts
 * accepted. The handler reads the session with `@BackOffice()`.
 */
export function BackOfficePage(permission: AdminPermission, module?: ModuleKey): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(BACK_OFFICE_PERMISSION, permission),
    ...(module ? [SetMetadata(BACK_OFFICE_MODULE, module)] : []),
    UseGuards(BackOfficeGuard),
    UseFilters(BackOfficeExceptionFilter),
    AcceptsFormBody(),
    ExcludeFromDocs(),
  );
}

/** Sign-in pages: no session needed (the one there is, in any stage, is `request.backOfficeView`); CSRF still checked. */
export function BackOfficePublicPage(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(BACK_OFFICE_PUBLIC, true),
    UseGuards(BackOfficeGuard),
    UseFilters(BackOfficeExceptionFilter),
    AcceptsFormBody(),
    ExcludeFromDocs(),
  );
}

/** The session of a @BackOfficePage request. */
export const BackOffice = createParamDecorator((_d: unknown, ctx: ExecutionContext): BackOfficeSession => {
  const session = ctx.switchToHttp().getRequest<BackOfficeRequest>().backOffice;
  if (!session) throw new Error('@BackOffice() used on a route without @BackOfficePage()');
  return session;
});

/** The checked broker of a `/back-office/brokers/:brokerName/…` page. */
export const BackOfficeBroker = createParamDecorator((_d: unknown, ctx: ExecutionContext) => {
  const broker = ctx.switchToHttp().getRequest<BackOfficeRequest>().backOffice?.broker;
  if (!broker) throw new Error('@BackOfficeBroker() needs @BackOfficePage() on a route with :brokerName');
  return broker;
});
