/**
 * The Content-Security-Policy of a screen (spec §2.1, issue 12): only our own resources, framing limited to the
 * broker's configured origins, forms posting only to us and to the broker's success URL.
 */
export interface ScreenCspSources {
  /** broker.frameAncestors: cTrader app origins and the broker's client area. */
  frameAncestors: readonly string[];
  /** Besides 'self': where a form may post or a POST may redirect to (Chrome applies form-action to redirects). */
  formAction: readonly string[];
  /** Besides 'self' and data: (the broker's logo origin). */
  img: readonly string[];
  /** Pages that embed another site (embedded cTrader Web). */
  frame?: readonly string[];
  /** `sha256-…` hashes of the inline <style> elements a page carries (the broker's colours). */
  styleHashes: readonly string[];
  /** A page that ships a script of ours (served from our origin) sets this; the default runs no script at all. */
  scripts?: boolean;
  /** A page that frames a document of our own origin (the back office's sandboxed KYC viewer): frame-src 'self'. */
  frameSelf?: boolean;
  /** Pages nobody may frame, not even our own (the back office): frame-ancestors 'none'. */
  noFraming?: boolean;
}

/**
 * An http(s) URL reduced to its origin, or undefined for anything else — `*`, wildcards, `data:`, quotes,
 * separators that could inject a directive. Never emitting `*` is the point (frame-ancestors * would let any
 * site frame a login form).
 */
export function cspOrigin(value: string | undefined): string | undefined {
  if (!value || /[*;,'"\s]/.test(value)) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function origins(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.map(cspOrigin).filter((v): v is string => v !== undefined))];
}

const HASH = /^sha256-[A-Za-z0-9+/]{43}=$/;

export function buildContentSecurityPolicy(src: ScreenCspSources): string {
  const ancestors = origins(src.frameAncestors);
  const frames = origins(src.frame ?? []);
  const hashes = src.styleHashes.filter((h) => HASH.test(h)).map((h) => `'${h}'`);
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    // Screens run no script by default: nothing to inject into, nothing for a third party to load.
    ['script-src', [src.scripts ? "'self'" : "'none'"]],
    ['style-src', ["'self'", ...hashes]],
    ['img-src', ["'self'", 'data:', ...origins(src.img)]],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['frame-src', src.frameSelf ? ["'self'", ...frames] : frames.length ? frames : ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'", ...origins(src.formAction)]],
    // 'self' lets our own client area embed a screen; everything else must be configured per broker.
    ['frame-ancestors', src.noFraming ? ["'none'"] : ["'self'", ...ancestors]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
