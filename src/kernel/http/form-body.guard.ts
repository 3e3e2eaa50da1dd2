import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';

export const ACCEPTS_FORM_BODY = 'http:acceptsFormBody';

/** Marks a controller or route that takes HTML form posts (ScreenRoute sets it for every screen). */
export const AcceptsFormBody = () => SetMetadata(ACCEPTS_FORM_BODY, true);

/** Is the request's body a form (`application/x-www-form-urlencoded`)? Multipart has its own rule (screen plugins). */
export function hasFormBody(headers: Record<string, string | string[] | undefined>): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && /^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(type);
}

export function unsupportedFormBody(): ContractException {
  return new ContractException(ErrorCode.UnsupportedMediaType, 'Unsupported content type; send application/json');
}

/**
 * Global: a JSON API route (4.x, admin, callbacks) takes `application/json` only; a form post is 415
 * UNSUPPORTED_MEDIA_TYPE, as the README promises, instead of being validated as if it were JSON. Screens
 * (ScreenRoute) take forms. The direct routes apply the same rule in DirectRouteRegistry.
 */
@Injectable()
export class FormBodyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    if (!hasFormBody(request.headers)) return true;
    if (this.reflector.getAllAndOverride<boolean | undefined>(ACCEPTS_FORM_BODY, [context.getHandler(), context.getClass()])) return true;
    throw unsupportedFormBody();
  }
}
