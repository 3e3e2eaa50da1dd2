import { resolveLocalizedText } from '../../../config/localized-text';
import { ModuleKey } from '../../../config/module-key';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { SCREEN_LANGUAGES } from '../i18n/screen-languages';
import type { CarryValue, ScreenContext } from '../screen-context';
import { CSRF_FIELD, ScreenCsrf } from '../security/screen-csrf.service';
import { ScreenCspExtras, ScreenSecurityHeaders } from '../security/screen-security-headers';
import { SCREEN_TEMPLATES, ScreenAssets } from './screen-assets';
import { ScreenBrandStyle } from './screen-brand-style';
import { Clock } from '../../clock';

export interface ScreenRenderOptions {
  /** HTTP status (default 200; a form re-rendered with validation errors is typically 422 or 400). */
  status?: number;
  /** In-app screens (spec §2.1): show the X control that leads to the broker's close URL. */
  closable?: boolean;
  /** A Back control to this app-relative URL (build it with ctx.carry). */
  backHref?: string;
  /** Additions to the broker's CSP for this page. */
  csp?: ScreenCspExtras;
}

/** The names every template sees besides its model (they win over model keys of the same name). */
export interface ScreenTemplateData {
  t: ScreenContext['t'];
  screen: Pick<ScreenContext, 'lang' | 'dir' | 'theme' | 'source' | 'firstLogin'>;
  brand: { name: string; initial: string; logoUrl?: string; legalEntity: string; jurisdiction: string };
  carry: (path: string, extra?: Record<string, CarryValue>) => string;
  self: (extra?: Record<string, CarryValue>) => string;
  /** `<%~ it.csrfField() %>` inside every form: the hidden token field (sets the CSRF cookie on first use). */
  csrfField: () => string;
  layout: string;
  templates: typeof SCREEN_TEMPLATES;
  languages: Array<{ code: string; name: string }>;
  page: { cssHref: string; brandCss: string; closeHref?: string; backHref?: string; year: number };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * Renders a screen: Eta template (autoescaping on) inside the shared layout, with the broker's branding, the
 * resolved language and theme, the CSRF helper and the security headers. Templates live beside their module's
 * code under src/ and are named from there: `modules/full-sso/templates/login`.
 */
@Injectable()
export class ScreenRenderer {
  private readonly eta: Eta;

  constructor(
    private readonly config: AppConfig,
    private readonly assets: ScreenAssets,
    private readonly brandStyle: ScreenBrandStyle,
    private readonly headers: ScreenSecurityHeaders,
    private readonly csrf: ScreenCsrf,
    private readonly clock: Clock,
  ) {
    this.eta = new Eta({
      views: assets.viewsRoot,
      autoEscape: true,
      // Compiled templates are kept (recompiling cost ~3 % of a login page, issue #11); screens.reloadTemplates
      // (SCREENS_RELOAD=1) shows an edited template on reload while developing.
      cache: !config.screens.reloadTemplates,
      cacheFilepaths: true,
    });
  }

  /** Registers a template from a string under a name starting with `@` (tests, tiny generated pages). */
  defineTemplate(name: `@${string}`, source: string): void {
    this.eta.loadTemplate(name, source);
  }

  render(reply: FastifyReply, template: string, model: Record<string, unknown>, ctx: ScreenContext, options: ScreenRenderOptions = {}): FastifyReply {
    const html = this.eta.render(template, { ...model, ...this.templateData(reply, ctx, options) });
    this.headers.apply(reply, ctx.broker, options.csp);
    return reply
      .status(options.status ?? 200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-language', ctx.lang)
      .send(html);
  }

  /**
   * Where "Close" leads (spec §2.1): the broker's close URL, else its success URL, else our success page —
   * all without a token; the app recognises the success URL and closes the browser.
   */
  closeHref(ctx: ScreenContext): string | undefined {
    const b = ctx.broker?.config;
    if (!b) return undefined;
    // Without Full SSO (Light identity) `/callback/success` is not this broker's: the kernel's /inapp/done is.
    return b.closeUrl ?? b.successUrl ?? ctx.carry(ctx.broker?.modules.has(ModuleKey.FullSso) ? '/callback/success' : '/inapp/done');
  }

  private templateData(reply: FastifyReply, ctx: ScreenContext, options: ScreenRenderOptions): ScreenTemplateData {
    const branding = ctx.broker?.config.branding;
    let token: string | undefined;
    return {
      t: ctx.t,
      screen: { lang: ctx.lang, dir: ctx.dir, theme: ctx.theme, source: ctx.source, firstLogin: ctx.firstLogin },
      brand: {
        name: branding?.name ?? '',
        initial: (branding?.name ?? '').trim().charAt(0).toUpperCase(),
        logoUrl: branding?.logoUrl,
        legalEntity: resolveLocalizedText(branding?.legalEntity, ctx.lang, branding?.defaultLanguage),
        jurisdiction: resolveLocalizedText(branding?.jurisdiction, ctx.lang, branding?.defaultLanguage),
      },
      carry: (path, extra) => ctx.carry(path, extra),
      self: (extra) => ctx.self(extra),
      csrfField: () => {
        token ??= this.csrf.token(reply.request, reply);
        return `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(token)}">`;
      },
      layout: SCREEN_TEMPLATES.layout,
      templates: SCREEN_TEMPLATES,
      languages: Object.entries(SCREEN_LANGUAGES).map(([code, l]) => ({ code, name: l.nativeName })),
      page: {
        cssHref: this.assets.cssHref(this.config.server.basePath),
        brandCss: this.brandStyle.for(ctx.broker).css,
        closeHref: options.closable ? this.closeHref(ctx) : undefined,
        backHref: options.backHref,
        year: new Date(this.clock.now()).getUTCFullYear(),
      },
    };
  }
}
