import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config';
import type { ModuleKey } from '../../config/module-key';
import { brokersWith, mayAdminister } from '../admin-access/admin-principal';
import type { AdminPermission } from '../admin-access/admin-roles';
import { StaffSessionCookie } from '../admin-access/staff/staff-session-cookie';
import { staffPrincipal, StaffService } from '../admin-access/staff/staff.service';
import { AuditService } from '../audit';
import { BrokerRegistry } from '../broker-identification/broker-registry.service';
import { ScreenException } from '../screens/errors/screen.exception';
import { ScreenCsrf } from '../screens/security/screen-csrf.service';
import { BackOfficeRedirect, BackOfficeRequest } from './back-office-session';

export const BACK_OFFICE_PERMISSION = 'backOffice:permission';
export const BACK_OFFICE_MODULE = 'backOffice:module';
export const BACK_OFFICE_PUBLIC = 'backOffice:public';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where each unfinished stage of a staff session continues. */
export const STAGE_PAGES = { enrol: '/back-office/enrol', totp: '/back-office/2fa' } as const;

/**
 * The gate of every back-office page, the same rules as AdminAuthGuard with pages instead of JSON:
 * - no live staff session cookie → 303 to /back-office/login (a session still in its 2FA or enrolment step → that step);
 * - the page's permission must hold on some broker (roles as in admin-roles.ts, brokersWith) → else 403 page;
 * - a `:brokerName` page: the broker must exist (404), be one where the permission holds (403) and have the
 *   page's module on (404 MODULE_DISABLED);
 * - every state-changing request needs the CSRF token and a same-origin request (ScreenCsrf, 403 otherwise);
 * - the audit names the person: the actor `staff:<id>` is noted with the email, as AdminAuthGuard does.
 * Public pages (login, 2FA, invitation) get only the CSRF check and the session, if any, in `backOfficeView`.
 */
@Injectable()
export class BackOfficeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly staff: StaffService,
    private readonly cookie: StaffSessionCookie,
    private readonly csrf: ScreenCsrf,
    private readonly brokers: BrokerRegistry,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<BackOfficeRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const base = this.config.server.basePath;
    const sessionId = this.cookie.read(request);
    const view = sessionId ? await this.staff.resume(sessionId) : null;
    if (this.reflector.getAllAndOverride<boolean | undefined>(BACK_OFFICE_PUBLIC, targets)) {
      request.backOfficeView = view;
      if (UNSAFE_METHODS.has(request.method)) await this.csrf.verify(request);
      return true;
    }
    const permission = this.reflector.getAllAndOverride<AdminPermission | undefined>(BACK_OFFICE_PERMISSION, targets);
    if (!permission) throw new Error(`back-office page ${context.getClass().name}.${context.getHandler().name} states no permission`);
    if (!view) throw new BackOfficeRedirect(`${base}/back-office/login`);
    if (view.session.stage !== 'full') throw new BackOfficeRedirect(`${base}${STAGE_PAGES[view.session.stage]}`);
    const person = staffPrincipal(view.member);
    const visible = brokersWith(person.grants, 'read');
    const visibleBrokers = this.brokers.all().filter((b) => visible === '*' || visible.includes(b.brokerName));
    const scoped = brokersWith(person.grants, permission);
    const principal = { ...person, brokers: scoped };
    // Set before the checks below, so that a 403 page still shows the person's navigation.
    request.backOffice = { view, principal, permission, visibleBrokers };
    if (scoped !== '*' && scoped.length === 0) throw new ScreenException(403, 'backOffice.errors.forbidden', { code: 'ADMIN_FORBIDDEN' });
    this.audit.nameActor(principal.actor, principal.name);
    const named = request.params?.brokerName;
    if (named !== undefined) {
      const broker = typeof named === 'string' ? this.brokers.findByName(named) : undefined;
      if (!broker) throw new ScreenException(404, 'errors.notFound', { code: 'NOT_FOUND' });
      if (!mayAdminister(principal, broker.brokerName)) {
        throw new ScreenException(403, 'backOffice.errors.brokerForbidden', { code: 'ADMIN_BROKER_FORBIDDEN' });
      }
      const module = this.reflector.getAllAndOverride<ModuleKey | undefined>(BACK_OFFICE_MODULE, targets);
      if (module && !broker.modules.has(module)) throw new ScreenException(404, 'errors.moduleDisabled', { code: 'MODULE_DISABLED' });
      request.backOffice.broker = broker;
    }
    if (UNSAFE_METHODS.has(request.method)) await this.csrf.verify(request);
    return true;
  }
}
