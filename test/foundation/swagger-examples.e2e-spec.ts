import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ModuleKey } from '../../src/config/module-key';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { JobQueue } from '../../src/kernel/jobs/job-queue.service';
import { SYSTEM_JOB_BROKER } from '../../src/kernel/jobs/job.entity';
import { UsersService } from '../../src/kernel/users/users.service';
import { HostedProviderConfig, PaymentLimitsConfig, PaymentsConfig } from '../../src/config/payments-config';
import { KycDocumentStore } from '../../src/modules/inapp-actions/kyc/services/kyc-document-store.service';
import { KycSubmissions } from '../../src/modules/inapp-actions/kyc/services/kyc-submissions.service';
import { PaymentRequests } from '../../src/modules/inapp-actions/payments/services/payment-requests.service';
import { hashPasswordSync } from '../../src/lib/crypto/password-hash';
import { RibbonUserSync } from '../../src/modules/inapp-controls/entities/ribbon-user-sync.entity';
import { ApiTag } from '../../src/kernel/openapi';
import { seedUser } from '../support/seed';
import { onPostgres } from '../support/test-database';
import { http, HttpResult, startTestApp, TestApp } from '../support/test-app';
import { testBroker, testConfig } from '../support/test-config';
import { inviteTokenFor } from '../back-office/staff-kit';

/*
 * Issue #19, "a Swagger console that tells the truth": every request example in /docs-json is sent as Swagger UI's
 * "Try it out" would send it, and must be accepted (2xx) — or, for an example documented as an error, answer exactly
 * that error. The operations come from /docs-json (no hand list), so a new route is covered at once, and nothing here
 * depends on a route's path: resources are found by the collection segment before a path parameter.
 *
 * How a request is built:
 * - Parameters: the documented `example` (or the named example of the case). A required parameter without one fails
 *   the test. Optional query parameters are filters: they must carry NO example (Swagger UI would prefill them) and are
 *   not sent — except broker identification (`brokerName`, `brokerCrmName`), sent when documented.
 * - Bodies: the documented body example(s), else what Swagger UI composes from the schema (property examples, first
 *   enum value, defaults; numbers 0, booleans true). A string that would fall back to Swagger's `"string"`, or any
 *   literal `"string"` in a request, fails the test (the "no string placeholder" rule). The server refuses that
 *   literal in our own bodies too (contract-validation.pipe.ts), so a prefilled field is never saved.
 * - Error examples: a named example `error: <status> <CODE>` (body or parameter examples) expects exactly that answer.
 * - Credentials are the test's, not the examples': `Authorization: Bearer <admin key with admin on *>` on every
 *   operation; `crmApiToken` (query) from a real 4.1 with the demo CRM password the 4.1 example documents.
 * - The brokers are the demo's (config/default.yaml): demo_broker / demo_crm, demo_light / demo_li_crm, so the
 *   examples name the broker a person trying the console on the demo has.
 * - Ids: the examples name the demo's example trader (cTID userId 2200451, login 3100271, trader@example.com), which
 *   the test seeds first. A path id is replaced by a resource created for that very operation (fresh, so a DELETE or a
 *   decision cannot spoil the next one), picked by the collection segment before the parameter — `jobs/{id}`,
 *   `endpoints/{id}`, `deliveries/{deliveryId}`, `users/{id}` (local id), `users/{userId}` (cTID), `campaigns/{id}`,
 *   `partners/{partnerId}`, `staff/{id}`, `payments/{id}`, `submissions/{id}`, `documents/{id}`, `api-keys/{id}`.
 *   A path parameter whose segment is not in that table keeps its example (e.g. brokerName).
 */

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
  schema?: Schema;
}
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
}
interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value: unknown; summary?: string }>;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  security?: Record<string, unknown>[];
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Case {
  name: string;
  expect: { status: number; code: string } | 'success';
  params: Record<string, unknown>;
  contentType?: string;
  body?: unknown;
}

