import { Injectable, OnModuleInit } from '@nestjs/common';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { mayAdminister, brokersWith } from '../admin-access/admin-principal';
import { staffPrincipal } from '../admin-access/staff/staff.service';
import { ScreenTranslator, Translate } from '../screens/i18n/screen-translator.service';
import { ScreenAssets } from '../screens/rendering/screen-assets';
import { buildContentSecurityPolicy } from '../screens/security/content-security-policy';
import { CSRF_FIELD, ScreenCsrf } from '../screens/security/screen-csrf.service';
import { BackOfficeAssets } from './back-office-assets';
import { BackOfficeFlash, BackOfficeFlashMessage } from './back-office-flash';
import { BackOfficeNav, brokerHref } from './back-office-registry';
import type { BackOfficeRequest, BackOfficeSession } from './back-office-session';
import { BACK_OFFICE_TRANSLATIONS } from './back-office-translations';

/** Templates of the shell, named from the views root (the `src` tree), as the screens kernel names its own. */
export const BACK_OFFICE_TEMPLATES = {
  layout: '/kernel/back-office/templates/layout',
  message: '/kernel/back-office/templates/message',
  login: '/kernel/back-office/templates/login',
  secondFactor: '/kernel/back-office/templates/second-factor',
  enrol: '/kernel/back-office/templates/enrol',
  recoveryCodes: '/kernel/back-office/templates/recovery-codes',
  invite: '/kernel/back-office/templates/invite',
  dashboard: '/kernel/back-office/templates/dashboard',
} as const;

export interface BackOfficeRenderOptions {
  status?: number;
  /** The page frames a document of our origin (the KYC viewer): CSP frame-src 'self'. */
  frameSelf?: boolean;
}

