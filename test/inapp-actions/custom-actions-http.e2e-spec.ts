import { rmSync } from 'node:fs';
import { startTestApp, TestApp } from '../support/test-app';
import { inappToken, kycTestConfig, ScreenClient, seedTrader } from './kyc-test-kit';

describe('/inapp/action and /inapp/chat (issue #6)', () => {
  let t: TestApp;
  let storageDir: string;

  beforeAll(async () => {
    const c = kycTestConfig();
    storageDir = c.storageDir;
    t = await startTestApp(c.config);
  });
  afterAll(async () => {
    await t.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  const open = async (path: string) => {
    const trader = await seedTrader(t);
    const token = await inappToken(t, trader);
    const client = new ScreenClient(t.baseUrl);
    const sep = path.includes('?') ? '&' : '?';
    return { trader, token, client, first: await client.get(`${path}${sep}brokerName=broker_a&token=${token}&account=${trader.login}`) };
  };

  it('redirects a URL action to exactly the configured URL, after consuming the token; the token opens nothing twice', async () => {
    const { first, token, trader } = await open('/inapp/action?actionType=becomePartner&next=https://evil.example.com');
    expect(first.status).toBe(303);
    expect(first.location).toBe('https://partners.example.com/join?x=1');
    const replay = await new ScreenClient(t.baseUrl).get(`/inapp/action?actionType=becomePartner&brokerName=broker_a&token=${token}&account=${trader.login}`);
    expect(replay.status).toBe(401);
    const otherScreen = await new ScreenClient(t.baseUrl).get(`/inapp/chat?brokerName=broker_a&token=${token}`);
    expect(otherScreen.status).toBe(401);
  });

  it('sends built-in actions to our screens with the session, account and the configured eventName', async () => {
    const { first, client, trader } = await open('/inapp/action?actionType=verify&eventName=tap_verify&lang=fr');
    expect(first.status).toBe(303);
    const target = new URL(first.location!, t.baseUrl);
    expect(target.pathname).toBe('/inapp/kyc');
    expect(target.searchParams.get('eventName')).toBe('kyc_opened');
    expect(target.searchParams.get('account')).toBe(String(trader.login));
    expect(target.searchParams.get('lang')).toBe('fr');
    expect(target.searchParams.get('token')).toBeNull();
    const kyc = await client.get(`${target.pathname}${target.search}`);
    expect(kyc.status).toBe(200);
    expect(kyc.text).toContain('Vérifiez votre identité');

    const support = await open('/inapp/action?actionType=support&eventName=tap_support');
    const chatUrl = new URL(support.first.location!, t.baseUrl);
    expect(chatUrl.pathname).toBe('/inapp/chat');
    expect(chatUrl.searchParams.get('eventName')).toBe('tap_support'); // none configured: the incoming one
  });

  it('renders an info action in the requested language, closable', async () => {
    const { first, client } = await open('/inapp/action?actionType=hours&lang=de');
    expect(first.status).toBe(303);
    expect(first.location).toContain('actionType=hours');
    const page = await client.get(first.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Handelszeiten');
    expect(page.text).toContain('Geöffnet 24/5.');
    expect(page.text).toMatch(/class="icon-button" href=/);
  });

  it('answers an unknown or malformed actionType with a clear 404 page without using the token', async () => {
    const trader = await seedTrader(t);
    const token = await inappToken(t, trader);
    const client = new ScreenClient(t.baseUrl);
    for (const type of ['nope', '', '<script>', 'becomePartner/../x']) {
      const r = await client.get(`/inapp/action?actionType=${encodeURIComponent(type)}&brokerName=broker_a&token=${token}`);
      expect(r.status).toBe(404);
      expect(r.text).toContain('This action is not available.');
    }
    const missing = await client.get(`/inapp/action?brokerName=broker_a&token=${token}`);
    expect(missing.status).toBe(404);
    // The token is still good for a real action.
    const ok = await client.get(`/inapp/action?actionType=hours&brokerName=broker_a&token=${token}`);
    expect(ok.status).toBe(303);
  });

  it('shows the configured support URL on /inapp/chat; a broker without one gets a 404 page; a foreign account 403', async () => {
    const { first, client } = await open('/inapp/chat?theme=dark');
    expect(first.status).toBe(303);
    const page = await client.get(first.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="https://chat.example.com/widget"');
    expect(page.text).toContain('data-theme="dark"');

    const other = await seedTrader(t);
    const me = await seedTrader(t);
    const foreign = await new ScreenClient(t.baseUrl).get(`/inapp/chat?brokerName=broker_a&token=${await inappToken(t, me)}&account=${other.login}`);
    expect(foreign.status).toBe(403);

    const b = await seedTrader(t, 'broker_b');
    const noChat = await new ScreenClient(t.baseUrl).get(`/inapp/chat?brokerName=broker_b&token=${await inappToken(t, b, 'broker_b')}`);
    expect(noChat.status).toBe(404);
    expect(noChat.text).toContain('Support chat is not available');
  });
});
