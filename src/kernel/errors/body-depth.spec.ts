import { exceedsDepth } from './body-depth';

describe('exceedsDepth', () => {
  const nest = (d: number): unknown => (d === 0 ? 1 : [nest(d - 1)]);
  it('accepts flat and moderately nested bodies', () => {
    expect(exceedsDepth({ a: 1, b: [1, 2, { c: 'x' }] })).toBe(false);
    expect(exceedsDepth(nest(32))).toBe(false);
    expect(exceedsDepth(null)).toBe(false);
    expect(exceedsDepth('text')).toBe(false);
  });
  it('refuses deep nesting without overflowing the stack itself', () => {
    expect(exceedsDepth(nest(34))).toBe(true);
    expect(exceedsDepth(JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)))).toBe(true);
  });
});
