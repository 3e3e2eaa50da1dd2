import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { brandPalette, contrastRatio, DARK_SURFACE, LIGHT_SURFACE } from './brand-palette';

describe('brandPalette', () => {
  it('keeps a readable brand colour and picks the readable text colour', () => {
    expect(brandPalette('#0b5fff')).toMatchObject({ primary: '#0b5fff', onPrimary: '#ffffff' });
    expect(brandPalette('#ffd400').onPrimary).toBe('#000000');
  });

  it('every configured colour yields ≥ 4.5:1 text in both themes (property)', () => {
    const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);
    fc.assert(
      fc.property(hex, (c) => {
        const p = brandPalette(c);
        expect(contrastRatio(p.primary, p.onPrimary)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(p.accentLight, LIGHT_SURFACE)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(p.accentDark, DARK_SURFACE)).toBeGreaterThanOrEqual(4.5);
      }),
    );
  });
});

describe('screens.css theme colours', () => {
  const css = readFileSync(join(__dirname, '..', 'assets', 'screens.css'), 'utf8');
  const vars = (selector: string) => {
    const block = css.slice(css.indexOf(`${selector} {`)).split('}')[0];
    return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
  };
  const light = vars(':root');
  const dark = { ...light, ...vars("[data-theme='dark']") };

  it.each([
    ['light', light],
    ['dark', dark],
  ])('%s theme: text ≥ 4.5:1 on every background it is used on', (_name, v) => {
    const pairs: Array<[string, string]> = [
      ['text', 'surface'],
      ['text', 'bg'],
      ['muted', 'surface'],
      ['muted', 'bg'],
      ['danger', 'surface'],
      ['text', 'danger-bg'],
      ['text', 'success-bg'],
      ['text', 'info-bg'],
      ['success', 'success-bg'],
      ['danger', 'danger-bg'],
      ['info', 'info-bg'],
    ];
    for (const [fg, bg] of pairs) expect([fg, bg, contrastRatio(v[fg], v[bg]) >= 4.5]).toEqual([fg, bg, true]);
    // Input borders are UI components: WCAG 1.4.11 asks 3:1.
    expect(contrastRatio(v.border, v.surface)).toBeGreaterThanOrEqual(3);
  });

  it('the dark surface in brand-palette.ts matches the stylesheet', () => {
    expect(dark.surface.toLowerCase()).toBe(DARK_SURFACE);
    expect(light.surface.toLowerCase()).toBe(LIGHT_SURFACE);
  });
});
