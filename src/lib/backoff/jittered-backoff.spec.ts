import { jitteredBackoffMs } from './jittered-backoff';

describe('jitteredBackoffMs', () => {
  const policy = { baseMs: 100, maxMs: 1000 };

  it('grows exponentially with the retry number, half fixed and half random', () => {
    expect(jitteredBackoffMs(1, policy, () => 0)).toBe(50);
    expect(jitteredBackoffMs(1, policy, () => 1)).toBe(100);
    expect(jitteredBackoffMs(2, policy, () => 0)).toBe(100);
    expect(jitteredBackoffMs(3, policy, () => 0.5)).toBe(300);
  });

  it('never exceeds maxMs and never goes below half of the step', () => {
    for (let retry = 1; retry < 2000; retry += 37) {
      const d = jitteredBackoffMs(retry, policy);
      expect(d).toBeLessThanOrEqual(1000);
      expect(d).toBeGreaterThanOrEqual(Math.min(1000, 100 * 2 ** (retry - 1)) / 2);
    }
  });

  it('treats a nonsense retry number as the first retry and clamps a bad random source', () => {
    expect(jitteredBackoffMs(0, policy, () => 0)).toBe(50);
    expect(jitteredBackoffMs(-3, policy, () => 7)).toBe(100);
  });
});
