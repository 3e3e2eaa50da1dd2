import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { seedUser } from '../support/seed';
import { ctraderTestConfig, startSimulatorFor } from '../support/simulator-harness';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD } from '../support/test-config';
import { recordFigure, recordSecret } from '../support/test-run-records';

/**
 * Property-based bad input over EVERY route the server mapped at boot (read from Nest's own "Mapped {…}" log
 * lines, so a route added later is fuzzed without touching this file): random and malformed bodies, wrong
 * content types, huge payloads, deep JSON, unicode and injection strings, missing and duplicated query
 * parameters, with and without valid credentials. Properties (issue #12):
 *  - never a 5xx;
 *  - API routes (everything that is not an HTML screen) answer errors in the contract's `{ error, message, code }`;
 *  - a rejected request (4xx) leaves the database as it was (row counts of every table but the audit log, which
 *    records security events on purpose);
 *  - nothing reaches Object.prototype (prototype pollution).
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 60);

const INJECTIONS = [
  "' OR '1'='1' --",
  '"; DROP TABLE trader_user; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '${jndi:ldap://x/a}',
  '{{7*7}}<%= 7*7 %>',
  '\u0000\u0001\u202e\ud83d\ude00',
  '%00%0d%0aSet-Cookie:x=1',
  'https://evil.example/',
  '//evil.example',
  'javascript:alert(1)',
  '-1',
  '1e309',
  '99999999999999999999999',
  'NaN',
  '',
];

type Route = { method: string; path: string };

function mappedRoutes(logs: string[]): Route[] {
  const seen = new Map<string, Route>();
  for (const m of logs.join('').matchAll(/Mapped \{([^,}]+), (GET|POST|PUT|PATCH|DELETE)\} route/g)) {
    seen.set(`${m[2]} ${m[1]}`, { method: m[2], path: m[1] });
  }
  return [...seen.values()];
}

const text = () => fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 300 }));
const scalar = () => fc.oneof(text(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

interface FuzzCase {
  pathParams: string[];
  query: Array<[string, string]>;
  contentType: string | undefined;
  body: string | undefined;
  /** `screen`: a real CSRF cookie + field from GETting the same screen first, so form handlers see the body. */
  auth: 'none' | 'crm' | 'admin' | 'garbage' | 'screen';
}

