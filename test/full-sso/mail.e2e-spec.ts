import { DataSource } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { buildConfig } from '../../src/config/config-loader';
import { EmailMessage } from '../../src/kernel/mail/email-message.entity';
import { MailService } from '../../src/kernel/mail/mail.service';
import { Job } from '../../src/kernel/jobs/job.entity';
import { withEnv } from '../support/simulator-harness';
import { SmtpSink } from '../support/smtp-sink';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

const until = async <T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Kernel mail: SMTP through nodemailer to a real SMTP server, retries through the durable jobs, the demo outbox. */
describe('mail (SMTP sink, durable delivery, outbox)', () => {
  let restoreEnv: () => void;
  beforeAll(() => {
    // Fast retries, so an outage of a few refusals is over within the test.
    restoreEnv = withEnv({ JOBS_POLL_INTERVAL_MS: '50', JOBS_BACKOFF_BASE_MS: '50', JOBS_BACKOFF_MAX_MS: '200' });
  });
  afterAll(() => restoreEnv());

  describe('smtp transport', () => {
    let t: TestApp;
    let sink: SmtpSink;

    beforeAll(async () => {
      sink = await SmtpSink.start();
      t = await startTestApp(
        testConfig({
          mail: {
            transport: 'smtp',
            from: 'no-reply@broker.test',
            smtp: {
              host: '127.0.0.1',
              port: sink.port,
              secure: false,
              user: 'relay-user',
              smtpPassword: { env: 'SMTP_TEST_PASSWORD', default: 'sink-secret-1' },
            },
          },
        }),
      );
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await sink?.close();
    });

    it('renders the template in the recipient language, sends it with the configured credentials, then erases the bodies', async () => {
      const row = await t.app.get(MailService).queue({
        brokerName: 'broker_a',
        to: 'ana@example.com',
        template: 'sso.welcome',
        language: 'es',
        params: { firstName: "Ana O'Neil", accountLogin: 123456 },
      });
      const m = await sink.waitFor((x) => x.envelopeTo.includes('ana@example.com'));
      expect(m.subject).toBe('Bienvenido a broker_a brand');
      expect(m.from).toContain('broker_a brand');
      expect(m.from).toContain('no-reply@broker.test');
      expect(m.text).toContain("Hola, Ana O'Neil:");
      expect(m.text).toContain('123456');
      expect(m.html).toContain('Ana O&#39;Neil');
      expect(m.html).toContain('lang="es"');
      expect(m.auth).toEqual({ username: 'relay-user', password: 'sink-secret-1' });
      const saved = await until(async () => {
        const r = await repo(t).findOneBy({ id: row.id });
        return r?.state === 'sent' ? r : null;
      }, 'the message marked sent');
      expect(saved.textBody).toBe('');
      expect(saved.htmlBody).toBe('');
      expect(saved.messageId).toBeTruthy();
    });

    it('an SMTP outage (4xx refusals) delays the message; the job retries and it arrives exactly once', async () => {
      sink.refuseNext(3, 451);
      const before = sink.attempts;
      const row = await t.app
        .get(MailService)
        .queue({ brokerName: 'broker_a', to: 'outage@example.com', template: 'sso.welcome', language: 'de', params: { firstName: 'Bo' } });
      const m = await sink.waitFor((x) => x.envelopeTo.includes('outage@example.com'));
      expect(m.subject).toBe('Willkommen bei broker_a brand');
      expect(sink.attempts - before).toBeGreaterThanOrEqual(4);
      expect(sink.to('outage@example.com')).toHaveLength(1);
      const job = await until(async () => {
        const jobs = await repo(t)
          .manager.getRepository(Job)
          .find({ where: { kind: 'mail.send', brokerName: 'broker_a' } });
        return jobs.find((x) => JSON.parse(x.payload).messageId === row.id && x.state === 'succeeded');
      }, 'the job to succeed');
      expect(job.attempts).toBeGreaterThanOrEqual(4);
    });

    it('a permanent refusal (5xx) marks the message failed and the job dead, without retrying', async () => {
      sink.refuseNext(1, 550, 'No such mailbox');
      const row = await t.app
        .get(MailService)
        .queue({ brokerName: 'broker_b', to: 'nobody@example.com', template: 'sso.welcome', language: 'fr', params: { firstName: 'Cy' } });
      const failed = await until(async () => {
        const r = await repo(t).findOneBy({ id: row.id });
        return r?.state === 'failed' ? r : null;
      }, 'the message marked failed');
      expect(failed.lastError).toContain('550');
      const jobs = await repo(t)
        .manager.getRepository(Job)
        .find({ where: { kind: 'mail.send', brokerName: 'broker_b' } });
      const job = jobs.find((x) => JSON.parse(x.payload).messageId === row.id)!;
      expect(job.state).toBe('dead');
      expect(job.attempts).toBe(1);
      expect([failed.textBody, failed.htmlBody]).toEqual(['', '']);
    });

    it('a message whose last attempt fails (4xx every time) is failed with its bodies erased: dead mail keeps no link (issue #17)', async () => {
      const attempts = 10; // JOBS_MAX_ATTEMPTS default
      sink.refuseNext(attempts, 451);
      const row = await t.app.get(MailService).queue({
        brokerName: 'broker_a',
        to: 'gone@example.com',
        template: 'sso.passwordReset',
        language: 'en',
        params: { firstName: 'Ed', link: 'https://x.example/r?t=dead-link-secret', minutes: 30 },
      });
      const stored = await repo(t).findOneByOrFail({ id: row.id });
      expect(stored.textBody).toContain('dead-link-secret');
      const failed = await until(async () => {
        const r = await repo(t).findOneBy({ id: row.id });
        return r?.state === 'failed' ? r : null;
      }, 'the message marked failed after its last attempt');
      expect([failed.textBody, failed.htmlBody]).toEqual(['', '']);
      expect(failed.redactedTextBody).toContain('[redacted]');
      expect(failed.redactedTextBody).not.toContain('dead-link-secret');
      const job = (
        await repo(t)
          .manager.getRepository(Job)
          .find({ where: { kind: 'mail.send', brokerName: 'broker_a' } })
      ).find((x) => JSON.parse(x.payload).messageId === row.id)!;
      expect([job.state, job.attempts, job.maxAttempts]).toEqual(['dead', attempts, attempts]);
    });

    it('the same idempotency key sends once', async () => {
      const mail = t.app.get(MailService);
      await mail.queue({
        brokerName: 'broker_a',
        to: 'once@example.com',
        template: 'sso.welcome',
        language: 'en',
        params: { firstName: 'Di' },
        idempotencyKey: 'welcome:once',
      });
      await mail.queue({
        brokerName: 'broker_a',
        to: 'once@example.com',
        template: 'sso.welcome',
        language: 'en',
        params: { firstName: 'Di' },
        idempotencyKey: 'welcome:once',
      });
      await sink.waitFor((x) => x.envelopeTo.includes('once@example.com'));
      expect(await repo(t).countBy({ toAddress: 'once@example.com' })).toBe(1);
    });
  });

  describe('outbox transport (demo)', () => {
    let t: TestApp;
    let all: string;
    let readA: string;
    let readB: string;

    beforeAll(async () => {
      t = await startTestApp(testConfig({ mail: { transport: 'outbox', from: 'demo@broker.test' } }));
      const keys = t.app.get(AdminApiKeyService);
      all = (await keys.create({ name: 'all', role: 'write', brokers: '*' })).key;
      readA = (await keys.create({ name: 'read a', role: 'read', brokers: ['broker_a'] })).key;
      readB = (await keys.create({ name: 'read b', role: 'read', brokers: ['broker_b'] })).key;
    }, 60_000);
    afterAll(() => t?.close());

    const get = (path: string, key?: string) => http(`${t.baseUrl}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

    it('stores each message (nothing is sent) and shows it through GET /admin/brokers/{brokerName}/email-outbox, one broker per path', async () => {
      const mail = t.app.get(MailService);
      await mail.queue({ brokerName: 'broker_a', to: 'zh@example.com', template: 'sso.welcome', language: 'zh', params: { firstName: '李' } });
      await mail.queue({ brokerName: 'broker_b', to: 'b@example.com', template: 'sso.welcome', language: 'xx', params: { firstName: 'B' } });
      await until(async () => (await repo(t).countBy({ state: 'stored' })) === 2, 'both stored');

      const a = await get('/admin/brokers/broker_a/email-outbox', readA);
      expect(a.status).toBe(200);
      expect(a.body).toHaveLength(1);
      expect(a.body[0]).toMatchObject({
        brokerName: 'broker_a',
        to: 'zh@example.com',
        subject: '欢迎加入 broker_a brand',
        language: 'zh',
        transport: 'outbox',
        state: 'stored',
        template: 'sso.welcome',
      });
      expect(a.body[0].text).toContain('李，您好');
      expect(a.body[0].html).toContain('dir="ltr"');

      const b = await get('/admin/brokers/broker_b/email-outbox?to=B@example.com', readB);
      expect(b.body).toHaveLength(1);
      expect(b.body[0].language).toBe('en');
      expect((await get('/admin/brokers/broker_a/email-outbox', readB)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
      expect((await get('/admin/brokers/broker_a/email-outbox?template=sso.welcome&state=stored', all)).body).toHaveLength(1);
      expect((await get('/admin/brokers/broker_b/email-outbox?template=sso.welcome&state=stored', all)).body).toHaveLength(1);
      expect((await get('/admin/brokers/broker_a/email-outbox?brokerName=broker_a', all)).body.code).toBe('INVALID_REQUEST');
      expect((await get('/admin/brokers/broker_a/email-outbox?state=sent', all)).body).toHaveLength(0);
    });

    it('shows single-use links redacted to every key; the stored body keeps them until delivered (issue #17)', async () => {
      const mail = t.app.get(MailService);
      const link = 'https://crm.example.com/auth/reset-password/confirm?brokerName=broker_a&brokerCrmName=crm_shared&lang=en&t=reset-secret-AAAA';
      const confirm = 'https://crm.example.com/account/email/confirm?brokerName=broker_a&t=confirm-secret-BBBB';
      const reset = await mail.queue({
        brokerName: 'broker_a',
        to: 'links@example.com',
        template: 'sso.passwordReset',
        language: 'en',
        params: { firstName: 'Lu', link, minutes: 30 },
      });
      const change = await mail.queue({
        brokerName: 'broker_a',
        to: 'links@example.com',
        template: 'sso.emailChange',
        language: 'de',
        params: { firstName: 'Lu', link: confirm, newEmail: 'links@example.com', minutes: 60 },
      });
      await until(async () => (await repo(t).countBy({ toAddress: 'links@example.com', state: 'stored' })) === 2, 'both stored');
      // The table keeps the real message (the outbox is the demo's mailbox; tests read links there).
      expect((await repo(t).findOneByOrFail({ id: reset.id })).textBody).toContain('reset-secret-AAAA');
      for (const key of [readA, all]) {
        const r = await get('/admin/brokers/broker_a/email-outbox?to=links@example.com', key);
        expect(r.status).toBe(200);
        expect(r.body.map((m: { id: number }) => m.id)).toEqual([change.id, reset.id]);
        const text = JSON.stringify(r.body);
        expect(text).not.toContain('reset-secret-AAAA');
        expect(text).not.toContain('confirm-secret-BBBB');
        expect(r.body[1].text).toContain('[redacted]');
        expect(r.body[1].html).toContain('[redacted]');
        expect(r.body[1].subject).toBeTruthy();
      }
    });

    it('redacts a link a template did not declare secret, by its credential-named query parameter', async () => {
      // A row as written before the redacted copy existed (or by a template that forgot secretParams).
      const row = await t.app
        .get(MailService)
        .queue({ brokerName: 'broker_a', to: 'old@example.com', template: 'sso.welcome', language: 'en', params: { firstName: 'Ol' } });
      await repo(t).update(
        { id: row.id },
        {
          redactedTextBody: null,
          redactedHtmlBody: null,
          textBody: 'Open https://crm.example.com/x?brokerName=broker_a&t=undeclared-CCCC&lang=en now',
          htmlBody: '<a href="https://crm.example.com/x?brokerName=broker_a&amp;token=undeclared-DDDD&amp;lang=en">x</a>',
        },
      );
      const r = await get('/admin/brokers/broker_a/email-outbox?to=old@example.com', all);
      expect(r.body[0].text).toBe('Open https://crm.example.com/x?brokerName=broker_a&t=[redacted]&lang=en now');
      expect(r.body[0].html).toBe('<a href="https://crm.example.com/x?brokerName=broker_a&amp;token=[redacted]&amp;lang=en">x</a>');
    });

    it('reveal=true (write key only, audited) shows the real body of outbox messages, for the demo and the conformance kit', async () => {
      const link = 'https://crm.example.com/auth/reset-password/confirm?brokerName=broker_a&t=reveal-secret-EEEE';
      await t.app.get(MailService).queue({
        brokerName: 'broker_a',
        to: 'reveal@example.com',
        template: 'sso.passwordReset',
        language: 'en',
        params: { firstName: 'Re', link, minutes: 30 },
      });
      await until(async () => (await repo(t).countBy({ toAddress: 'reveal@example.com', state: 'stored' })) === 1, 'stored');
      const refused = await get('/admin/brokers/broker_a/email-outbox?to=reveal@example.com&reveal=true', readA);
      expect([refused.status, refused.body.code]).toEqual([403, 'ADMIN_FORBIDDEN']);
      const revealed = await get('/admin/brokers/broker_a/email-outbox?to=reveal@example.com&reveal=true', all);
      expect(revealed.status).toBe(200);
      expect(revealed.body[0].text).toContain('reveal-secret-EEEE');
      const audit = await get('/admin/audit-events?brokerName=broker_a', all);
      expect(JSON.stringify(audit.body)).toContain('mail.outbox.revealed');
    });

    it('refuses a missing key, and bad filters with the contract’s error shape', async () => {
      expect((await get('/admin/brokers/broker_a/email-outbox')).status).toBe(401);
      const bad = await get('/admin/brokers/broker_a/email-outbox?state=lost&limit=9999', all);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ error: expect.any(String), message: expect.any(String), code: expect.any(String) });
    });

    it('is documented in Swagger', async () => {
      const doc = await http(`${t.baseUrl}/docs-json`);
      expect(doc.body.paths['/admin/brokers/{brokerName}/email-outbox']).toBeDefined();
    });
  });

  it('config: smtp transport needs an smtp host; the password is only a secret reference', () => {
    const base = {
      database: { url: 'sqlite::memory:' },
      brokers: [
        {
          brokerName: 'x',
          brokerCrmName: 'y',
          ctrader: { url: 'simulator', managerLogin: 1, managerPassword: { default: 'p' } },
          branding: { name: 'X', legalEntity: 'X Ltd' },
        },
      ],
    };
    expect(() => buildConfig({ ...base, mail: { transport: 'smtp' } }, {})).toThrow(/mail\.smtp/);
    expect(() => buildConfig({ ...base, mail: { transport: 'smtp', smtp: { host: 'h', smtpPassword: 'literal' } } }, {})).toThrow(
      /secrets are given by reference/,
    );
    const ok = buildConfig({ ...base, mail: { transport: 'smtp', smtp: { host: 'h', smtpPassword: { env: 'P' } } } }, { P: 'pw' });
    expect(ok.mail.smtp!.smtpPassword).toBe('pw');
  });
});

function repo(t: TestApp) {
  return t.app.get(DataSource).getRepository(EmailMessage);
}
