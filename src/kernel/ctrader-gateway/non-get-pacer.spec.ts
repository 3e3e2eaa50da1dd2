import { NonGetPacer } from './non-get-pacer';

const backoff = { baseMs: 1000, maxMs: 8000 };

describe('NonGetPacer', () => {
  it('lets a one-second burst through, then spaces callers at the configured rate in FIFO order', () => {
    const pacer = new NonGetPacer(10, backoff, () => 0);
    const waits = Array.from({ length: 13 }, () => pacer.reserve(0));
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits.slice(10)).toEqual([100, 200, 300]);
  });

  it('refills with time, never above one second of tokens', () => {
    const pacer = new NonGetPacer(5, backoff, () => 0);
    for (let i = 0; i < 5; i++) pacer.reserve(0);
    expect(pacer.reserve(0)).toBe(200);
    const later = Array.from({ length: 6 }, () => pacer.reserve(10000));
    expect(later).toEqual([0, 0, 0, 0, 0, 200]);
  });

  it('a pause stops everyone, then resumes paced from an empty bucket; a shorter pause never shortens it', () => {
    const pacer = new NonGetPacer(10, backoff, () => 0);
    pacer.reserve(0);
    pacer.pause(1000, 0);
    expect(pacer.reserve(0)).toBe(1100);
    expect(pacer.reserve(0)).toBe(1200);
    expect(pacer.reserve(500)).toBe(800);
    pacer.pause(10, 500);
    expect(pacer.reserve(500)).toBe(900);
  });

  it('REQUEST_FREQUENCY_EXCEEDED: one storm halves the rate once, backs off harder on repeated storms, recovers on success', () => {
    const pacer = new NonGetPacer(
      100,
      backoff,
      () => 0,
      () => 0,
    );
    const ticket = 0;
    expect(pacer.onRateLimited(ticket, undefined, 0)).toBe(500); // first strike: half of base, no jitter
    // Further refusals of requests let through before that pause belong to the same storm.
    expect(pacer.onRateLimited(ticket, undefined, 0)).toBe(0);
    expect(pacer.currentRate).toBe(50);
    expect(pacer.onRateLimited(1, undefined, 600)).toBe(1000); // second consecutive strike
    expect(pacer.currentRate).toBe(25);
    expect(pacer.onRateLimited(2, 3000, 2000)).toBe(3000); // Retry-After wins
    pacer.onAccepted();
    expect(pacer.currentRate).toBeCloseTo(14.5);
    for (let i = 0; i < 100; i++) pacer.onAccepted();
    expect(pacer.currentRate).toBe(100);
  });

  it('acquire() waits out a pause imposed while the caller was already waiting', async () => {
    let now = 0;
    const pacer = new NonGetPacer(1, backoff, () => now);
    await pacer.acquire();
    jest.useFakeTimers();
    try {
      let done = false;
      const waiting = pacer.acquire().then(() => (done = true));
      pacer.pause(5000, 0);
      now = 1000;
      await jest.advanceTimersByTimeAsync(1000);
      expect(done).toBe(false);
      now = 6000;
      await jest.advanceTimersByTimeAsync(5000);
      now = 7000;
      await jest.advanceTimersByTimeAsync(1000);
      await waiting;
      expect(done).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
