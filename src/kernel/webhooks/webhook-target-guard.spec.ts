import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { isPublicAddress, WebhookTargetGuard } from './webhook-target-guard';
import { WebhookSender } from './webhook-sender';

/**
 * The SSRF guard in production mode (allowPrivateTargets off), against a real local receiver: every refused target
 * must leave the receiver untouched, whatever the URL says or the name resolves to.
 */
describe('webhook SSRF guard (production mode)', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end('redirect');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const production = new WebhookSender(new WebhookTargetGuard(false), { timeoutMs: 2000, snippetBytes: 64 });
  afterAll(() => production.close());

  it.each([
    ['http', () => `http://example.com:${port}/hooks`, /only https/],
    ['127.0.0.1', () => `https://127.0.0.1:${port}/hooks`, /127\.0\.0\.1 is not public/],
    ['10.x', () => 'https://10.1.2.3/hooks', /10\.1\.2\.3 is not public/],
    ['169.254.x (cloud metadata)', () => 'https://169.254.169.254/latest/meta-data', /169\.254\.169\.254 is not public/],
    ['::1', () => `https://[::1]:${port}/hooks`, /::1 is not public/],
    ['IPv4-mapped loopback', () => `https://[::ffff:127.0.0.1]:${port}/hooks`, /not public/],
    ['credentials in the URL', () => 'https://user:pw@example.com/hooks', /credentials/],
  ])('refuses %s before sending anything', async (_name, url, reason) => {
    const outcome = await production.send(url(), { 'webhook-id': 'msg_1' }, '{}');
    expect(outcome.status).toBeNull();
    expect(outcome.error).toMatch(/^TARGET_REFUSED/);
    expect(outcome.error).toMatch(reason);
    expect(hits).toBe(0);
  });

  it('refuses a hostname that resolves to loopback (checked on the address the socket connects to)', async () => {
    // `localhost` resolves (hosts file) to 127.0.0.1 / ::1; https so only the resolution can refuse it.
    const outcome = await production.send(`https://localhost:${port}/hooks`, {}, '{}');
    expect(outcome.error).toMatch(/TARGET_REFUSED: localhost resolves to (127\.0\.0\.1|::1), which is not public/);
    expect(hits).toBe(0);
  });

  it('refuses a public-looking name whose resolver answers a private address (DNS rebinding)', async () => {
    const rebinding = new WebhookTargetGuard(false, (_host, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]));
    const sender = new WebhookSender(rebinding, { timeoutMs: 2000, snippetBytes: 64 });
    try {
      const outcome = await sender.send(`https://hooks.example.com:${port}/hooks`, {}, '{}');
      expect(outcome.error).toMatch(/TARGET_REFUSED: hooks\.example\.com resolves to 127\.0\.0\.1/);
      expect(hits).toBe(0);
    } finally {
      await sender.close();
    }
  });

  it('relaxed (tests only): reaches the local receiver over http, and never follows its redirect', async () => {
    const relaxed = new WebhookSender(new WebhookTargetGuard(true), { timeoutMs: 2000, snippetBytes: 4 });
    try {
      const outcome = await relaxed.send(`http://127.0.0.1:${port}/hooks`, {}, '{}');
      expect(outcome).toMatchObject({ status: 302, snippet: 'redi', error: 'HTTP 302' });
      expect(hits).toBe(1);
    } finally {
      await relaxed.close();
    }
  });

  it('classifies addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.5',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ]) {
      expect([a, isPublicAddress(a)]).toEqual([a, false]);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808'])
      expect([a, isPublicAddress(a)]).toEqual([a, true]);
  });
});
