import { DataSource } from 'typeorm';
import { WebhooksConfig } from '../../src/config/webhooks-config';
import { AuditService } from '../../src/kernel/audit';
import { Clock } from '../../src/kernel/clock';
import { JobQueue } from '../../src/kernel/jobs';
import { JobWorker } from '../../src/kernel/jobs/job-worker.service';
import { WEBHOOK_DELIVERY_JOB, WebhookDelivery } from '../../src/kernel/webhooks';
import { WebhookDeliveryHandler } from '../../src/kernel/webhooks/webhook-delivery.job-handler';
import { adminKey, csrfOf, form, inappToken, kycTestConfig, PDF, ScreenClient, seedTrader } from '../inapp-actions/kyc-test-kit';
import { eventually, FAST_JOBS_ENV } from '../inapp-actions/payments-harness';
import { withEnv } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';
import { recordSecret } from '../support/test-run-records';
import { verifiesWith, WebhookReceiver } from './webhook-receiver';

const SECRET_KEY = 'test-webhook-secret-key-0123456789abcdef';
recordSecret(SECRET_KEY);

/**
 * Outbound webhooks end to end (issue #21): the real server, a receiver that verifies with the `standardwebhooks`
 * library, events from a real flow (KYC submitted and approved through the screens and the admin API).
 */
