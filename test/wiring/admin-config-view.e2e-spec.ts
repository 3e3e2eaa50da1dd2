import { AdminApiKeyService } from '../../src/admin/api-keys/admin-api-key.service';
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

  it('maskedConfig: a secret inside a map value is masked, Sets become arrays', () => {
    const shaped = {
      brokers: [{ extra: new Map<string, unknown>([['one', { callbackSecret: 'inner-secret', url: 'https://x.example.com' }]]), tags: new Set(['a', 'b']) }],
    };
    const view = maskedConfig(shaped as never) as { brokers: Array<{ extra: Record<string, Record<string, string>>; tags: string[] }> };
    expect(view.brokers[0].extra.one).toEqual({ callbackSecret: '******', url: 'https://x.example.com' });
    expect(view.brokers[0].tags).toEqual(['a', 'b']);
  });
});
