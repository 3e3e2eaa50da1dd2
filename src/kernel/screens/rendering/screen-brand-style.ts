import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { BrokerContext } from '../../broker-identification/broker-context';
import { brandPalette } from './brand-palette';

export interface BrandStyle {
  /** The body of the page's one inline <style>. */
  css: string;
  /** Its CSP hash source (`sha256-…`), so style-src needs no 'unsafe-inline'. */
  hash: string;
}

const NEUTRAL = '#3d4a5c';

/**
 * The broker's colours as CSS variables, in an inline <style> allowed by its hash. Computed once per colour, so a
 * config reload that changes a broker's colour gets its own entry.
 */
@Injectable()
export class ScreenBrandStyle {
  private readonly cache = new Map<string, BrandStyle>();

  for(broker: BrokerContext | undefined): BrandStyle {
    const colour = broker?.config.branding.primaryColor ?? NEUTRAL;
    let style = this.cache.get(colour);
    if (!style) {
      const p = brandPalette(colour);
      const css = `:root{--brand:${p.primary};--on-brand:${p.onPrimary};--accent-light:${p.accentLight};--accent-dark:${p.accentDark}}`;
      style = { css, hash: `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}` };
      this.cache.set(colour, style);
    }
    return style;
  }
}