describe('outbound webhooks', () => {
  let t: TestApp;
  let restoreEnv: () => void;
  let key: string;
  const receiver = new WebhookReceiver();
  const admin = (method: string, path: string, json?: unknown, k = key) =>
    http(`${t.baseUrl}/admin/brokers/broker_a/webhooks${path}`, { method, json, headers: { authorization: `Bearer ${k}` } });

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    const { config } = kycTestConfig();
    config.webhooks = Object.assign(new WebhooksConfig(), {
      secretKey: SECRET_KEY,
      // The receiver is a local http server: the SSRF guard is relaxed by this explicit test-only switch.
      allowPrivateTargets: true,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
      // Enough attempts (about 10 s at these backoffs) for the receiver that is down to come back before they run out.
      maxAttempts: 50,
      timeoutMs: 2000,
      secretOverlapMinutes: 5,
      autoDisableAfterMinutes: 10,
      responseSnippetBytes: 4,
    });
    t = await startTestApp(config);
    key = await adminKey(t, 'write');
    await receiver.up();
  }, 60000);
  afterAll(async () => {
    await receiver.down();
    await t?.close();
    restoreEnv?.();
  });

  async function createEndpoint(url: string, eventTypes: string[]) {
    const r = await admin('POST', '/endpoints', { url, eventTypes });
    expect(r.status).toBe(201);
    return r.body as { id: string; secret: string };
  }

  async function kycSubmittedAndApproved() {
    const trader = await seedTrader(t);
    const client = new ScreenClient(t.baseUrl);
    const page = await client.open(`/inapp/kyc?brokerName=broker_a&token=${await inappToken(t, trader)}&account=${trader.login}&lang=en`);
    const submitted = await client.post(
      page.url,
      form({ _csrf: csrfOf(page.text), documentType: 'passport' }, [{ data: PDF(), name: 'a.pdf', type: 'application/pdf' }]),
    );
    expect(submitted.status).toBe(303);
    const list = await http(`${t.baseUrl}/admin/brokers/broker_a/kyc/submissions?status=pending&userId=${trader.userId}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const review = await http(`${t.baseUrl}/admin/brokers/broker_a/kyc/submissions/${list.body[0].id}/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      json: { decision: 'approve' },
    });
    expect(review.status).toBe(200);
    return trader;
  }

  it('an endpoint is created with its secret shown once; listing never shows it; http and bad event types are refused only where they should be', async () => {
    const bad = await admin('POST', '/endpoints', { url: receiver.url, eventTypes: ['user.hacked'] });
    expect(bad.status).toBe(400);
    const endpoint = await createEndpoint(receiver.url, ['kyc.submitted', 'kyc.approved']);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const list = await admin('GET', '/endpoints');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(endpoint.secret);
    expect(list.text).not.toContain(endpoint.secret.slice(6));
    expect(list.body.find((e: { id: string }) => e.id === endpoint.id)).toMatchObject({
      url: receiver.url,
      enabled: true,
      eventTypes: ['kyc.submitted', 'kyc.approved'],
    });
    // The secret is stored sealed, not in clear text.
    const [row] = await t.app.get(DataSource).query(`SELECT "secrets" FROM "webhook_endpoint" WHERE "id" = '${endpoint.id}'`);
    expect(String(row.secrets)).not.toContain(endpoint.secret.slice(6));
    // Another broker's key sees nothing of broker_a's endpoints.
    const otherKey = await adminKey(t, 'write', ['broker_b']);
    expect((await admin('GET', '/endpoints', undefined, otherKey)).status).toBe(403);
    expect((await admin('GET', `/endpoints/${endpoint.id}`, undefined, otherKey)).status).toBe(403);
    expect(t.logs.join('\n')).not.toContain(endpoint.secret.slice(6));
    await admin('DELETE', `/endpoints/${endpoint.id}`);
  });

  it('an event no enabled endpoint subscribes to writes no webhook job (most brokers have no endpoint at all)', async () => {
    const ds = t.app.get(DataSource);
    const webhookJobs = async () => Number((await ds.query(`SELECT COUNT(*) AS n FROM "job" WHERE "kind" LIKE 'event.webhooks.%'`))[0].n);
    const before = await webhookJobs();
    const other = await createEndpoint(receiver.url, ['payment.requested']);
    await kycSubmittedAndApproved();
    expect(await webhookJobs()).toBe(before);
    await admin('DELETE', `/endpoints/${other.id}`);
  });

  it('a KYC submission and its approval each deliver a verified webhook naming the broker and the trader (local id, cTID, logins)', async () => {
    const endpoint = await createEndpoint(receiver.url, ['kyc.submitted', 'kyc.approved']);
    receiver.secrets = [endpoint.secret];
    const trader = await kycSubmittedAndApproved();
    const byTrader = (type: string) => receiver.ofType(type).filter((r) => r.payload.data.trader?.userId === trader.userId);
    await eventually(async () => byTrader('kyc.approved').length === 1, 'kyc.approved webhook');
    const [submitted] = byTrader('kyc.submitted');
    const [approved] = byTrader('kyc.approved');
    expect(approved.payload).toEqual({
      type: 'kyc.approved',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { brokerName: 'broker_a', trader: { userId: trader.userId, ctidUserId: trader.ctidUserId, logins: [trader.login] } },
    });
    expect(submitted.headers['webhook-id']).toMatch(/^msg_/);
    expect(submitted.headers['webhook-id']).not.toBe(approved.headers['webhook-id']);
    expect(receiver.refused).toEqual([]);
    // No document content or file name in any body.
    expect(receiver.received.map((r) => r.body).join('')).not.toMatch(/a\.pdf|%PDF/);
    // The delivery log: status, response time and the first bytes (4 configured) of each answer.
    const log = await admin('GET', `/endpoints/${endpoint.id}/deliveries`);
    const entry = log.body.find((d: { messageId: string }) => d.messageId === approved.headers['webhook-id']);
    expect(entry).toMatchObject({ eventType: 'kyc.approved', state: 'succeeded', attempts: 1, log: [{ status: 200, responseSnippet: 'ok t', error: null }] });
    expect(entry.log[0].durationMs).toEqual(expect.any(Number));
    await admin('DELETE', `/endpoints/${endpoint.id}`);
  });

  it('a receiver that is down, then comes back, misses no event (retries with backoff, same webhook-id)', async () => {
    const endpoint = await createEndpoint(receiver.url, ['kyc.submitted', 'kyc.approved']);
    receiver.secrets = [endpoint.secret];
    await receiver.down();
    const traders = [await kycSubmittedAndApproved(), await kycSubmittedAndApproved()];
    // While it is down, attempts fail and are logged.
    await eventually(async () => {
      const log = await admin('GET', `/endpoints/${endpoint.id}/deliveries`);
      return log.body.length === 4 && log.body.every((d: { log: Array<{ status: number | null }> }) => d.log.length >= 1 && d.log[0].status === null);
    }, 'failed attempts while the receiver is down');
    await receiver.up();
    for (const trader of traders) {
      for (const type of ['kyc.submitted', 'kyc.approved']) {
        await eventually(
          async () => receiver.ofType(type).some((r) => r.payload.data.trader?.userId === trader.userId),
          `${type} after the receiver came back`,
        );
      }
    }
    const log = await admin('GET', `/endpoints/${endpoint.id}/deliveries`);
    expect(log.body.map((d: { state: string }) => d.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(log.body.every((d: { attempts: number }) => d.attempts >= 2)).toBe(true);
    // Each message reached the receiver once, under the webhook-id the failed attempts used.
    const ids = log.body.map((d: { messageId: string }) => d.messageId).sort();
    const got = receiver.received.map((r) => r.headers['webhook-id']).filter((id) => ids.includes(id));
    expect([...new Set(got)].sort()).toEqual(ids);
    expect((await admin('GET', `/endpoints/${endpoint.id}`)).body).toMatchObject({ enabled: true, failingSince: null });
    await admin('DELETE', `/endpoints/${endpoint.id}`);
  });

  it('a worker that crashes after the receiver got the message delivers it again with the same webhook-id', async () => {
    const endpoint = await createEndpoint(receiver.url, ['kyc.approved']);
    receiver.secrets = [endpoint.secret];
    const worker = t.app.get(JobWorker);
    await worker.stop();
    try {
      const test = await admin('POST', `/endpoints/${endpoint.id}/test`);
      expect(test.status).toBe(202);
      const delivery = (await t.app.get(DataSource).getRepository(WebhookDelivery).findOneBy({ id: test.body.id }))!;
      // The crashed worker: claims the job with a short lease, sends (the receiver answers 200), dies before recording.
      const now = Date.now();
      const [job] = await t.app
        .get(JobQueue)
        .claim({ workerId: 'crashed-worker', now, leaseUntil: now + 100, limit: 1, kinds: [WEBHOOK_DELIVERY_JOB], ids: [delivery.jobId!] });
      expect(job).toBeDefined();
      await t.app.get(WebhookDeliveryHandler).handle(JSON.parse(job.payload), {
        jobId: job.id,
        brokerName: job.brokerName,
        kind: job.kind,
        attempt: job.attempts,
        maxAttempts: job.maxAttempts,
        createdAt: job.createdAt,
        leaseMs: 100,
        leaseUntil: () => now + 100,
        renewLease: () => Promise.resolve(now + 100),
      });
      expect(receiver.received.filter((r) => r.headers['webhook-id'] === delivery.messageId)).toHaveLength(1);
    } finally {
      worker.start();
    }
    // The lease expires; a live worker reclaims the job and sends the message again.
    const messageId = (await admin('GET', `/endpoints/${endpoint.id}/deliveries`)).body[0].messageId as string;
    await eventually(async () => receiver.received.filter((r) => r.headers['webhook-id'] === messageId).length === 2, 'the redelivery after the crash');
    const twice = receiver.received.filter((r) => r.headers['webhook-id'] === messageId);
    expect(twice.map((r) => r.body)).toEqual([twice[0].body, twice[0].body]);
    expect(twice[0].payload).toMatchObject({ type: 'test', data: { brokerName: 'broker_a', endpointId: endpoint.id } });
    // A manual redelivery: same webhook-id again, signed afresh.
    const deliveries = await admin('GET', `/endpoints/${endpoint.id}/deliveries`);
    const again = await admin('POST', `/endpoints/${endpoint.id}/deliveries/${deliveries.body[0].id}/redeliver`);
    expect(again.status).toBe(202);
    await eventually(async () => receiver.received.filter((r) => r.headers['webhook-id'] === messageId).length === 3, 'the manual redelivery');
    expect((await admin('POST', `/endpoints/${endpoint.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`)).status).toBe(404);
    await admin('DELETE', `/endpoints/${endpoint.id}`);
  });

  it('secret rotation: during the overlap both secrets verify each message; after it only the new one', async () => {
    const endpoint = await createEndpoint(receiver.url, ['kyc.approved']);
    const oldSecret = endpoint.secret;
    receiver.secrets = [oldSecret];
    const rotated = await admin('POST', `/endpoints/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.body.previousSecretExpiresAt).toEqual(expect.any(String));
    expect((await admin('GET', `/endpoints/${endpoint.id}`)).text).not.toContain(newSecret.slice(6));

    const during = await admin('POST', `/endpoints/${endpoint.id}/test`);
    const first = await eventually(
      async () => receiver.received.find((r) => r.headers['webhook-id'] === during.body.messageId),
      'a message during the overlap',
    );
    expect(first.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifiesWith(first, oldSecret)).toBe(true);
    expect(verifiesWith(first, newSecret)).toBe(true);

    t.app.get(Clock).advance(6 * 60_000);
    receiver.secrets = [newSecret, oldSecret];
    const after = await admin('POST', `/endpoints/${endpoint.id}/test`);
    const second = await eventually(async () => receiver.received.find((r) => r.headers['webhook-id'] === after.body.messageId), 'a message after the overlap');
    expect(second.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifiesWith(second, newSecret)).toBe(true);
    expect(verifiesWith(second, oldSecret)).toBe(false);
    await admin('DELETE', `/endpoints/${endpoint.id}`);
  });

  it('an endpoint that fails every delivery for the configured period is disabled, with an audit event', async () => {
    const failing = new WebhookReceiver();
    await failing.up();
    try {
      const endpoint = await createEndpoint(failing.url, ['kyc.approved']);
      failing.secrets = [endpoint.secret];
      failing.status = 500;
      await admin('POST', `/endpoints/${endpoint.id}/test`);
      await eventually(async () => (await admin('GET', `/endpoints/${endpoint.id}`)).body.failingSince !== null, 'the failure streak');
      expect((await admin('GET', `/endpoints/${endpoint.id}`)).body.enabled).toBe(true);
      // The streak lasts past the period: the next failed attempt disables the endpoint.
      t.app.get(Clock).advance(11 * 60_000);
      await eventually(async () => (await admin('GET', `/endpoints/${endpoint.id}`)).body.enabled === false, 'the auto-disable');
      expect((await admin('GET', `/endpoints/${endpoint.id}`)).body).toMatchObject({ enabled: false, disabledReason: 'auto' });
      const audit = await t.app.get(AuditService).list({ brokers: ['broker_a'], limit: 50 });
      expect(audit).toContainEqual(
        expect.objectContaining({ action: 'webhook.endpoint_auto_disabled', target: `webhook_endpoint:${endpoint.id}`, category: 'security' }),
      );
      const log = (await admin('GET', `/endpoints/${endpoint.id}/deliveries`)).body;
      expect(log[0]).toMatchObject({ state: 'failed', log: expect.arrayContaining([expect.objectContaining({ status: 500, responseSnippet: 'rece' })]) });
      // Disabled: no more deliveries, and a test or a redelivery is refused until it is enabled again.
      expect((await admin('POST', `/endpoints/${endpoint.id}/test`)).status).toBe(409);
      const enabled = await admin('PATCH', `/endpoints/${endpoint.id}`, { enabled: true });
      expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
      await admin('DELETE', `/endpoints/${endpoint.id}`);
    } finally {
      await failing.down();
    }
  });
});
