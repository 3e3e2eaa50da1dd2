import { ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import type { ModuleKey } from '../../config/module-key';
import { AuditService } from '../audit';
import { BrokerContext } from '../broker-identification/broker-context';
import { requireModule } from '../broker-identification/broker-identification.guard';
import { BrokerRegistry } from '../broker-identification/broker-registry.service';
import { ADMIN_BEARER } from './admin-bearer.strategy';
import { AdminPrincipal, brokersWith, mayAdminister } from './admin-principal';
import type { AdminPermission } from './admin-roles';
import { StaffSessionResolver, STAFF_SESSION_RESOLVER } from './staff-session-resolver';

/** Set by AdminRoute: the one permission the route needs (mandatory; AdminPermissionAudit refuses to boot without). */
export const ADMIN_PERMISSION = 'adminPermission';
/** Set by AdminBrokerRoute: the route is about the broker in its path, which must exist. */
export const ADMIN_BROKER = 'adminBroker';
/** Set by AdminBrokerRoute with a module: the module the named broker must have (the broker gate of ARCHITECTURE.md §2). */
export const ADMIN_MODULE = 'adminModule';

/** What AdminBrokerRoute puts on the request: the broker the route names, checked. */
export interface AdminBrokerRequest {
  adminBroker?: BrokerContext;
}

type AdminRequest = FastifyRequest &
  AdminBrokerRequest & { user: AdminPrincipal; params: Record<string, unknown>; cookies: Record<string, string | undefined> };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates the caller — a bearer API key (passport), or, without an Authorization header, a staff session
 * cookie (2FA done; CSRF token on every state-changing request) — then authorises with the route's permission:
 * the caller's roles must give it on some broker (else 403 ADMIN_FORBIDDEN), and any broker the request names
 * (the path's `:brokerName`, never the query or the body) must be one where it holds (else 403 ADMIN_BROKER_FORBIDDEN). For the handler,
 * `principal.brokers` is narrowed to the brokers where the permission holds, so every listing filtered by it shows
 * only what the caller may act on. A broker-scoped route (AdminBrokerRoute) also needs the named broker to exist
 * (404 NOT_FOUND) and, when it names a module, to have it on (404 MODULE_DISABLED); the broker is then on the request for
 * `@CurrentAdminBroker()`.
 */
@Injectable()
export class AdminAuthGuard extends AuthGuard(ADMIN_BEARER) {
  constructor(
    private readonly reflector: Reflector,
    private readonly brokers: BrokerRegistry,
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.getAllAndOverride<AdminPermission | undefined>(ADMIN_PERMISSION, [context.getHandler(), context.getClass()]);
    // Fail closed: a route that reached here without a permission is a programming error (AdminPermissionAudit
    // refuses to boot with one; this is the second line).
    if (!permission) throw new Error(`admin route ${context.getClass().name}.${context.getHandler().name} states no permission`);
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const cookie = request.cookies?.[staffSessionCookieName(this.config.server.production)];
    if (!request.headers.authorization && cookie) {
      request.user = await this.staffPrincipal(request, cookie);
    } else {
      await super.canActivate(context);
    }
    const principal = request.user;
    const scoped = brokersWith(principal.grants, permission);
    if (scoped !== '*' && scoped.length === 0) {
      throw new ContractException(ErrorCode.AdminForbidden, `Your roles do not allow ${permission}`);
    }
    request.user = { ...principal, brokers: scoped };
    this.audit.nameActor(principal.actor, principal.name);
    // The broker a route is about is in its path, and only there (issue #19: /admin/brokers/{brokerName}/…).
    const inPath = request.params?.brokerName;
    const named = typeof inPath === 'string' ? inPath : undefined;
    if (inPath !== undefined && (named === undefined || !mayAdminister(request.user, named))) {
      throw new ContractException(ErrorCode.AdminBrokerForbidden, `You may not ${permission} for that broker`);
    }
    if (this.reflector.getAllAndOverride<boolean | undefined>(ADMIN_BROKER, [context.getHandler(), context.getClass()])) {
      // AdminBrokerRoute on a controller whose path has no :brokerName is a programming error.
      if (named === undefined) throw new Error(`admin route ${context.getClass().name}.${context.getHandler().name} has no :brokerName in its path`);
      const broker = this.brokers.findByName(named);
      if (!broker) throw new ContractException(ErrorCode.NotFound, 'No such broker');
      const module = this.reflector.getAllAndOverride<ModuleKey | undefined>(ADMIN_MODULE, [context.getHandler(), context.getClass()]);
      if (module) requireModule(broker, module);
      request.adminBroker = broker;
    }
    return true;
  }

  private async staffPrincipal(request: AdminRequest, cookie: string): Promise<AdminPrincipal> {
    let resolver: StaffSessionResolver;
    try {
      resolver = this.moduleRef.get<StaffSessionResolver>(STAFF_SESSION_RESOLVER, { strict: false });
    } catch {
      throw new ContractException(ErrorCode.AdminAuthRequired, 'Staff sessions are not available here; use an admin API key');
    }
    const resolved = await resolver.resolve(cookie);
    if (!resolved) throw new ContractException(ErrorCode.AdminAuthInvalid, 'Your session has ended; log in again');
    if (!resolved.complete) throw new ContractException(ErrorCode.StaffSecondFactorRequired, 'Finish two-factor authentication first');
    if (!SAFE_METHODS.has(request.method)) await resolver.verifyCsrf(request);
    return resolved.principal;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err instanceof Error ? err : new Error('admin authentication failed');
    if (!user) throw new ContractException(ErrorCode.AdminAuthRequired, 'Admin API key required (Authorization: Bearer <key>), or a staff session');
    return user;
  }
}

/** `__Host-` in production (Secure, Path=/, no Domain: a sibling subdomain cannot plant it). */
export function staffSessionCookieName(production: boolean): string {
  return production ? '__Host-staff_session' : 'staff_session';
}