describe('bad input on every route (fast-check)', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let routes: Route[];
  let crmApiToken: string;
  let adminKey: string;
  let ds: DataSource;
  let tables: string[];
  const fuzzed = { n: 0, fivexx: 0 };

  beforeAll(async () => {
    const config = ctraderTestConfig();
    // "Changes nothing when it refuses" compares row counts around each request: the ribbon sweep's own
    // scheduled job (every 60 s by default) must not land between two counts of a run that lasts over a minute.
    for (const b of config.brokers) b.ribbons.sweepIntervalSeconds = 3600;
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    routes = mappedRoutes(t.logs);
    ds = t.app.get(DataSource);
    await seedUser(t.app, 'broker_a');
    const app = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
    crmApiToken = ((await app.authenticate()).body as { crmApiToken: string }).crmApiToken;
    adminKey = (await t.app.get(AdminApiKeyService).create({ name: 'fuzz', role: 'write', brokers: '*' })).key;
    recordSecret(crmApiToken);
    recordSecret(adminKey);
    tables = ds.entityMetadatas.map((m) => m.tableName).filter((name) => !/audit/.test(name));
  }, 120_000);

  afterAll(async () => {
    recordFigure('fuzzed', fuzzed.n);
    recordFigure('5xx', fuzzed.fivexx);
    await t?.close();
    await sim?.close();
  });

  function isAllowedRedirect(location: string): boolean {
    if (/^\/(?![/\\])/.test(location)) return true;
    const configured = t.config.brokers.flatMap((b) => [b.successUrl, b.ctraderWebUrl].filter((u): u is string => typeof u === 'string'));
    return [t.baseUrl, ...configured].some((base) => new URL(location, t.baseUrl).origin === new URL(base, t.baseUrl).origin);
  }

  async function rowCounts(): Promise<Record<string, number>> {
    const sql = tables.map((name) => `SELECT '${name}' AS t, COUNT(*) AS n FROM "${name}"`).join(' UNION ALL ');
    const rows: Array<{ t: string; n: string | number }> = await ds.query(sql);
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  }

  const caseArb = (route: Route): fc.Arbitrary<FuzzCase> => {
    const params = (route.path.match(/:\w+/g) ?? []).length;
    const brokerIds = fc.constantFrom<Array<[string, string]>>(
      [],
      [['brokerName', 'broker_a']],
      [
        ['brokerName', 'broker_a'],
        ['brokerCrmName', 'crm_shared'],
      ],
      [
        ['brokerName', 'broker_a'],
        ['brokerName', 'broker_b'],
      ],
      [['brokerName', 'nobody']],
      [['brokerCrmName', 'crm_shared']],
    );
    const extra = fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'token',
            'account',
            'lang',
            'theme',
            'firstLogin',
            'partnerId',
            'eventName',
            'userId',
            'status',
            'limit',
            'offset',
            'q',
            'next',
            'redirect',
            'returnUrl',
            'actionType',
          ),
          fc.string({ maxLength: 12 }),
        ),
        text(),
      ),
      { maxLength: 5 },
    );
    const json = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc
        .dictionary(
          fc.constantFrom(
            'password',
            'token',
            'userId',
            'email',
            'amount',
            'currency',
            'brokerName',
            'brokerCrmName',
            'form',
            'name',
            'role',
            'brokers',
            '__proto__',
            'constructor',
          ),
          scalar(),
        )
        .map((o) => JSON.stringify(o)),
      fc.constant('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
      fc.integer({ min: 200, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
      fc.constant(`{"password":"${'x'.repeat(2_000_000)}"}`),
      fc.constantFrom('{', 'null', '"string"', '[1,2', '{"a":1}{"b":2}', '\u0000'),
    );
    const form = fc
      .dictionary(fc.constantFrom('email', 'password', 'form', 'amount', '_csrf', 'firstName', 'country', 'currency', 'leverage', 'keepLoggedIn'), text())
      .map((o) => new URLSearchParams(o).toString());
    const body = fc.oneof(
      json.map((b) => ({ contentType: 'application/json', body: b })),
      form.map((b) => ({ contentType: 'application/x-www-form-urlencoded', body: b })),
      fc.record({
        contentType: fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
          'image/png',
          undefined,
        ),
        body: fc.oneof(text(), fc.constant('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--')),
      }),
      fc.constant({ contentType: undefined, body: undefined }),
    );
    return fc
      .record({
        pathParams: fc.array(
          text().map((s) => encodeURIComponent(s) || '0'),
          { minLength: params, maxLength: params },
        ),
        query: fc.tuple(brokerIds, extra).map(([a, b]) => [...a, ...b]),
        body,
        auth: fc.constantFrom<FuzzCase['auth']>('none', 'crm', 'admin', 'garbage', 'screen', 'screen'),
      })
      .map(({ body: b, ...rest }) => ({ ...rest, contentType: b.contentType, body: b.body }));
  };

  async function send(route: Route, c: FuzzCase) {
    let i = 0;
    const path = route.path.replace(/:\w+/g, () => c.pathParams[i++] ?? '0');
    const query = new URLSearchParams(c.query);
    if (c.auth === 'crm') query.append('crmApiToken', crmApiToken);
    const headers: Record<string, string> = {};
    if (c.auth === 'admin') headers.authorization = `Bearer ${adminKey}`;
    if (c.auth === 'garbage') headers.authorization = `Bearer ${'A'.repeat(5000)}`;
    const withBody = route.method !== 'GET' && c.body !== undefined;
    if (withBody && c.contentType) headers['content-type'] = c.contentType;
    let body = c.body;
    if (c.auth === 'screen' && route.method === 'POST') {
      const page = await fetch(`${t.baseUrl}${path}?${new URLSearchParams(c.query).toString()}`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
      headers.cookie = page.headers
        .getSetCookie()
        .map((l) => l.split(';')[0])
        .join('; ');
      if (csrf && c.contentType === 'application/x-www-form-urlencoded') body = `_csrf=${encodeURIComponent(csrf)}&${c.body ?? ''}`;
    }
    const res = await fetch(`${t.baseUrl}${path}${query.size ? `?${query.toString()}` : ''}`, {
      method: route.method,
      headers,
      body: withBody ? body : undefined,
      redirect: 'manual',
    });
    const bodyText = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', bodyText, location: res.headers.get('location') };
  }

  it('never answers 5xx, keeps the error shape, and changes nothing when it refuses', async () => {
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(caseArb(route), async (c) => {
          const before = await rowCounts();
          const res = await send(route, c);
          fuzzed.n += 1;
          if (res.status >= 500) {
            fuzzed.fivexx += 1;
            // Collected, not thrown: one run reports every failing route (with a short description of the input).
            failures.push(
              `${route.method} ${route.path} [${c.contentType ?? 'no type'}, ${c.body?.length ?? 0} bytes: ${JSON.stringify(c.body?.slice(0, 60))}] → ${res.status}: ${res.bodyText.slice(0, 200)}`,
            );
            return true;
          }
          if (res.status >= 400 && !res.contentType.includes('text/html')) {
            const body = JSON.parse(res.bodyText) as Record<string, unknown>;
            expect(typeof body.error).toBe('string');
            expect(typeof body.message).toBe('string');
            expect(typeof body.code).toBe('string');
          }
          if (res.status >= 400) expect(await rowCounts()).toEqual(before);
          // No open redirect: every Location is our own path or a URL the broker configured.
          if (res.location !== null) expect(isAllowedRedirect(res.location)).toBe(true);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          return true;
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
