import { applyDecorators, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController, ApiExcludeEndpoint } from '@nestjs/swagger';
import { ModuleKey } from '../../config/module-key';
import { AcceptsFormBody } from '../http/form-body.guard';
import { BrokerIdentificationGuard } from '../broker-identification/broker-identification.guard';
import { RequiresModule } from '../broker-identification/requires-module.decorator';
import { ScreenExceptionFilter } from './errors/screen-exception.filter';
import { ScreenGuard, SKIP_CSRF } from './security/screen.guard';

/** Screens are pages for traders, not API: kept out of the admin Swagger console (class or method). */
function ExcludeFromDocs(): ClassDecorator & MethodDecorator {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) ApiExcludeEndpoint()(target, key as string | symbol, descriptor);
    else ApiExcludeController()(target as never);
  };
}

/**
 * Marks a controller (or a route) as a screen: broker identification (+ the broker's module gate), the screen
 * context, headers and CSRF (ScreenGuard), HTML error pages (ScreenExceptionFilter) instead of JSON, and form
 * posts accepted (API routes take JSON only: FormBodyGuard).
 */
export function ScreenRoute(module?: ModuleKey): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(BrokerIdentificationGuard, ScreenGuard),
    ...(module ? [RequiresModule(module)] : []),
    UseFilters(ScreenExceptionFilter),
    AcceptsFormBody(),
    ExcludeFromDocs(),
  );
}

/**
 * For the rare unsafe-method screen route that cannot carry our token (e.g. a payment provider posting the
 * trader back to us). Such a handler must not change state on the strength of the request alone.
 */
export const SkipCsrf = () => SetMetadata(SKIP_CSRF, true);
