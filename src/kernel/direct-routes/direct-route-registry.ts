import { Injectable, Type, ValidationPipe } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ModuleKey } from '../../config/module-key';
import { BrokerContext } from '../broker-identification/broker-context';
import { BrokerRequest, requireModule } from '../broker-identification/broker-identification.guard';
import { BrokerRegistry } from '../broker-identification/broker-registry.service';
import { resolveBroker } from '../broker-identification/broker-resolver';
import { replyWithContractError } from '../errors/contract-exception.filter';
import { contractValidationPipe } from '../errors/contract-validation.pipe';
import { hasFormBody, unsupportedFormBody } from '../http/form-body.guard';

/**
 * A route of a Nest controller that is served by a straight-line Fastify handler instead of Nest's request
 * pipeline (issue #11). For the few routes cTrader calls on every app start, login and in-app tap, Nest's
 * middleware (pino-http's per-request child logger and AsyncLocalStorage), router, guards, pipes and filter cost
 * several times the work itself. The route stays declared on its controller — mapped, documented in OpenAPI,
 * fuzzed — and its controller method stays the handler; only the steps around it are replaced, one for one:
 *
 *   global FormBodyGuard      → hasFormBody check                    (same rule: JSON only)
 *   BrokerIdentificationGuard → resolveBroker + module gate        (same function, same errors)
 *   the route's own guard     → `authenticate`                       (the guard's service call)
 *   global ContractValidationPipe → the same pipe's `transform`      (same fast checks, same class-validator)
 *   controller method         → `handle`                             (calls the controller method itself)
 *   ContractExceptionFilter   → replyWithContractError              (the filter's own function)
 *
 * Fastify's own hooks (request id, HTTPS rule, body depth, helmet, metrics, the access log) apply as to every route.
 * test/wiring/direct-routes.e2e-spec.ts checks that each direct route's controller guards are the ones
 * replaced here, so adding a guard to such a route without teaching it here fails.
 */
export interface DirectRoute<Body extends object> {
  method: 'POST';
  /** As on the controller, without the global base path: `/oauth2/authorize`. */
  path: string;
  /** The module of the controller's @BrokerRoute. */
  module: ModuleKey;
  /** The route's guard after broker identification (e.g. crmApiToken). */
  authenticate(broker: BrokerContext, request: FastifyRequest): Promise<void>;
  /** The @Body() DTO class. */
  body: Type<Body>;
  /** The controller method, given what Nest would have given it. Its result is the 200 JSON body. */
  handle(broker: BrokerContext, body: Body, request: FastifyRequest): Promise<object>;
}

@Injectable()
export class DirectRouteRegistry {
  private readonly routes = new Map<string, DirectRoute<object>>();
  /** `METHOD /url` of each Nest route whose handler was replaced, as mapped (with the base path). */
  readonly adopted: string[] = [];
  private readonly pipe: ValidationPipe = contractValidationPipe();

  constructor(private readonly brokers: BrokerRegistry) {}

  add<Body extends object>(route: DirectRoute<Body>): void {
    this.routes.set(`${route.method} ${route.path}`, route);
  }

  /** Every direct route, e.g. to leave them out of pino-http's request logging. */
  list(): ReadonlyArray<DirectRoute<object>> {
    return [...this.routes.values()];
  }

  /**
   * Fastify `onRoute` hook: when Nest maps one of our routes, its handler becomes the direct one. Registered
   * before Nest maps any route (create-app), so it sees every route.
   */
  adopt(route: RouteOptions, basePath: string): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.length !== 1 || !route.url.startsWith(basePath)) return;
    const direct = this.routes.get(`${methods[0]} ${route.url.slice(basePath.length)}`);
    if (!direct) return;
    route.handler = (request, reply) => this.serve(direct, request, reply);
    this.adopted.push(`${methods[0]} ${route.url}`);
  }

  private async serve(route: DirectRoute<object>, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      // FormBodyGuard's rule: these are JSON API routes.
      if (hasFormBody(request.headers)) throw unsupportedFormBody();
      const broker = resolveBroker(this.brokers, { query: request.query, body: request.body, hostname: request.hostname });
      (request as BrokerRequest).broker = broker;
      requireModule(broker, route.module);
      await route.authenticate(broker, request);
      const body = (await this.pipe.transform(request.body, { type: 'body', metatype: route.body, data: undefined })) as object;
      const result = await route.handle(broker, body, request);
      reply.status(200).send(result);
    } catch (e) {
      replyWithContractError(e, request, reply);
    }
  }
}