const ERROR_EXAMPLE = /^error: (\d{3}) ([A-Z0-9_]+)/;
const BROKER_ID_PARAMS = ['brokerName', 'brokerCrmName'];
const DEMO_CRM_PASSWORD = 'demo-crm-password';
const EXAMPLE_TRADER = { ctidUserId: 2200451, login: 3100271, email: 'trader@example.com' };
const NOW = '2026-01-01T00:00:00.000Z';
/** The collection segments whose path ids the test creates (see fixture()). */
const FIXTURE_SEGMENTS = ['jobs', 'endpoints', 'deliveries', 'users', 'campaigns', 'partners', 'staff', 'payments', 'submissions', 'documents', 'api-keys'];
/** A parameter example as it goes into a URL or header. */
const scalar = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const segmentBefore = (path: string, param: string) => {
  const segments = path.split('/');
  return segments[segments.indexOf(`{${param}}`) - 1];
};

describe(`the Swagger console tells the truth: every documented request example is accepted (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let doc: OpenApi;
  let root: string;
  let crmApiToken: string;
  const operations: Array<{ method: string; path: string; op: Operation }> = [];
  let seq = 0;

  beforeAll(async () => {
    const storageDir = mkdtempSync(join(tmpdir(), 'swagger-kyc-'));
    const demoModules = [ModuleKey.FullSso, ModuleKey.InappActions, ModuleKey.InappControls, ModuleKey.PartnerAttribution, ModuleKey.EmbeddedWeb];
    const config = testConfig({
      webhooks: { secretKey: { env: 'SWAGGER_TEST_WEBHOOK_KEY', default: 'swagger-example-webhook-secret-key-0123456789' }, allowPrivateTargets: true },
      brokers: [
        testBroker('demo_broker', 'demo_crm', demoModules, { crmApiPasswords: [hashPasswordSync(DEMO_CRM_PASSWORD)], kyc: { storageDir } }),
        testBroker('demo_light', 'demo_li_crm', [ModuleKey.LightIdentity, ModuleKey.InappActions, ModuleKey.PartnerAttribution], {
          crmApiPasswords: [hashPasswordSync(DEMO_CRM_PASSWORD)],
        }),
      ],
    });
    config.brokers.find((b) => b.brokerName === 'demo_broker')!.payments = Object.assign(new PaymentsConfig(), {
      providers: ['manual', 'hosted'],
      currencies: ['USD', 'EUR'],
      deposit: Object.assign(new PaymentLimitsConfig(), { minMinor: 1000, maxMinor: 1_000_000 }),
      withdrawal: Object.assign(new PaymentLimitsConfig(), { minMinor: 500, maxMinor: 1_000_000 }),
      hosted: Object.assign(new HostedProviderConfig(), {
        paymentPageUrl: 'https://pay.example.com/checkout',
        callbackSecret: 'swagger-example-hosted-secret-0123',
        callbackToleranceSeconds: 300,
      }),
    });
    t = await startTestApp(config);
    root = (await t.app.get(AdminApiKeyService).create({ name: 'swagger examples', role: 'admin', brokers: '*' })).key;
    const token = await http(`${t.baseUrl}/oauth2/crmApiToken`, {
      method: 'POST',
      json: { brokerName: 'demo_broker', brokerCrmName: 'demo_crm', password: DEMO_CRM_PASSWORD },
    });
    crmApiToken = token.body.crmApiToken;
    // The example trader every example names.
    const trader = await seedUser(t.app, 'demo_broker', { ctidUserId: EXAMPLE_TRADER.ctidUserId, email: EXAMPLE_TRADER.email });
    await linkAccount('demo_broker', trader.id, EXAMPLE_TRADER.login);
    // The staff member the login example names, with the example's password (invited, invitation accepted).
    const invited = await http(`${t.baseUrl}/admin/staff`, {
      method: 'POST',
      json: { email: 'alice@broker.example', displayName: 'Alice Martin', grants: [{ broker: 'demo_broker', role: 'viewer' }] },
      headers: { authorization: `Bearer ${root}` },
    });
    expect(invited.status).toBe(201);
    const accepted = await http(`${t.baseUrl}/admin/session/invite`, {
      method: 'POST',
      json: { token: await inviteTokenFor(t, 'alice@broker.example'), password: 'correct horse battery staple' },
    });
    expect(accepted.status).toBe(200);
    doc = (await http(`${t.baseUrl}/docs-json`)).body;
    for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) operations.push({ method, path, op });
  }, 60_000);
  afterAll(() => t?.close());

  async function linkAccount(brokerName: string, userId: number, login: number) {
    await t.app
      .get(UsersService)
      .accountsOf(brokerName)
      .insert({
        userId,
        login,
        state: 'linked',
        traderPasswordMd5: null,
        ctidTraderAccountId: login * 10,
        currency: 'USD',
        leverage: 100,
        accountType: 'HEDGED',
        environment: 'live',
        moneyDigits: 2,
        createdAt: Date.now(),
      });
  }

  const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);

  /** What Swagger UI prefills from a schema; `problems` collects every string Swagger would fill with "string". */
  function sample(schema: Schema | undefined, where: string, problems: string[]): unknown {
    const s = resolve(schema);
    if (!s) return undefined;
    if (s.example !== undefined) return s.example;
    if (s.allOf) return sample(Object.assign({}, ...s.allOf.map((x) => resolve(x))), where, problems);
    if (s.enum?.length) return s.enum[0];
    if (s.default !== undefined) return s.default;
    if (s.properties || s.type === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, `${where}.${k}`, problems);
      return out;
    }
    if (s.type === 'array') return [sample(s.items, `${where}[]`, problems)];
    if (s.type === 'string') {
      if (s.format === 'date-time') return NOW;
      if (s.format === 'email') return 'user@example.com';
      problems.push(`${where}: a string without example (Swagger UI would send "string")`);
      return 'string';
    }
    if (s.type === 'number' || s.type === 'integer') return s.minimum ?? 0;
    if (s.type === 'boolean') return true;
    return undefined;
  }

  function containsStringPlaceholder(value: unknown): boolean {
    if (value === 'string') return true;
    if (Array.isArray(value)) return value.some(containsStringPlaceholder);
    if (value && typeof value === 'object') return Object.values(value).some(containsStringPlaceholder);
    return false;
  }

  function casesOf(method: string, path: string, op: Operation, problems: string[]): Case[] {
    const where = `${method.toUpperCase()} ${path}`;
    const content = op.requestBody?.content ?? {};
    const [contentType] = Object.keys(content);
    const media = contentType ? content[contentType] : undefined;
    const names = new Set<string>();
    for (const n of Object.keys(media?.examples ?? {})) names.add(n);
    for (const p of op.parameters ?? []) for (const n of Object.keys(p.examples ?? {})) names.add(n);
    if (!names.size) names.add('example');
    const cases: Case[] = [];
    for (const name of names) {
      const error = ERROR_EXAMPLE.exec(name);
      const params: Record<string, unknown> = {};
      for (const p of op.parameters ?? []) {
        const value = p.examples?.[name]?.value ?? p.example ?? p.schema?.example;
        const credential = p.name === 'crmApiToken' || p.name.toLowerCase() === 'authorization';
        if (credential) continue;
        if (p.in === 'query' && !p.required && !BROKER_ID_PARAMS.includes(p.name) && value !== undefined)
          problems.push(`${where}: optional query filter ${p.name} is prefilled with ${JSON.stringify(value)}`);
        if (value === undefined) {
          if (p.in === 'path' && FIXTURE_SEGMENTS.includes(segmentBefore(path, p.name))) continue;
          if (p.required) problems.push(`${where}: required ${p.in} parameter ${p.name} has no example`);
          continue;
        }
        if (p.in === 'query' && !p.required && !BROKER_ID_PARAMS.includes(p.name)) continue;
        params[`${p.in}:${p.name}`] = value;
      }
      let body: unknown;
      if (media) {
        body = media.examples?.[name]?.value ?? media.example ?? sample(media.schema, `${where} body`, problems);
      } else if (op.requestBody?.required) problems.push(`${where}: a required body without a media type`);
      cases.push({ name, expect: error ? { status: Number(error[1]), code: error[2] } : 'success', params, contentType, body });
    }
    return cases;
  }

  /** Calls a documented operation by its operationId (path-agnostic), as the root key. */
  async function callOperation(operationId: string, pathParams: Record<string, string>, json?: unknown): Promise<HttpResult> {
    const found = operations.find((o) => o.op.operationId === operationId);
    if (!found) throw new Error(`no operation ${operationId}`);
    let url = found.path;
    for (const p of found.op.parameters ?? []) {
      if (p.in !== 'path') continue;
      url = url.replace(`{${p.name}}`, encodeURIComponent(pathParams[p.name] ?? scalar(p.example)));
    }
    const query = (found.op.parameters ?? []).filter((p) => p.in === 'query' && p.name === 'brokerName' && p.required);
    if (query.length) url += `?brokerName=${encodeURIComponent(pathParams.brokerName ?? 'demo_broker')}`;
    const r = await http(`${t.baseUrl}${url}`, { method: found.method.toUpperCase(), json, headers: { authorization: `Bearer ${root}` } });
    if (r.status >= 300) throw new Error(`${operationId}: ${r.status} ${r.text}`);
    return r;
  }

  const broker = (params: Record<string, unknown>) => scalar(params['path:brokerName'] ?? params['query:brokerName'] ?? 'demo_broker');

  let ribbonUserReady: Promise<number> | undefined;
  /** The example trader with a ribbon: a campaign for them, recomputed, and their sync row written. */
  function ribbonUser(b: string): Promise<number> {
    ribbonUserReady ??= (async () => {
      await callOperation(
        'RibbonsAdminController_create',
        { brokerName: b },
        {
          name: 'for the example trader',
          title: { en: 'Hello' },
          color: '#1a73e8',
          action: { urlinApp: '/inapp/kyc' },
          audience: { kind: 'users', userIds: [EXAMPLE_TRADER.ctidUserId] },
        },
      );
      await callOperation('RibbonsAdminController_recompute', { brokerName: b });
      const repo = t.app.get(DataSource).getRepository(RibbonUserSync);
      for (let i = 0; i < 100 && !(await repo.findOneBy({ userId: EXAMPLE_TRADER.ctidUserId })); i++) await new Promise((r) => setTimeout(r, 100));
      return EXAMPLE_TRADER.ctidUserId;
    })();
    return ribbonUserReady;
  }

  /** A fresh resource for one operation's path parameter, by the collection segment before it. */
  async function fixture(segment: string, param: string, action: string, params: Record<string, unknown>): Promise<string | undefined> {
    const b = broker(params);
    const n = ++seq;
    switch (segment) {
      case 'jobs': {
        const queue = t.app.get(JobQueue);
        // /admin/jobs/{id} (no broker in the path) is the deployment's own jobs.
        const owner = params['path:brokerName'] === undefined ? SYSTEM_JOB_BROKER : b;
        const { job } = await t.app
          .get(DataSource)
          .transaction((m) =>
            queue.enqueue(m, { brokerName: owner, kind: 'swagger.example', idempotencyKey: `swagger-${n}`, payload: { n }, runAfter: Date.now() + 86_400_000 }),
          );
        if (action === 'retry') await t.app.get(DataSource).query(`UPDATE "job" SET "state" = 'dead' WHERE "id" = '${job.id}'`);
        return job.id;
      }
      case 'endpoints':
        return (
          await callOperation('AdminWebhooksController_create', { brokerName: b }, { url: `https://hooks.example.com/${n}`, eventTypes: ['user.signed_up'] })
        ).body.id;
      case 'deliveries': {
        const endpoint = scalar(params['path:id']);
        await callOperation('AdminWebhooksController_test', { brokerName: b, id: endpoint });
        const list = await callOperation('AdminWebhooksController_deliveries', { brokerName: b, id: endpoint });
        return list.body[0]?.id;
      }
      case 'users':
        if (param === 'userId') return String(await ribbonUser(b));
        // Resending the verification email is for a trader who has not verified yet.
        return String((await seedUser(t.app, b, action === 'verification' ? { emailVerifiedAt: null } : {})).id);
      case 'campaigns':
        return String(
          (
            await callOperation(
              'RibbonsAdminController_create',
              { brokerName: b },
              { name: `campaign ${n}`, title: { en: 'Hello' }, color: '#1a73e8', action: { urlinApp: '/inapp/kyc' }, audience: { kind: 'everyone' } },
            )
          ).body.id,
        );
      case 'partners': {
        const user = await seedUser(t.app, b);
        return (await callOperation('AdminPartnersController_create', { brokerName: b }, { userId: user.ctidUserId, parentPartnerId: null })).body.partnerId;
      }
      case 'staff':
        return (
          await callOperation(
            'StaffAdminController_invite',
            {},
            { email: `staff${n}@broker.example`, displayName: `Staff ${n}`, grants: [{ broker: b, role: 'viewer' }] },
          )
        ).body.id;
      case 'payments': {
        const user = await seedUser(t.app, b);
        const login = 4_000_000 + n;
        await linkAccount(b, user.id, login);
        const outcome = await t.app.get(PaymentRequests).create(t.app.get(BrokerRegistry).findByName(b)!, {
          userId: user.id,
          login,
          kind: 'deposit',
          provider: 'manual',
          amountMinor: 10_000,
          currency: 'USD',
          moneyDigits: 2,
          formKey: `swagger-${n}`,
          withdrawableMinor: 1_000_000,
        });
        if (!outcome.ok) throw new Error(outcome.reason);
        await t.app.get(PaymentRequests).markPending(outcome.payment);
        return outcome.payment.id;
      }
      case 'submissions':
      case 'documents': {
        const user = await seedUser(t.app, b);
        const kyc = t.app.get(BrokerRegistry).findByName(b)!.config.kyc;
        const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1000, 0x20), Buffer.from('\n%%EOF\n')]);
        const stored = await t.app.get(KycDocumentStore).write(b, kyc, Readable.from([pdf]));
        const submission = await t.app.get(KycSubmissions).submit({
          brokerName: b,
          userId: user.id,
          accountLogin: null,
          documentType: 'passport',
          files: [{ storedName: stored.storedName, originalName: 'passport.pdf', fileType: 'pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256 }],
        });
        if (segment === 'submissions') return submission.id;
        return (await t.app.get(KycSubmissions).documentsFor(b, submission.id))[0].id;
      }
      case 'api-keys':
        return (await t.app.get(AdminApiKeyService).create({ name: `key ${n}`, role: 'viewer', brokers: [b] })).id;
      default:
        return undefined;
    }
  }

  async function send(method: string, path: string, op: Operation, c: Case): Promise<HttpResult> {
    const params = { ...c.params };
    const segments = path.split('/');
    const action = segments[segments.length - 1].startsWith('{') ? method : segments[segments.length - 1];
    for (let i = 0; i < segments.length; i++) {
      const m = /^\{(.+)\}$/.exec(segments[i]);
      if (!m) continue;
      const id = await fixture(segments[i - 1], m[1], action, params);
      if (id !== undefined) params[`path:${m[1]}`] = id;
    }
    let url = path.replace(/\{([^}]+)\}/g, (_all, name: string) => encodeURIComponent(scalar(params[`path:${name}`])));
    const query = new URLSearchParams();
    const headers: Record<string, string> = { authorization: `Bearer ${root}` };
    for (const p of op.parameters ?? []) {
      if (p.name === 'crmApiToken') query.set('crmApiToken', crmApiToken);
      const value = params[`${p.in}:${p.name}`];
      if (value === undefined) continue;
      if (p.in === 'query') query.set(p.name, scalar(value));
      if (p.in === 'header') headers[p.name] = scalar(value);
    }
    if (query.size) url += `?${query.toString()}`;
    if (c.contentType === undefined) return http(`${t.baseUrl}${url}`, { method: method.toUpperCase(), headers });
    if (c.contentType === 'application/json') return http(`${t.baseUrl}${url}`, { method: method.toUpperCase(), headers, json: c.body });
    return http(`${t.baseUrl}${url}`, { method: method.toUpperCase(), headers: { ...headers, 'content-type': c.contentType }, body: String(c.body) });
  }

  it('has one tag per module: every operation exactly one declared tag; the console keeps the authorization', async () => {
    const declared = (doc as unknown as { tags: Array<{ name: string; description?: string }> }).tags.map((tag) => tag.name);
    expect(declared).toEqual(Object.values(ApiTag));
    const wrong = operations.filter(({ op }) => {
      const tags = (op as { tags?: string[] }).tags ?? [];
      return tags.length !== 1 || !declared.includes(tags[0]);
    });
    expect(wrong.map(({ method, path, op }) => `${method} ${path}: ${JSON.stringify((op as { tags?: string[] }).tags)}`)).toEqual([]);
    const init = await http(`${t.baseUrl}/docs/swagger-ui-init.js`);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });

  it('refuses a body sent with a "string" placeholder left in (400 INVALID_REQUEST), and saves nothing', async () => {
    const create = operations.find((o) => o.op.operationId === 'StaffAdminController_invite')!;
    const r = await http(`${t.baseUrl}${create.path}`, {
      method: 'POST',
      json: { email: 'carol@broker.example', displayName: 'string', grants: [{ broker: 'demo_broker', role: 'viewer' }] },
      headers: { authorization: `Bearer ${root}` },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_REQUEST');
    expect(r.body.message).toContain('displayName');
    const staff = await http(`${t.baseUrl}${create.path}`, { headers: { authorization: `Bearer ${root}` } });
    expect(JSON.stringify(staff.body)).not.toContain('carol@broker.example');
  });

  it('enumerates the operations of /docs-json, and every one that takes input has an example for it', () => {
    expect(operations.length).toBeGreaterThanOrEqual(80);
    const problems: string[] = [];
    for (const { method, path, op } of operations) casesOf(method, path, op, problems);
    expect(problems).toEqual([]);
  });

  it('sends every example: 2xx, or exactly the documented error; none carries a "string" placeholder', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const { method, path, op } of operations) {
      if (!op.parameters?.length && !op.requestBody) continue;
      for (const c of casesOf(method, path, op, [])) {
        const label = `${method.toUpperCase()} ${path} [${c.name}]`;
        if (containsStringPlaceholder(c.body) || containsStringPlaceholder(c.params)) failures.push(`${label}: sends the literal "string"`);
        let r: HttpResult;
        try {
          r = await send(method, path, op, c);
        } catch (e) {
          failures.push(`${label}: ${(e as Error).message}`);
          continue;
        }
        sent++;
        if (c.expect === 'success') {
          if (r.status < 200 || r.status >= 300) failures.push(`${label}: ${r.status} ${r.text.slice(0, 300)}`);
        } else if (r.status !== c.expect.status || r.body?.code !== c.expect.code) {
          failures.push(`${label}: expected ${c.expect.status} ${c.expect.code}, got ${r.status} ${r.text.slice(0, 300)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(60);
  }, 300_000);
});
