import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { HostedProviderConfig } from '../../src/config/payments-config';
import { maskedConfig } from '../../src/config/config-loader';
import { kycTestConfig } from '../inapp-actions/kyc-test-kit';
import { http, startTestApp, TestApp } from '../support/test-app';

const CALLBACK_SECRET = 'wiring-callback-secret-0123456789';

/** GET /admin/config shows map-valued settings (customActions.actions) with their entries, secrets still masked. */
describe('wiring: /admin/config shows maps', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    const { config } = kycTestConfig();
    const a = config.brokers.find((b) => b.brokerName === 'broker_a')!;
    // Resolved secrets live in the running config as plain values.
    a.payments.hosted = Object.assign(new HostedProviderConfig(), { paymentPageUrl: 'https://pay.example.com/page', callbackSecret: CALLBACK_SECRET });
    t = await startTestApp(config);
    key = (await t.app.get(AdminApiKeyService).create({ name: 'config reader', role: 'read', brokers: ['broker_a'] })).key;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('customActions.actions lists every action with its settings; callbackSecret and managerPassword are masked', async () => {
    const r = await http(`${t.baseUrl}/admin/config`, { headers: { authorization: `Bearer ${key}` } });
    expect(r.status).toBe(200);
    const broker = r.body.brokers.find((b: { brokerName: string }) => b.brokerName === 'broker_a');
    const actions = broker.customActions.actions;
    expect(Object.keys(actions).sort()).toEqual(['becomePartner', 'hours', 'support', 'verify']);
    expect(actions.becomePartner).toMatchObject({ url: 'https://partners.example.com/join?x=1' });
    expect(actions.verify).toMatchObject({ builtin: 'kyc', eventName: 'kyc_opened' });
    expect(actions.hours.text).toMatchObject({ en: 'Open 24/5.', de: 'Geöffnet 24/5.' });
    expect(broker.payments.hosted.callbackSecret).toBe('******');
    expect(broker.ctrader.managerPassword).toBe('******');
    expect(JSON.stringify(r.body)).not.toContain(CALLBACK_SECRET);
    // Only the key's brokers.
    expect(r.body.brokers.map((b: { brokerName: string }) => b.brokerName)).toEqual(['broker_a']);
  });

  it('masks the credentials of every URL-valued setting, wherever it sits in the tree (issue #17)', async () => {
    // The view reads the running config: URL-valued settings set here (a live Redis would otherwise be dialled).
    t.config.redisUrl = 'redis://:redis-pass-123@redis.internal:6379/0';
    const a = t.config.brokers.find((b) => b.brokerName === 'broker_a')! as unknown as Record<string, unknown>;
    a.someWebhook = { url: 'https://hooks.example.com/in?token=hook-token-456&team=ops', backup: 'amqp://svc:amqp-pass-789@mq.internal/vhost' };
    try {
      const r = await http(`${t.baseUrl}/admin/config`, { headers: { authorization: `Bearer ${key}` } });
      expect(r.status).toBe(200);
      const text = JSON.stringify(r.body);
      for (const secret of ['redis-pass-123', 'hook-token-456', 'amqp-pass-789']) expect(text).not.toContain(secret);
      expect(r.body.redisUrl).toBe('redis://:******@redis.internal:6379/0');
      const broker = r.body.brokers.find((b: { brokerName: string }) => b.brokerName === 'broker_a');
      expect(broker.someWebhook).toEqual({ url: 'https://hooks.example.com/in?token=******&team=ops', backup: 'amqp://svc:******@mq.internal/vhost' });
      // Ordinary URLs stay readable.
      expect(broker.customActions.actions.becomePartner.url).toBe('https://partners.example.com/join?x=1');
    } finally {
      delete t.config.redisUrl;
      delete a.someWebhook;
    }
  });

  it('maskedConfig: URL credentials in any string (database, SMTP, query secrets), user names and plain URLs kept', () => {
    const view = maskedConfig({
      database: { url: 'postgres://app:db-pw@db.internal:5432/crm?sslmode=require&password=also-pw' },
      list: ['smtp://mailer:smtp-pw@smtp.example.com:587', 'https://ok.example.com/path?lang=en', 'sqlite:./data/x.db', 'postgres://postgres@127.0.0.1/test'],
      deep: new Map([['x', { endpoint: 'https://api.example.com/v1?apiKey=k1&Signature=s1&sig=s2#access_token=frag' }]]),
    } as never) as Record<string, any>;
    expect(view.database.url).toBe('postgres://app:******@db.internal:5432/crm?sslmode=require&password=******');
    expect(view.list).toEqual([
      'smtp://mailer:******@smtp.example.com:587',
      'https://ok.example.com/path?lang=en',
      'sqlite:./data/x.db',
      'postgres://postgres@127.0.0.1/test',
    ]);
    expect(view.deep.x.endpoint).toBe('https://api.example.com/v1?apiKey=******&Signature=******&sig=******#access_token=******');
  });

  it('maskedConfig: a secret inside a map value is masked, Sets become arrays', () => {
    const shaped = {
      // A config class inside a map: its @Secret field is masked (the class says so, not the key's name).
      brokers: [
        {
          extra: new Map<string, unknown>([
            ['one', Object.assign(new HostedProviderConfig(), { callbackSecret: 'inner-secret', paymentPageUrl: 'https://x.example.com' })],
          ]),
          tags: new Set(['a', 'b']),
        },
      ],
    };
    const view = maskedConfig(shaped as never) as { brokers: Array<{ extra: Record<string, Record<string, string>>; tags: string[] }> };
    expect(view.brokers[0].extra.one).toMatchObject({ callbackSecret: '******', paymentPageUrl: 'https://x.example.com' });
    expect(view.brokers[0].tags).toEqual(['a', 'b']);
  });
});