/** What every back-office template sees besides its model. */
export interface BackOfficeTemplateData {
  t: Translate;
  /** An app-relative path with the base path in front: `it.href('/back-office/brokers/x/payments')`. */
  href: (path: string) => string;
  csrfField: () => string;
  layout: string;
  templates: typeof BACK_OFFICE_TEMPLATES;
  /** Epoch ms → `2026-12-03 08:15 UTC`. */
  time: (ms: number | null | undefined) => string;
  page: {
    title: string;
    cssHref: string;
    flash: BackOfficeFlashMessage | null;
    person: { name: string; email: string } | null;
    nav: Array<{ label: string; href: string; active: boolean }>;
    /** The broker the navigation points at (the page's, else the first the person may see). */
    broker: string | null;
    /** The broker selector: shown when the person may see several brokers. */
    brokers: Array<{ name: string; href: string; current: boolean }>;
    signOutAction: string;
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * Renders a back-office page: an Eta template (autoescaping on) inside the back-office layout (navigation from the
 * nav registry filtered by the person's roles, the signed-in person, sign out, the broker selector), English strings
 * through the screens translator, the screens kernel's CSRF tokens, and strict headers: CSP without any script
 * (`script-src 'none'`), no framing by anyone, no-store, no referrer.
 */
@Injectable()
export class BackOfficeRenderer implements OnModuleInit {
  private readonly eta: Eta;
  private readonly t: Translate;

  constructor(
    private readonly config: AppConfig,
    private readonly screenAssets: ScreenAssets,
    private readonly assets: BackOfficeAssets,
    private readonly csrf: ScreenCsrf,
    private readonly translator: ScreenTranslator,
    private readonly nav: BackOfficeNav,
    private readonly flash: BackOfficeFlash,
  ) {
    this.eta = new Eta({ views: screenAssets.viewsRoot, autoEscape: true, cache: !config.screens.reloadTemplates, cacheFilepaths: true });
    this.t = (key, params) => translator.translator('en')(key, params);
  }

  onModuleInit(): void {
    // Staff write English in the back office (as in the invitation mail): English only, the fallback of every language.
    this.translator.addTranslations(BACK_OFFICE_TRANSLATIONS);
  }

  /** The base path + an app-relative path. */
  href(path: string): string {
    return `${this.config.server.basePath}${path}`;
  }

  render(reply: FastifyReply, template: string, model: Record<string, unknown>, titleKey: string, options: BackOfficeRenderOptions = {}): FastifyReply {
    const request = reply.request as BackOfficeRequest;
    const data = this.templateData(request, reply, this.t(titleKey), request.backOffice);
    const html = this.eta.render(template, { ...model, ...data });
    this.applyHeaders(reply, options);
    return reply
      .status(options.status ?? 200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-language', 'en')
      .send(html);
  }

  /** The headers of every back-office page (also of redirects and error pages). */
  applyHeaders(reply: FastifyReply, options: BackOfficeRenderOptions = {}): void {
    const csp = buildContentSecurityPolicy({ frameAncestors: [], formAction: [], img: [], styleHashes: [], frameSelf: options.frameSelf, noFraming: true });
    reply
      .header('content-security-policy', csp)
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  }

  private templateData(request: BackOfficeRequest, reply: FastifyReply, title: string, session: BackOfficeSession | undefined): BackOfficeTemplateData {
    let token: string | undefined;
    const path = (request.url ?? '').split('?')[0];
    return {
      t: this.t,
      href: (p) => this.href(p),
      csrfField: () => {
        token ??= this.csrf.token(request, reply);
        return `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(token)}">`;
      },
      layout: BACK_OFFICE_TEMPLATES.layout,
      templates: BACK_OFFICE_TEMPLATES,
      time: (ms) => (typeof ms === 'number' ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : ''),
      page: {
        title,
        cssHref: this.assets.cssHref(this.config.server.basePath),
        flash: this.flash.take(request, reply),
        ...this.chrome(session, request, path),
        signOutAction: this.href('/back-office/logout'),
      },
    };
  }

  /** Navigation, person and broker selector of a signed-in page (empty on the sign-in pages). */
  private chrome(session: BackOfficeSession | undefined, request: BackOfficeRequest, path: string) {
    if (!session) return { person: null, nav: [], broker: null, brokers: [] };
    const visible = session.visibleBrokers;
    const asked = typeof request.query?.broker === 'string' ? request.query.broker : undefined;
    const current = session.broker ?? visible.find((b) => b.brokerName === asked) ?? visible[0];
    const grants = staffPrincipal(session.view.member).grants;
    const nav = [{ label: this.t('backOffice.nav.dashboard'), href: this.href('/back-office'), active: path === this.href('/back-office') }];
    for (const entry of this.nav.all()) {
      const scoped = entry.href.includes(':brokerName');
      if (scoped && !current) continue;
      if (scoped && entry.module && !current.modules.has(entry.module)) continue;
      const brokers = brokersWith(grants, entry.permission ?? 'read');
      const holder = { ...session.principal, brokers };
      if (scoped ? !mayAdminister(holder, current.brokerName) : brokers !== '*' && brokers.length === 0) continue;
      const href = this.href(scoped ? brokerHref(entry.href, current.brokerName) : entry.href);
      nav.push({ label: this.t(entry.labelKey), href, active: path === href || path.startsWith(`${href}/`) });
    }
    const brokerPrefix = this.href('/back-office/brokers/');
    const brokers =
      visible.length > 1
        ? visible.map((b) => ({
            name: b.brokerName,
            current: b.brokerName === current?.brokerName,
            // On a broker's page: the same page of the other broker; elsewhere: this page with ?broker=.
            href: session.broker
              ? path.replace(`${brokerPrefix}${encodeURIComponent(session.broker.brokerName)}`, `${brokerPrefix}${encodeURIComponent(b.brokerName)}`)
              : `${path}?broker=${encodeURIComponent(b.brokerName)}`,
          }))
        : [];
    return { person: { name: session.view.member.displayName, email: session.view.member.email }, nav, broker: current?.brokerName ?? null, brokers };
  }
}
