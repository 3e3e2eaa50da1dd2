import { RibbonScheduleSweep } from './ribbon-schedule-sweep.service';

type Sweep = ConstructorParameters<typeof RibbonScheduleSweep>;

/** The sweep loop re-reads the configured brokers at every tick: a reload needs no restart (issue #18 follow-up). */
describe('RibbonScheduleSweep timer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_800_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  function sweepWith(brokers: Array<{ brokerName: string; config: { ribbons: { sweepIntervalSeconds: number } } }>) {
    const enqueued: Array<{ brokerName: string; idempotencyKey: string }> = [];
    const sync = { ribbonBrokers: () => brokers };
    const queue = {
      enqueue: (_m: unknown, job: { brokerName: string; idempotencyKey: string }) => (enqueued.push(job), Promise.resolve({ job: { id: 'j' } })),
    };
    const unitOfWork = { run: <T>(work: (m: unknown) => Promise<T>) => work({}) };
    const clock = { now: () => jest.now() }; // the fake timers' time
    const sweep = new RibbonScheduleSweep(...([null, null, sync, clock, queue, unitOfWork, { register: () => undefined }] as unknown as Sweep));
    return { sweep, enqueued };
  }

  it('a ribbon broker added after boot is swept without a restart; a changed interval applies from the next tick', async () => {
    const brokers: Array<{ brokerName: string; config: { ribbons: { sweepIntervalSeconds: number } } }> = [];
    const { sweep, enqueued } = sweepWith(brokers);
    sweep.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(enqueued).toEqual([]);

    brokers.push({ brokerName: 'added_by_reload', config: { ribbons: { sweepIntervalSeconds: 10 } } });
    await jest.advanceTimersByTimeAsync(60_000); // the idle loop notices it at its next look
    const afterAdd = enqueued.length;
    expect(afterAdd).toBeGreaterThanOrEqual(1);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(enqueued.length - afterAdd).toBe(3); // every 10 s

    brokers[0].config.ribbons.sweepIntervalSeconds = 30;
    await jest.advanceTimersByTimeAsync(10_000); // the tick already scheduled at 10 s
    const afterChange = enqueued.length;
    await jest.advanceTimersByTimeAsync(90_000);
    expect(enqueued.length - afterChange).toBe(3); // every 30 s now
    expect(new Set(enqueued.map((j) => j.brokerName))).toEqual(new Set(['added_by_reload']));

    sweep.beforeApplicationShutdown();
    const atStop = enqueued.length;
    await jest.advanceTimersByTimeAsync(300_000);
    expect(enqueued.length).toBe(atStop);
  });
});
