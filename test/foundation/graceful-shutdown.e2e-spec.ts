import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import { DataSource, EntityManager } from 'typeorm';
import { shutDownGracefully } from '../../src/bootstrap/graceful-shutdown';
import { JobHandlerRegistry, JobQueue, JobWorker } from '../../src/kernel/jobs';
import { startProcessSimulator, startServerProcess, writeProcessConfig } from '../support/server-process';
import { startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { freshDatabase } from '../support/test-database';

/**
 * Shutdown (issue #18): it says what it waits for, waits for it, and gives up at the configured drain time.
 * Every step is awaited on an event — the handler started, a log line written, the deadline resolved by the test
 * — never on a timer.
 */
describe('graceful shutdown', () => {
  const KIND = 'test.shutdown.slow';

  /** A job of KIND that runs until the test lets it finish. */
  async function appWithRunningJob(): Promise<{ t: TestApp; finish: () => void }> {
    // nestjs-pino keeps the first app's logger for lines written outside a request, process-wide: each app of
    // this file must get its own, or the second app's shutdown lines land in the first one's (closed) log.
    __resetOutOfContextForTests();
    const t = await startTestApp(testConfig());
    let finish!: () => void;
    const released = new Promise<void>((resolve) => (finish = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    t.app.get(JobHandlerRegistry).register({
      kind: KIND,
      handle: async () => {
        started();
        await released;
        return { done: true };
      },
    });
    const queue = t.app.get(JobQueue);
    const { job } = await t.app
      .get(DataSource)
      .transaction((m: EntityManager) => queue.enqueue(m, { brokerName: 'broker_a', kind: KIND, payload: {}, idempotencyKey: 'slow-1' }));
    void t.app.get(JobWorker).runNow([job.id]);
    await running;
    return { t, finish };
  }

  /** Resolves with the first log line (parsed) that satisfies `match`: one already written, or the next one. */
  function logLine(t: TestApp, match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const check = (text: string) => {
        const line = JSON.parse(text) as Record<string, unknown>;
        if (match(line)) resolve(line);
      };
      t.logs.forEach(check);
      const push = t.logs.push.bind(t.logs);
      t.logs.push = (...lines: string[]) => {
        const n = push(...lines);
        lines.forEach(check);
        return n;
      };
    });
  }

  it('logs the running job it waits for, waits for it, and reports a clean drain', async () => {
    const { t, finish } = await appWithRunningJob();
    const shutdown = shutDownGracefully(t.app, { timeoutMs: 60_000 });
    const announced = await logLine(t, (l) => typeof l.msg === 'string' && l.msg.startsWith('shutting down:'));
    expect(announced).toMatchObject({ level: 30, context: 'Shutdown', inFlightRequests: 0, runningJobs: 1, jobKinds: [KIND], timeoutMs: 60_000 });
    expect(announced.msg).toBe(`shutting down: waiting for 0 in-flight request(s) and 1 running job(s) (${KIND}), for up to 60000 ms`);
    // The worker has stopped claiming and names the job it waits for.
    const worker = await logLine(t, (l) => typeof l.msg === 'string' && l.msg.startsWith('stopped claiming jobs'));
    expect(worker.jobs).toEqual([{ id: expect.any(String), kind: KIND }]);

    finish();
    await expect(shutdown).resolves.toBe('drained');
    expect(await logLine(t, (l) => l.msg === 'running jobs finished')).toMatchObject({ context: 'JobWorker' });
    expect(await logLine(t, (l) => l.context === 'Shutdown' && l.level === 30 && l.msg !== announced.msg)).toMatchObject({
      msg: 'shut down: every request answered, every running job finished',
    });
  });

  it('gives up at the configured drain time, saying what is still running', async () => {
    const { t, finish } = await appWithRunningJob();
    let timeUp!: () => void;
    const deadline = new Promise<void>((resolve) => (timeUp = resolve));
    const requested: number[] = [];
    const shutdown = shutDownGracefully(t.app, {
      timeoutMs: 1234,
      deadline: (ms) => {
        requested.push(ms);
        return deadline;
      },
    });
    await logLine(t, (l) => typeof l.msg === 'string' && l.msg.startsWith('stopped claiming jobs'));
    timeUp();
    await expect(shutdown).resolves.toBe('timedOut');
    expect(requested).toEqual([1234]);
    const gaveUp = await logLine(t, (l) => l.context === 'Shutdown' && l.level === 40);
    expect(gaveUp).toMatchObject({ runningJobs: 1, jobKinds: [KIND] });
    expect(gaveUp.msg).toBe('shutdown timed out after 1234 ms with 0 request(s) and 1 job(s) still running; exiting anyway');
    // Let the rest of the close finish, so the suite leaves no open database behind.
    finish();
    await logLine(t, (l) => l.msg === 'running jobs finished');
  });

  it('npm start (the server process) drains on SIGTERM, logs it and exits 0', async () => {
    const sim = await startProcessSimulator();
    const db = freshDatabase();
    const server = await startServerProcess(
      writeProcessConfig({
        simulatorUrl: sim.url,
        databaseUrl: db.url,
        databaseSchema: db.schema,
        raw: { server: { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1', shutdownTimeoutMs: 5000 } },
      }),
    );
    try {
      const exit = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      await server.stop();
      expect(await exit).toBe(0);
      const lines = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.context === 'Shutdown');
      expect(lines.map((l) => l.msg)).toEqual([
        'shutting down: waiting for 0 in-flight request(s) and 0 running job(s), for up to 5000 ms',
        'shut down: every request answered, every running job finished',
      ]);
    } finally {
      await sim.close();
    }
  });
});
