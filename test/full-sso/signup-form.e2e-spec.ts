import { DataSource } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { ModuleKey } from '../../src/config/module-key';
import { EmailMessage } from '../../src/kernel/mail/email-message.entity';
import { TraderConsent } from '../../src/kernel/users/trader-consent.entity';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { hashPassword } from '../../src/lib/crypto/password-hash';
import { CtraderSimulator } from '../../src/simulator';
import { ScreenClient } from '../support/screen-client';
import { seedUser } from '../support/seed';
import { startSimulatorFor, TEST_MANAGER_PASSWORD } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testBroker, testConfig } from '../support/test-config';
import { signupCodeFor } from '../support/signup-code';

/**
 * The signup form a regulated broker can use (issue 17), over HTTP with the simulator as cTrader: names that are
 * names, consents recorded with the user, the broker's country list, per-language legal texts, translated enums,
 * and user-typed text escaped in emails.
 */
describe('signup form: names, consents, countries, per-language texts', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let readA: string;
  let readB: string;
  const A = 'brokerName=broker_a&brokerCrmName=crm_shared';
  const B = 'brokerName=broker_b&brokerCrmName=crm_shared';
  const PASSWORD = 'Trader-pass-123';

  beforeAll(async () => {
    const ctrader = {
      url: 'simulator',
      managerLogin: 2309,
      managerPassword: { env: 'TEST_CT_PASSWORD', default: TEST_MANAGER_PASSWORD },
      timeoutMs: 2000,
      nonGetPerSecond: 200,
    };
    const config = testConfig({
      brokers: [
        testBroker('broker_a', 'crm_shared', [ModuleKey.FullSso], {
          ctrader,
          requireAgreement: true,
          consents: [
            {
              key: 'terms',
              url: 'https://a.example/terms-2026-01.pdf',
              version: '2026-01',
              required: true,
              label: { de: 'Ich akzeptiere die AGB von broker_a.' },
            },
            { key: 'privacy', url: 'https://a.example/privacy', version: 'p-7', required: true },
            { key: 'marketing', version: 'm-1', required: false },
          ],
          countries: { blocked: ['US', 'KP'] },
        }),
        testBroker('broker_b', 'crm_shared', [ModuleKey.FullSso], {
          ctrader,
          countries: { allowed: ['CY', 'DE', 'FR', 'AT'] },
          branding: {
            name: 'broker_b brand',
            legalEntity: { en: 'B Markets Ltd', de: 'B Markets GmbH' },
            jurisdiction: {
              en: 'Regulated by the Demo Authority.',
              fr: 'Réglementé par l’Autorité de démonstration.',
              de: 'Reguliert durch die Demo-Aufsicht.',
            },
            defaultLanguage: 'de',
          },
        }),
      ],
    });
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    const keys = t.app.get(AdminApiKeyService);
    readA = (await keys.create({ name: 'read a', role: 'read', brokers: ['broker_a'] })).key;
    readB = (await keys.create({ name: 'read b', role: 'read', brokers: ['broker_b'] })).key;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  const users = () => t.app.get(DataSource).getRepository(TraderUser);
  const consents = () => t.app.get(DataSource).getRepository(TraderConsent);
  const signupPage = (q: string, lang = 'en') => new ScreenClient(t.baseUrl).get(`/auth/login?${q}&firstLogin=true&lang=${lang}`);
  /** Submits the signup form; when it asks for the emailed code (flows §2.3), enters it as the trader would. */
  const signup = async (q: string, fields: Record<string, string>, client = new ScreenClient(t.baseUrl)) => {
    const page = await client.submit(`/auth/login?${q}&firstLogin=true&lang=en`, {
      form: 'signup',
      password: PASSWORD,
      country: 'CY',
      language: 'en',
      ...fields,
    });
    const handle = /name="signup" value="([^"]+)"/.exec(page.text)?.[1];
    if (page.status !== 200 || !handle) return page;
    const code = await signupCodeFor(t.app, /brokerName=([^&]+)/.exec(q)![1], fields.email.trim().toLowerCase());
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    return client.request(
      'POST',
      `/auth/signup/verify?${q}&firstLogin=true&lang=en`,
      new URLSearchParams({ _csrf: csrf, form: 'verifyEmail', signup: handle, code }).toString(),
    );
  };
  const fieldError = (html: string, id: string) => new RegExp(`id="${id}-error">([^<]+)<`).exec(html)?.[1];
  const allConsents = { 'consent-terms': 'true', 'consent-privacy': 'true' };

  describe('names are names', () => {
    it.each([
      ['firstName', '<a href="https://evil.com">Win</a>'],
      ['firstName', 'http://evil.com'],
      ['lastName', 'evil.com/x'],
      ['lastName', 'www.evil'],
      ['firstName', 'Ann\r\nBcc: x@evil.com'],
    ])('%s %j is refused with a field error and no user is created', async (field, name) => {
      const email = `bad-${Math.random().toString(36).slice(2)}@example.com`;
      const res = await signup(A, { email, firstName: 'Ann', lastName: 'Lee', ...allConsents, [field]: name });
      expect(res.status).toBe(422);
      expect(fieldError(res.text, field)).toBe('Enter your name as on your ID: letters, spaces, apostrophes, hyphens and dots only.');
      expect(res.text).not.toContain('<a href="https://evil.com">');
      expect(await users().countBy({ email })).toBe(0);
    });

    it.each([
      ['张', '伟'],
      ['محمد', 'عبد الله'],
      ['José-María', "O'Connor-Müller"],
      ['J. R.', 'Tolkien'],
    ])('%s %s signs up, stored as typed', async (firstName, lastName) => {
      const email = `ok-${Math.random().toString(36).slice(2)}@example.com`;
      const res = await signup(A, { email, firstName, lastName, ...allConsents });
      expect([res.status, res.location]).toEqual([303, expect.stringContaining('/account/create')]);
      expect(await users().findOneByOrFail({ email })).toMatchObject({ firstName, lastName, brokerName: 'broker_a' });
    });
  });

  describe('consents', () => {
    it('shows each consent as a checkbox with its document link; default labels translated, config labels per language', async () => {
      const en = (await signupPage(A)).text;
      expect(en).toMatch(/<input id="consent-terms" name="consent-terms" type="checkbox" value="true" required/);
      expect(en).toContain(
        'I have read and accept the Terms and Conditions. <a href="https://a.example/terms-2026-01.pdf" target="_blank" rel="noopener noreferrer">Read the document</a>',
      );
      expect(en).toContain('I have read and accept the Privacy Policy. <a href="https://a.example/privacy"');
      expect(en).toMatch(/<input id="consent-marketing" name="consent-marketing" type="checkbox" value="true">/);
      const de = (await signupPage(A, 'de')).text;
      expect(de).toContain('Ich akzeptiere die AGB von broker_a. <a href="https://a.example/terms-2026-01.pdf"');
      expect(de).toContain('Ich habe die Datenschutzerklärung gelesen und akzeptiere sie.');
      expect((await signupPage(A, 'zh')).text).toContain('我希望通过电子邮件接收新闻和优惠信息。');
      // A broker without consents and without requireAgreement shows none.
      expect((await signupPage(B)).text).not.toContain('consent-');
    });

    it('a required consent left unticked is a field error (the ticked ones stay ticked); nothing is stored', async () => {
      const email = 'no-privacy@example.com';
      const stored = await consents().count();
      const res = await signup(A, { email, firstName: 'Ann', lastName: 'Lee', 'consent-terms': 'true', 'consent-marketing': 'true' });
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'consent-privacy')).toBe('Please tick this box to continue.');
      expect(fieldError(res.text, 'consent-terms')).toBeUndefined();
      expect(res.text).toMatch(/id="consent-terms" name="consent-terms" type="checkbox" value="true" checked/);
      expect(res.text).toMatch(/id="consent-marketing" name="consent-marketing" type="checkbox" value="true" checked>/);
      expect(await users().countBy({ email })).toBe(0);
      expect(await consents().count()).toBe(stored);
    });

    it('stores each consent given (key, version, time, IP) with the user; 3.13 records the terms; the admin API shows them, broker-scoped', async () => {
      const email = 'consenting@example.com';
      const before = Date.now();
      const res = await signup(A, { email, firstName: 'Cleo', lastName: 'Ng', ...allConsents });
      expect(res.status).toBe(303);
      const user = await users().findOneByOrFail({ email });
      // requireAgreement: the saga recorded the agreement on cTrader (3.13).
      expect(user.signupStep).toBe('agreement_accepted');
      const rows = await consents().find({ where: { userId: user.id }, order: { id: 'ASC' } });
      expect(rows.map((r) => [r.brokerName, r.consentKey, r.version, r.ip])).toEqual([
        ['broker_a', 'terms', '2026-01', '127.0.0.1'],
        ['broker_a', 'privacy', 'p-7', '127.0.0.1'],
      ]);
      for (const r of rows) expect(r.acceptedAt).toBeGreaterThanOrEqual(before);

      const view = await http(`${t.baseUrl}/admin/brokers/broker_a/users/${user.id}`, { headers: { authorization: `Bearer ${readA}` } });
      expect(view.status).toBe(200);
      expect(view.body.consents).toEqual([
        { key: 'terms', version: '2026-01', acceptedAt: new Date(rows[0].acceptedAt).toISOString(), ip: '127.0.0.1' },
        { key: 'privacy', version: 'p-7', acceptedAt: new Date(rows[1].acceptedAt).toISOString(), ip: '127.0.0.1' },
      ]);
      // broker_b's key: broker_a's path is not its own; its own path does not reach broker_a's user.
      const other = await http(`${t.baseUrl}/admin/brokers/broker_a/users/${user.id}`, { headers: { authorization: `Bearer ${readB}` } });
      expect([other.status, other.body.code]).toEqual([403, 'ADMIN_BROKER_FORBIDDEN']);
      const viaB = await http(`${t.baseUrl}/admin/brokers/broker_b/users/${user.id}`, { headers: { authorization: `Bearer ${readB}` } });
      expect([viaB.status, viaB.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('the optional marketing consent is stored when ticked', async () => {
      const email = 'marketing@example.com';
      expect((await signup(A, { email, firstName: 'Dan', lastName: 'Ek', ...allConsents, 'consent-marketing': 'true' })).status).toBe(303);
      const user = await users().findOneByOrFail({ email });
      expect((await consents().findBy({ userId: user.id })).map((c) => c.consentKey).sort()).toEqual(['marketing', 'privacy', 'terms']);
    });
  });

  describe('countries', () => {
    const options = (html: string) => [...html.matchAll(/<option value="([A-Z]{2})"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[1], m[2]]);

    it('every ISO country but the blocked ones by default; names in the screen language, sorted for it', async () => {
      const en = options((await signupPage(A)).text);
      expect(en.length).toBe(249 - 2);
      expect(en.map(([c]) => c)).not.toEqual(expect.arrayContaining(['US']));
      expect(en.map(([c]) => c)).not.toContain('KP');
      expect(en).toContainEqual(['DE', 'Germany']);
      expect(en).toContainEqual(['PR', 'Puerto Rico']);
      const de = options((await signupPage(A, 'de')).text);
      expect(de).toContainEqual(['DE', 'Deutschland']);
      const names = de.map(([, n]) => n);
      expect(names).toEqual([...names].sort(new Intl.Collator('de').compare));
      // German sorts Ä with A: Ägypten comes before Albanien.
      expect(names.indexOf('Ägypten')).toBeLessThan(names.indexOf('Albanien'));
      expect(options((await signupPage(A, 'ar')).text)).toContainEqual(['DE', 'ألمانيا']);
    });

    it('an allowed list narrows the select', async () => {
      expect(options((await signupPage(B, 'fr')).text)).toEqual([
        ['DE', 'Allemagne'],
        ['AT', 'Autriche'],
        ['CY', 'Chypre'],
        ['FR', 'France'],
      ]);
    });

    it('a blocked or not-allowed country submitted anyway is refused with a field error; junk is an invalid choice', async () => {
      const blocked = await signup(A, { email: 'us@example.com', firstName: 'Sam', lastName: 'Doe', ...allConsents, country: 'US' });
      expect(blocked.status).toBe(422);
      expect(fieldError(blocked.text, 'country')).toBe('We cannot open accounts for residents of this country.');
      const notAllowed = await signup(B, { email: 'gb@example.com', firstName: 'Sam', lastName: 'Doe', country: 'GB' });
      expect(fieldError(notAllowed.text, 'country')).toBe('We cannot open accounts for residents of this country.');
      const junk = await signup(B, { email: 'xx@example.com', firstName: 'Sam', lastName: 'Doe', country: 'XX' });
      expect(fieldError(junk.text, 'country')).toBe('Choose one of the options.');
      expect(await users().countBy({ email: 'us@example.com' })).toBe(0);
      expect(await users().countBy({ email: 'gb@example.com' })).toBe(0);
    });
  });

  describe('per-language legal texts and translated enums', () => {
    it('the footer shows the legal entity and jurisdiction in the screen language, else the broker default language', async () => {
      const fr = (await signupPage(B, 'fr')).text;
      expect(fr).toMatch(/<footer class="legal">[\s\S]*B Markets GmbH[\s\S]*Réglementé par l’Autorité de démonstration\./);
      // French legal entity and Spanish texts are not given: the broker's default language (de) is used.
      const es = (await signupPage(B, 'es')).text;
      expect(es).toMatch(/<footer class="legal">[\s\S]*B Markets GmbH[\s\S]*Reguliert durch die Demo-Aufsicht\./);
    });

    it('account types are translated on the account-create screen', async () => {
      const client = new ScreenClient(t.baseUrl);
      expect((await signup(B, { email: 'zh-types@example.com', firstName: '李', lastName: '娜', country: 'DE' }, client)).status).toBe(303);
      const page = await client.get(`/account/create?${B}&lang=zh`);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<option value="HEDGED"[^>]*>对冲<\/option>/);
      const en = await client.get(`/account/create?${B}&lang=en`);
      expect(en.text).toMatch(/<option value="HEDGED"[^>]*>Hedging<\/option>/);
    });
  });

  describe('emails escape what users typed', () => {
    it('a name with markup that reached the database (not through signup) comes out escaped in the HTML part; the subject has no line break', async () => {
      const user = await seedUser(t.app, 'broker_a', {
        email: 'markup@example.com',
        firstName: '<b>Bob</b><img src=x onerror=alert(1)>',
        passwordHash: await hashPassword(PASSWORD),
      });
      const res = await new ScreenClient(t.baseUrl).submit(`/auth/reset-password?${A}`, { email: user.email });
      expect(res.status).toBe(200);
      const repo = t.app.get(DataSource).getRepository(EmailMessage);
      let mail: EmailMessage | null = null;
      for (let i = 0; i < 200 && !mail; i++) {
        mail = await repo.findOneBy({ toAddress: user.email });
        if (!mail) await new Promise((r) => setTimeout(r, 25));
      }
      expect(mail).not.toBeNull();
      expect(mail!.htmlBody).toContain('&lt;b&gt;Bob&lt;/b&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(mail!.htmlBody).not.toContain('<b>Bob');
      expect(mail!.htmlBody).not.toContain('<img');
      expect(mail!.subject).not.toMatch(/[\r\n]/);
    });
  });
});
