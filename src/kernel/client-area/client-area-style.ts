import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ScreenAssets } from '../screens/rendering/screen-assets';

/**
 * The client area's own stylesheet (wider pages, account cards, the cTrader Web frame), added to the shared
 * layout by a <link> in the page body: same origin (CSP style-src 'self'), versioned by content hash. The
 * kernel's screens.css stays the base, so branding and themes are the same as every other screen.
 */
@Injectable()
export class ClientAreaStyle {
  readonly css: Buffer;
  readonly version: string;
  readonly etag: string;

  constructor(assets: ScreenAssets) {
    this.css = readFileSync(join(assets.viewsRoot, 'kernel', 'client-area', 'assets', 'client-area.css'));
    this.version = createHash('sha256').update(this.css).digest('hex').slice(0, 16);
    this.etag = `"${this.version}"`;
  }

  href(basePath: string): string {
    return `${basePath}/client/assets/client-area.css?v=${this.version}`;
  }
}
