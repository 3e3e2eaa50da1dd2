import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { defaultLogDestination } from '../../src/kernel/observability/logger.module';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { recordSecret } from '../support/test-run-records';

/**
 * The access log (issue #18): one line per request at info or above — method, route template, status, duration,
 * request id, broker — and nothing a token could hide in (no URL, no query, no header).
 */
describe('access log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(testConfig());
  });
  afterAll(() => t.close());

  /** The lines of one request, found by the request id it was sent with. */
  const linesOf = (requestId: string) =>
    t.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.requestId === requestId || (l.req as { id?: string } | undefined)?.id === requestId);

  const FIELDS = ['level', 'time', 'pid', 'hostname', 'requestId', 'method', 'route', 'status', 'durationMs', 'broker', 'msg'].sort();

  it('writes one line per request with exactly the operator fields, at info for a success', async () => {
    const token = 'access-log-crm-token-SECRET-1';
    recordSecret(token);
    const r = await http(`${t.baseUrl}/modules/fullSso?brokerName=broker_a&crmApiToken=${token}`, { headers: { 'x-request-id': 'acc-ok-1' } });
    expect(r.status).toBe(200);
    const lines = linesOf('acc-ok-1');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(Object.keys(line).sort()).toEqual(FIELDS);
    expect(line).toMatchObject({ level: 30, requestId: 'acc-ok-1', method: 'GET', route: '/modules/fullSso', status: 200, broker: 'broker_a' });
    expect(line.msg).toBe('GET /modules/fullSso 200');
    expect(typeof line.durationMs).toBe('number');
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(t.logs.join('')).not.toContain(token);
  });

  it('logs the route template, never a token in the path, the query or a header', async () => {
    const inPath = 'access-log-path-token-SECRET-2';
    const inQuery = 'access-log-query-token-SECRET-3';
    const inHeader = 'access-log-bearer-SECRET-4';
    [inPath, inQuery, inHeader].forEach(recordSecret);
    const keyed = await http(`${t.baseUrl}/admin/api-keys/${inPath}?token=${inQuery}`, {
      method: 'DELETE',
      headers: { 'x-request-id': 'acc-path-1', authorization: `Bearer ${inHeader}` },
    });
    expect(keyed.status).toBe(401);
    expect(linesOf('acc-path-1')).toEqual([
      expect.objectContaining({ level: 40, method: 'DELETE', route: '/admin/api-keys/:id', status: 401, msg: 'DELETE /admin/api-keys/:id 401' }),
    ]);

    // No route matched: not even the template of one, so nothing of the path.
    const missing = await http(`${t.baseUrl}/reset-password/${inPath}?code=${inQuery}`, { headers: { 'x-request-id': 'acc-404-1' } });
    expect(missing.status).toBe(404);
    expect(linesOf('acc-404-1')).toEqual([expect.objectContaining({ level: 40, method: 'GET', route: 'unmatched', status: 404 })]);

    // A direct cTrader route (issue #11's fast path) logs the same line; the broker is the resolved one.
    const direct = await http(`${t.baseUrl}/oauth2/authorize?brokerName=broker_a&crmApiToken=${inQuery}`, {
      method: 'POST',
      json: { accessToken: inPath },
      headers: { 'x-request-id': 'acc-direct-1' },
    });
    expect(direct.status).toBe(403);
    expect(linesOf('acc-direct-1')).toEqual([expect.objectContaining({ route: '/oauth2/authorize', status: 403, broker: 'broker_a', level: 40 })]);

    const all = t.logs.join('');
    for (const s of [inPath, inQuery, inHeader]) expect(all).not.toContain(s);
  });

  it('prints human-readable lines on a terminal and JSON otherwise', async () => {
    const written: string[] = [];
    let firstLine!: () => void;
    const wroteALine = new Promise<void>((resolve) => (firstLine = resolve));
    const terminal = Object.assign(
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          written.push(chunk.toString());
          firstLine();
          cb();
        },
      }),
      { isTTY: true },
    );
    expect(defaultLogDestination(Object.assign(new PassThrough(), { isTTY: false }))).toBeUndefined();
    const logger = pino({ level: 'info' }, defaultLogDestination(terminal));
    logger.info({ requestId: 'r1', method: 'GET', route: '/x', status: 200, durationMs: 1.5 }, 'GET /x 200');
    await wroteALine;
    const text = written.join('');
    expect(text).toMatch(/INFO.*GET \/x 200.*"requestId":"r1"/);
    expect(text).not.toMatch(/^\{/);
    expect(text).not.toContain('"hostname"');
  });
});
