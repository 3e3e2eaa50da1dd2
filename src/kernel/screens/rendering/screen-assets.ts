import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';

/** Where templates are looked up, as paths relative to the views root (the `src` tree). */
export const SCREEN_TEMPLATES = {
  layout: '/kernel/screens/templates/layout',
  message: '/kernel/screens/templates/message',
  field: '/kernel/screens/templates/partials/field',
  checkbox: '/kernel/screens/templates/partials/checkbox',
  select: '/kernel/screens/templates/partials/select',
  alert: '/kernel/screens/templates/partials/alert',
} as const;

const MARKER = join('kernel', 'screens', 'templates', 'layout.eta');

/**
 * Finds the views root — the directory holding `kernel/`, `modules/`… — so every module can keep its templates
 * beside its code (`modules/full-sso/templates/login.eta`). Under ts/jest that is `src/`; from `dist/src/` it is
 * the copied assets if the build copied them, else the source tree next to dist (tsc does not copy .eta/.css).
 */
export function locateViewsRoot(from = __dirname): string {
  const compiledOrSource = resolve(from, '..', '..', '..');
  if (existsSync(join(compiledOrSource, MARKER))) return compiledOrSource;
  const sourceTree = resolve(compiledOrSource, '..', '..', 'src');
  if (existsSync(join(sourceTree, MARKER))) return sourceTree;
  throw new Error(`screen templates not found under ${compiledOrSource} or ${sourceTree}`);
}

/** The screens' stylesheet, loaded once; its content hash versions the URL so browsers may cache it for a year. */
@Injectable()
export class ScreenAssets {
  readonly viewsRoot = locateViewsRoot();
  readonly css: Buffer = readFileSync(join(this.viewsRoot, 'kernel', 'screens', 'assets', 'screens.css'));
  readonly cssVersion = createHash('sha256').update(this.css).digest('hex').slice(0, 16);
  readonly cssEtag = `"${this.cssVersion}"`;

  cssHref(basePath: string): string {
    return `${basePath}/assets/screens.css?v=${this.cssVersion}`;
  }
}
