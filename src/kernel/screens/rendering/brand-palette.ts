/**
 * The broker's primary colour turned into the few colours a screen uses, each checked against WCAG 2.x
 * contrast (≥ 4.5:1 for text) in both themes — a broker may configure any colour, and a pale yellow must not
 * make the "Log in" button unreadable.
 */
export interface BrandPalette {
  /** Button background: the configured colour, darkened only if neither black nor white text reads on it. */
  primary: string;
  /** Text on `primary`: black or white, whichever contrasts more. */
  onPrimary: string;
  /** Links and accents on the light surface (#ffffff): the brand colour darkened until ≥ 4.5:1. */
  accentLight: string;
  /** Links and accents on the dark surface: the brand colour lightened until ≥ 4.5:1. */
  accentDark: string;
}

/** Surfaces of the two themes (kept in sync with screens.css). */
export const LIGHT_SURFACE = '#ffffff';
export const DARK_SURFACE = '#1a1f27';
const MIN_TEXT_CONTRAST = 4.5;

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function mix(hex: string, towards: string, amount: number): string {
  const a = parseHex(hex);
  const b = parseHex(towards);
  return toHex([0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * amount) as Rgb);
}

/** The brand colour moved towards `towards` in small steps until it reads on `surface`. */
function readableOn(hex: string, surface: string, towards: string): string {
  for (let step = 0; step <= 20; step++) {
    const candidate = mix(hex, towards, step / 20);
    if (contrastRatio(candidate, surface) >= MIN_TEXT_CONTRAST) return candidate;
  }
  return towards;
}

export function brandPalette(primary: string): BrandPalette {
  const p = toHex(parseHex(primary));
  const onPrimary = contrastRatio(p, '#ffffff') >= contrastRatio(p, '#000000') ? '#ffffff' : '#000000';
  const readable = contrastRatio(p, onPrimary) >= MIN_TEXT_CONTRAST;
  return {
    // Mid-tones (e.g. #808080) reach 4.5:1 with neither; darken the button and write in white.
    primary: readable ? p : readableOn(p, '#ffffff', '#000000'),
    onPrimary: readable ? onPrimary : '#ffffff',
    accentLight: readableOn(p, LIGHT_SURFACE, '#000000'),
    accentDark: readableOn(p, DARK_SURFACE, '#ffffff'),
  };
}
