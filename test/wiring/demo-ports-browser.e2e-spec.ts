import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';

const ROOT = join(__dirname, '..', '..');
const PORT = 4400;
const SIMULATOR_PORT = 4401;
const ADMIN_KEY = 'demo-ports-admin-key-0123456789abcdef';

/**
 * Issue #18: the demo (`npm start` with the embedded defaults) on other ports. Every URL of config/default.yaml is
 * derived from PORT and SIMULATOR_PORT, so Embedded cTrader Web still works end to end: the simulator's cTrader Web
 * page, framed by the client area, exchanges its token with the server on PORT. /health/ready means "seeded".
 */
describe('the demo with PORT=4400 SIMULATOR_PORT=4401 (browser)', () => {
  let server: ChildProcess;
  let browser: Browser;
  let output = '';
  const base = `http://localhost:${PORT}`;

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), SIMULATOR_PORT: String(SIMULATOR_PORT), DEMO_ADMIN_KEY: ADMIN_KEY };
    // The demo's own defaults: SQLite in a fresh data directory, config/default.yaml.
    delete env.DATABASE_URL;
    delete env.DATABASE_SCHEMA;
    delete env.CONFIG_FILE;
    delete env.BASE_URL;
    env.DATA_DIR = mkdtempSync(join(tmpdir(), 'demo-ports-'));
    server = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    // Ready only once the demo trader exists (the seed runs after listen).
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the demo exited with ${server.exitCode}:\n${output}`);
      const ready = await fetch(`${base}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(output).toContain('demo trader trader@example.com ready for demo_broker');
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('no URL in the running config points at 3000 or 3100; the seeded trader opens Embedded cTrader Web from the client area', async () => {
    const config = await fetch(`${base}/admin/config`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(config.status).toBe(200);
    const text = await config.text();
    expect(text).not.toMatch(/localhost:(3000|3100)\b/);
    expect(text).toContain(`http://localhost:${SIMULATOR_PORT}/ctrader-web`);
    expect(text).toContain(`http://localhost:${PORT}/client/partner?brokerName=demo_broker`);
    // Both brokers' screens may be framed by the client area and the app simulator page on the new ports.
    for (const screen of ['/auth/login?brokerName=demo_broker', '/inapp/deposit?brokerName=demo_light']) {
      const csp = (await fetch(`${base}${screen}`)).headers.get('content-security-policy');
      expect([screen, csp]).toEqual([screen, expect.stringContaining(`frame-ancestors 'self' http://localhost:${PORT} http://localhost:${SIMULATOR_PORT}`)]);
    }

    const page = await openPage(browser);
    await page.goto(`${base}/client/login?brokerName=demo_broker`);
    await page.fill('#email', 'trader@example.com');
    await page.fill('#password', 'Trader-pass-1');
    await page.click('button[type=submit]');
    await page.waitForSelector('#welcome');
    await page.click('#ctrader-web-here');
    const frame = (await (await page.waitForSelector('#ctrader-web-frame')).contentFrame())!;
    await frame.waitForSelector('#ctweb-status');
    expect(frame.url().startsWith(`http://localhost:${SIMULATOR_PORT}/ctrader-web`)).toBe(true);
    expect(await frame.getAttribute('#ctweb-status', 'data-status')).toBe('authorised');
    await page.context().close();
  });
});
