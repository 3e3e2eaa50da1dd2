import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { ModuleKey } from '../../src/config/module-key';
import { AppConfig } from '../../src/config/app-config';
import { UsersService } from '../../src/kernel/users/users.service';
import { CtraderAppClient } from '../../src/simulator';
import { CookieJar } from '../screens/cookie-jar';
import { seedUser } from '../support/seed';
import { TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testBroker, testConfig } from '../support/test-config';

export const MAX_FILE_BYTES = 64 * 1024;
export const MAX_FILES = 2;

/** broker_a: Full SSO + in-app actions with small KYC limits in a temp directory, and a few custom actions. */
export function kycTestConfig(): { config: AppConfig; storageDir: string } {
  const storageDir = mkdtempSync(join(tmpdir(), 'kyc-test-'));
  const modules = Object.values(ModuleKey).filter((m) => m !== ModuleKey.LightIdentity);
  const config = testConfig({
    brokers: [
      testBroker('broker_a', 'crm_shared', modules, {
        kyc: { storageDir, maxFileBytes: MAX_FILE_BYTES, maxFiles: MAX_FILES, fileTypes: ['pdf', 'jpeg', 'png'] },
        customActions: {
          actions: {
            becomePartner: { title: { en: 'Become a partner' }, url: 'https://partners.example.com/join?x=1' },
            verify: { title: { en: 'Verify' }, builtin: 'kyc', eventName: 'kyc_opened' },
            support: { title: { en: 'Support' }, builtin: 'chat' },
            hours: { title: { en: 'Trading hours', de: 'Handelszeiten' }, builtin: 'info', text: { en: 'Open 24/5.', de: 'Geöffnet 24/5.' } },
          },
          chat: { url: 'https://chat.example.com/widget' },
        },
      }),
      testBroker('broker_b', 'crm_shared', [ModuleKey.FullSso, ModuleKey.InappActions], { kyc: { storageDir } }),
      // Without in-app actions: its KYC admin routes answer MODULE_DISABLED.
      testBroker('broker_c', 'crm_shared', [ModuleKey.FullSso]),
    ],
  });
  return { config, storageDir };
}

/** Every file under the KYC storage directory (all brokers). */
export function storedFiles(storageDir: string): string[] {
  if (!existsSync(storageDir)) return [];
  return readdirSync(storageDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

export const PDF = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1000, 0x20), Buffer.from('\n%%EOF\n')]);
export const PNG = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);

export interface Trader {
  userId: number;
  ctidUserId: number;
  login: number;
}

let nextLogin = 5_000_001;

/** A Full-SSO trader with one linked trading account. */
export async function seedTrader(t: TestApp, brokerName = 'broker_a'): Promise<Trader> {
  const user = await seedUser(t.app, brokerName);
  const login = nextLogin++;
  await t.app
    .get(UsersService)
    .accountsOf(brokerName)
    .insert({
      userId: user.id,
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
  return { userId: user.id, ctidUserId: user.ctidUserId!, login };
}

/** What cTrader does when the trader taps an in-app action: 4.1 then 4.4. */
export async function inappToken(t: TestApp, trader: Trader, brokerName = 'broker_a'): Promise<string> {
  const app = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName, brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
  const r = await app.generate(trader.ctidUserId);
  if (r.status !== 200) throw new Error(`4.4 answered ${r.status}`);
  return (r.body as { token: string }).token;
}

export async function adminKey(t: TestApp, role: 'read' | 'write', brokers: string[] | '*' = ['broker_a']): Promise<string> {
  const created = await t.app.get(AdminApiKeyService).create({ name: `kyc-${role}-${Math.random()}`, role, brokers });
  return created.key;
}

/** A browser-like client over fetch: cookies kept, redirects not followed. */
export class ScreenClient {
  readonly jar = new CookieJar();

  constructor(private readonly baseUrl: string) {}

  async get(path: string): Promise<{ status: number; location: string | null; text: string }> {
    const res = await fetch(this.url(path), { redirect: 'manual', headers: { cookie: this.jar.header() } });
    this.jar.store(res.headers);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  async post(path: string, body: FormData | string, headers: Record<string, string> = {}): Promise<{ status: number; location: string | null; text: string }> {
    const res = await fetch(this.url(path), { method: 'POST', redirect: 'manual', headers: { cookie: this.jar.header(), ...headers }, body });
    this.jar.store(res.headers);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** Opens an in-app screen with a token the way the app does, following the PRG redirect. */
  async open(path: string): Promise<{ status: number; text: string; url: string }> {
    const first = await this.get(path);
    if (first.status !== 303 || !first.location) return { status: first.status, text: first.text, url: path };
    const next = first.location.replace(new URL(this.baseUrl).pathname.replace(/\/$/, ''), '');
    const page = await this.get(next);
    return { status: page.status, text: page.text, url: next };
  }

  url(path: string): string {
    return path.startsWith('http') ? path : `${this.baseUrl}${path}`;
  }
}

export function csrfOf(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1].replace(/&amp;/g, '&');
}

export function form(fields: Record<string, string>, files: Array<{ data: Buffer; name: string; type: string }>, field = 'documents'): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(field, new Blob([f.data], { type: f.type }), f.name);
  return fd;
}
