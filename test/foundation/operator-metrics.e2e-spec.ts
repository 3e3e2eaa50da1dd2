import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EmailMessage } from '../../src/kernel/mail/email-message.entity';
import { Job, JobQueue } from '../../src/kernel/jobs';
import { KycSubmission } from '../../src/modules/inapp-actions/kyc/entities/kyc-submission.entity';
import { PaymentRequest } from '../../src/modules/inapp-actions/payments/entities/payment-request.entity';
import type { PaymentKind, PaymentState } from '../../src/modules/inapp-actions/payments/domain/payment-state';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * The gauges an operator alerts on (issue #18), read from real rows through GET /metrics: what the database holds
 * at the scrape is what the scrape says, per kind and per broker, and a queue that empties drops to nothing.
 */
describe('operator gauges on /metrics: job queue, payments awaiting approval, email backlog, KYC review queue', () => {
  let t: TestApp;
  let ds: DataSource;
  const HOUR = 3600_000;

  beforeAll(async () => {
    t = await startTestApp(testConfig());
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const m = await http(`${t.baseUrl}/metrics`);
    expect(m.status).toBe(200);
    return m.text;
  };
  /** The value of one sample line (labels in the order prom-client writes them), or undefined when absent. */
  const sample = (text: string, line: string): number | undefined => {
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    return found === undefined ? undefined : Number(found.slice(line.length + 1));
  };

  it('job_queue_jobs counts pending, running and dead jobs per kind; the oldest pending job has an age', async () => {
    // Kinds no handler is registered for: the worker never claims them, so the rows stay as written.
    const queue = t.app.get(JobQueue);
    const enqueue = (kind: string, key: string) =>
      ds.transaction((m: EntityManager) => queue.enqueue(m, { brokerName: 'broker_a', kind, payload: {}, idempotencyKey: key }));
    const jobs = ds.getRepository(Job);
    const ids: string[] = [];
    for (const key of ['p1', 'p2', 'p3']) ids.push((await enqueue('test.metrics.alpha', key)).job.id);
    const running = (await enqueue('test.metrics.alpha', 'r1')).job.id;
    await jobs.update({ id: running }, { state: 'running', lockedBy: 'elsewhere', lockedUntil: Date.now() + HOUR });
    const dead = (await enqueue('test.metrics.beta', 'd1')).job.id;
    await jobs.update({ id: dead }, { state: 'dead', lastError: 'gave up' });
    const done = (await enqueue('test.metrics.beta', 's1')).job.id;
    await jobs.update({ id: done }, { state: 'succeeded' });
    // The oldest pending alpha job was written two hours ago.
    await jobs.update({ id: ids[0] }, { createdAt: Date.now() - 2 * HOUR });

    const text = await scrape();
    expect(sample(text, 'job_queue_jobs{kind="test.metrics.alpha",state="pending"}')).toBe(3);
    expect(sample(text, 'job_queue_jobs{kind="test.metrics.alpha",state="running"}')).toBe(1);
    expect(sample(text, 'job_queue_jobs{kind="test.metrics.beta",state="dead"}')).toBe(1);
    // Succeeded jobs are history, not queue.
    expect(text).not.toMatch(/job_queue_jobs\{kind="test\.metrics\.beta",state="(succeeded|pending)"\}/);
    const age = sample(text, 'job_queue_oldest_pending_age_seconds{kind="test.metrics.alpha"}')!;
    expect(age).toBeGreaterThanOrEqual(2 * 3600);
    expect(age).toBeLessThan(3 * 3600);
    expect(text).not.toContain('job_queue_oldest_pending_age_seconds{kind="test.metrics.beta"}');

    // The queue drains: the next scrape no longer reports the kind.
    await jobs.update({ kind: 'test.metrics.alpha' }, { state: 'succeeded' });
    const after = await scrape();
    expect(after).not.toContain('kind="test.metrics.alpha"');
    expect(sample(after, 'job_queue_jobs{kind="test.metrics.beta",state="dead"}')).toBe(1);
  });

  it('payments_awaiting_approval counts pending requests per broker, kind and provider', async () => {
    const now = Date.now();
    const payment = (brokerName: string, kind: PaymentKind, provider: 'manual' | 'hosted', state: PaymentState): PaymentRequest => {
      const id = randomUUID();
      return Object.assign(new PaymentRequest(), {
        id,
        brokerName,
        userId: 1,
        login: 1001,
        kind,
        provider,
        state,
        amountMinor: 1000,
        currency: 'USD',
        moneyDigits: 2,
        formKey: id,
        destination: null,
        externalId: `pay-${id}`,
        jobId: null,
        balanceHistoryId: null,
        reason: null,
        note: null,
        providerEventId: null,
        createdAt: now,
        updatedAt: now,
      });
    };
    await ds
      .getRepository(PaymentRequest)
      .insert([
        payment('broker_a', 'deposit', 'manual', 'pending'),
        payment('broker_a', 'deposit', 'manual', 'pending'),
        payment('broker_a', 'withdrawal', 'manual', 'pending'),
        payment('broker_a', 'deposit', 'hosted', 'pending'),
        payment('broker_c', 'withdrawal', 'manual', 'pending'),
        payment('broker_a', 'deposit', 'manual', 'completed'),
        payment('broker_a', 'deposit', 'manual', 'created'),
        payment('broker_c', 'deposit', 'manual', 'reconciliation'),
      ]);
    const text = await scrape();
    expect(sample(text, 'payments_awaiting_approval{broker="broker_a",kind="deposit",provider="manual"}')).toBe(2);
    expect(sample(text, 'payments_awaiting_approval{broker="broker_a",kind="withdrawal",provider="manual"}')).toBe(1);
    expect(sample(text, 'payments_awaiting_approval{broker="broker_a",kind="deposit",provider="hosted"}')).toBe(1);
    expect(sample(text, 'payments_awaiting_approval{broker="broker_c",kind="withdrawal",provider="manual"}')).toBe(1);
    expect(text).not.toContain('payments_awaiting_approval{broker="broker_c",kind="deposit"');
    expect(sample(text, 'payments_in_reconciliation{broker="broker_c"}')).toBe(1);
  });

  it('email_backlog counts queued (undelivered) emails per broker', async () => {
    const now = Date.now();
    const email = (brokerName: string, state: EmailMessage['state']): Partial<EmailMessage> => ({
      brokerName,
      toAddress: 'trader@example.com',
      fromAddress: 'noreply@example.com',
      subject: 'Welcome',
      textBody: 'hello',
      htmlBody: '<p>hello</p>',
      redactedTextBody: 'hello',
      redactedHtmlBody: '<p>hello</p>',
      template: 'sso.welcome',
      language: 'en',
      transport: 'smtp',
      state,
      messageId: null,
      lastError: null,
      createdAt: now,
      deliveredAt: null,
    });
    await ds
      .getRepository(EmailMessage)
      .insert([email('broker_a', 'queued'), email('broker_a', 'queued'), email('broker_b', 'queued'), email('broker_b', 'sent'), email('broker_c', 'failed')]);
    const text = await scrape();
    expect(sample(text, 'email_backlog{broker="broker_a"}')).toBe(2);
    expect(sample(text, 'email_backlog{broker="broker_b"}')).toBe(1);
    expect(text).not.toContain('email_backlog{broker="broker_c"}');
  });

  it('kyc_review_queue counts submissions waiting for a reviewer per broker', async () => {
    const now = Date.now();
    const submission = (brokerName: string, status: KycSubmission['status']): KycSubmission =>
      Object.assign(new KycSubmission(), {
        id: randomUUID(),
        brokerName,
        userId: 1,
        accountLogin: null,
        documentType: 'passport',
        status,
        reviewReason: null,
        reviewedBy: null,
        reviewedAt: null,
        createdAt: now,
      });
    await ds
      .getRepository(KycSubmission)
      .insert([submission('broker_a', 'pending'), submission('broker_c', 'pending'), submission('broker_c', 'pending'), submission('broker_a', 'approved')]);
    const text = await scrape();
    expect(sample(text, 'kyc_review_queue{broker="broker_a"}')).toBe(1);
    expect(sample(text, 'kyc_review_queue{broker="broker_c"}')).toBe(2);
  });
});
