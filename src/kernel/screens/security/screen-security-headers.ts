import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { BrokerContext } from '../../broker-identification/broker-context';
import { ScreenBrandStyle } from '../rendering/screen-brand-style';
import { buildContentSecurityPolicy, ScreenCspSources } from './content-security-policy';

/** What a page may add to the broker's policy (e.g. the embedded cTrader Web page frames ctraderWebUrl). */
export type ScreenCspExtras = Partial<Pick<ScreenCspSources, 'frame' | 'formAction' | 'img' | 'scripts'>>;

/**
 * The headers of every screen response — pages, error pages and redirects alike:
 * - Content-Security-Policy per broker (frame-ancestors from config, never `*`);
 * - Referrer-Policy: no-referrer — in-app screen URLs carry a token, which must not leak to any other site;
 * - Cache-Control: no-store — pages hold CSRF tokens and personal data, and token URLs must not be cached;
 * - X-Content-Type-Options: nosniff;
 * - no X-Frame-Options: helmet's SAMEORIGIN would forbid the cTrader frame that CSP frame-ancestors allows.
 */
@Injectable()
export class ScreenSecurityHeaders {
  constructor(private readonly brandStyle: ScreenBrandStyle) {}

  apply(reply: FastifyReply, broker: BrokerContext | undefined, extras: ScreenCspExtras = {}): void {
    const b = broker?.config;
    const csp = buildContentSecurityPolicy({
      frameAncestors: b?.frameAncestors ?? [],
      formAction: [b?.successUrl, ...(extras.formAction ?? [])].filter((v): v is string => !!v),
      img: [b?.branding.logoUrl, ...(extras.img ?? [])].filter((v): v is string => !!v),
      frame: extras.frame ?? [],
      styleHashes: [this.brandStyle.for(broker).hash],
      scripts: extras.scripts,
    });
    reply
      .header('content-security-policy', csp)
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()')
      .removeHeader('x-frame-options');
    // helmet writes straight to the raw response in its onRequest hook.
    reply.raw.removeHeader('x-frame-options');
  }
}
