import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { HostedProviderConfig, PaymentLimitsConfig, PaymentsConfig } from '../../src/config/payments-config';
import { ClientAreaSections } from '../../src/kernel/client-area';
import { CtraderAppClient } from '../../src/simulator';
import { A, ClientAreaEnv, ScreenClient as ClientAreaClient, seedTrader, startClientAreaEnv } from '../client-area/client-area-fixtures';
import { form, PDF, ScreenClient as KycClient, csrfOf } from '../inapp-actions/kyc-test-kit';
import { adminCall, eventually, FAST_JOBS_ENV, historyOf, openPaymentScreen, paymentIdFrom, submitPayment } from '../inapp-actions/payments-harness';
import { withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { TEST_CRM_PASSWORD } from '../support/test-config';

/** broker_a with payments (manual) and KYC in a temp directory, on the client-area test environment. */
export async function startWiredEnv(): Promise<ClientAreaEnv> {
  const storageDir = mkdtempSync(join(tmpdir(), 'wiring-kyc-'));
  return startClientAreaEnv((config) => {
    const a = config.brokers.find((b) => b.brokerName === 'broker_a')!;
    a.payments = Object.assign(new PaymentsConfig(), {
      providers: ['manual'],
      currencies: ['USD', 'EUR'],
      deposit: Object.assign(new PaymentLimitsConfig(), { minMinor: 1000, maxMinor: 1_000_000 }),
      withdrawal: Object.assign(new PaymentLimitsConfig(), { minMinor: 500, maxMinor: 1_000_000 }),
      hosted: new HostedProviderConfig(),
    });
    a.kyc.storageDir = storageDir;
  });
}

/**
 * The client-area dashboard wired to the in-app actions (docs/wiring.md): a deposit made in the app and approved
 * by an admin, and a KYC submission approved by an admin, both show on /client, for that trader only.
 */
describe(`wiring: client-area sections from payments and KYC (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let env: ClientAreaEnv;
  let admin: ReturnType<typeof adminCall>;
  let ct: CtraderAppClient;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    env = await startWiredEnv();
    admin = adminCall(env.t, (await env.t.app.get(AdminApiKeyService).create({ name: 'wiring', role: 'write', brokers: ['broker_a'] })).key);
    ct = new CtraderAppClient({ baseUrl: env.t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
  }, 90_000);
  afterAll(async () => {
    await env?.close();
    restoreEnv?.();
  });

  const sectionOf = (html: string, id: string) => {
    const start = html.indexOf(`id="section-${id}-title"`);
    if (start < 0) return null;
    const end = html.indexOf('</section>', start);
    return html.slice(start, end < 0 ? undefined : end);
  };

  it('both modules registered their sections at init', () => {
    expect(
      env.t.app
        .get(ClientAreaSections)
        .list()
        .map((p) => `${p.slot}:${p.id}`),
    ).toEqual(['payments:inapp-actions.payments', 'kyc:inapp-actions.kyc']);
  });

  it('shows a completed deposit and the approved KYC status on /client; another trader sees neither', async () => {
    const seeded = await seedTrader(env.t);
    const trader = { userId: seeded.user.id, ctidUserId: seeded.user.ctidUserId!, login: seeded.logins[0] };

    // Deposit from the app (4.4 token), approved by an admin, 3.5 done once.
    const { client, page } = await openPaymentScreen(env.t, ct, trader, 'deposit');
    expect(page.status).toBe(200);
    const submitted = await submitPayment(client, page.html, { amount: '125.50' });
    expect(submitted.status).toBe(303);
    const id = paymentIdFrom(submitted.location);
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`, { note: 'wire received' })).status).toBe(200);
    await eventually(async () => (await admin('GET', `/admin/brokers/broker_a/payments/${id}`)).body.state === 'completed', 'the deposit to complete');
    expect(historyOf(env.sim, trader.login, `pay-${id}`)).toHaveLength(1);

    // Before any KYC submission: the status says not verified.
    const c = new ClientAreaClient(env.t.baseUrl);
    expect((await c.login(seeded.email)).res.status).toBe(303);
    const before = sectionOf((await c.get(`/client?${A}`)).html, 'inapp-actions.kyc')!;
    expect(before).toContain('Not verified yet');

    // KYC from the app (4.4 token), approved by an admin.
    const kyc = new KycClient(env.t.baseUrl);
    const token = (await ct.generate(trader.ctidUserId)).body as { token: string };
    const screen = await kyc.open(`/inapp/kyc?${A}&token=${encodeURIComponent(token.token)}&account=${trader.login}`);
    expect(screen.status).toBe(200);
    const action = screen.url;
    expect(
      (await kyc.post(action, form({ _csrf: csrfOf(screen.text), documentType: 'passport' }, [{ data: PDF(), name: 'passport.pdf', type: 'application/pdf' }])))
        .status,
    ).toBe(303);
    const pending = await admin('GET', `/admin/brokers/broker_a/kyc/submissions?status=pending&userId=${trader.userId}`);
    expect(pending.body).toHaveLength(1);
    expect((await admin('POST', `/admin/brokers/broker_a/kyc/submissions/${pending.body[0].id}/review`, { decision: 'approve' })).status).toBe(200);

    const { res, html } = await c.get(`/client?${A}`);
    expect(res.status).toBe(200);
    const payments = sectionOf(html, 'inapp-actions.payments')!;
    expect(payments).toContain('Deposits and withdrawals');
    expect(payments).toContain('$125.50');
    expect(payments).toContain('Deposit');
    expect(payments).toContain(String(trader.login));
    expect(payments).toMatch(/ca-tone-success">Completed</);
    const kycSection = sectionOf(html, 'inapp-actions.kyc')!;
    expect(kycSection).toContain('Identity verification');
    expect(kycSection).toMatch(/ca-tone-success">Approved</);
    expect(kycSection).toContain('Passport');
    expect(html).not.toContain('This information is unavailable right now');

    // In German, from the module's own strings.
    const de = (await c.get(`/client?${A}&lang=de`)).html;
    expect(sectionOf(de, 'inapp-actions.payments')).toContain('Einzahlung');
    expect(sectionOf(de, 'inapp-actions.payments')).toContain('Abgeschlossen');
    expect(sectionOf(de, 'inapp-actions.kyc')).toContain('Genehmigt');
    expect(sectionOf(de, 'inapp-actions.kyc')).toContain('Reisepass');

    // Another trader of the same broker sees only empty states.
    const other = await seedTrader(env.t);
    const o = new ClientAreaClient(env.t.baseUrl);
    await o.login(other.email);
    const otherHtml = (await o.get(`/client?${A}`)).html;
    expect(sectionOf(otherHtml, 'inapp-actions.payments')).toContain('No deposits or withdrawals yet.');
    expect(sectionOf(otherHtml, 'inapp-actions.payments')).not.toContain('125.50');
    expect(sectionOf(otherHtml, 'inapp-actions.kyc')).toContain('Not verified yet');
  });

  it('a broker with the client area but without inappActions gets no payment or KYC section from them', async () => {
    const broker = env.t.app.get(ClientAreaSections);
    const viewer = { userId: 1, ctidUserId: null, email: 'x@example.com', accountLogins: [1] };
    const display = { lang: 'en', t: (k: string) => k };
    const noInapp = { brokerName: 'broker_x', brokerCrmName: 'crm_x', config: {} as never, modules: new Set([]) };
    const providers = broker.list();
    // Not a loop over nothing: the two inappActions sections are registered, and every provider is asked.
    expect(providers.map((p) => p.id)).toEqual(expect.arrayContaining(['inapp-actions.payments', 'inapp-actions.kyc']));
    const sections = await Promise.all(providers.map(async (p) => ({ id: p.id, section: await p.section(noInapp, viewer, display) })));
    expect(sections).toEqual(providers.map((p) => ({ id: p.id, section: null })));
  });
});
