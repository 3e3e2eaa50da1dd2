import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { LookupFunction } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { Client } from 'pg';
import { Agent, fetch, FormData, Response } from 'undici';
import { parse as parseYaml } from 'yaml';
import { hashPasswordSync } from '../../src/lib/crypto/password-hash';
import { createCtraderSimulator, CtraderSimulator } from '../../src/simulator';
import { CookieJar } from '../screens/cookie-jar';
import { freePort } from '../support/server-process';
import { codeInText } from '../support/signup-code';
import { SmtpSink } from '../support/smtp-sink';

/**
 * The deploy smoke test's checks (issue #18; README "Production"). scripts/deploy-smoke.sh prepared $DEPLOY_SMOKE_WORK:
 * app/ (the image's runtime layout), project/ (the compose file, deploy/, the operator's secrets, certificate and
 * .env) and compose.rendered.yml (`docker-compose config`). This file starts what the rendered compose file
 * describes, each app in its own mount namespace so it sees the container's paths (/app, /run/secrets/NAME, the
 * volumes) and runs as uid 1000, then drives the production path through the shipped nginx config over TLS.
 *
 * What differs from `docker-compose up`, and why (README lists the same):
 * - service names resolve through an /etc/hosts bind-mounted in each namespace: postgres, redis → this machine's
 *   PostgreSQL (database and role deploy_smoke, made here) and Redis; app1, app2 → 127.0.0.2 and 127.0.0.3;
 * - so both apps can listen on port 3000 on one host, each gets HOST=its address (a container has its own);
 * - nginx's `listen` ports are published on 127.0.0.1 free ports, as compose's `ports:` would publish them;
 * - config/production.yaml is the example with its REPLACE_… values filled in and the cTrader URL pointing at the
 *   cTrader simulator (http://ctrader-sim:PORT), the SMTP relay (smtp.internal:587) is an SMTP sink.
 */
const WORK = process.env.DEPLOY_SMOKE_WORK ?? '';
const APP = join(WORK, 'app');
const PROJECT = join(WORK, 'project');
const BROKER = 'brokerName=example_broker&brokerCrmName=example_crm';
const APP_ADDRESS: Record<string, string> = { app1: '127.0.0.2', app2: '127.0.0.3' };
const RUNTIME_UID = 1000; // the image's `node` user
const PUBLIC_HOST = 'crm.example.com';

interface ComposeService {
  environment?: Record<string, string>;
  secrets?: Array<{ source: string; target?: string }>;
  volumes?: string[];
  ports?: Array<string | { target: number; published?: number | string; host_ip?: string }>;
  restart?: string;
}
interface RenderedCompose {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
}

const rendered = (): RenderedCompose => parseYaml(readFileSync(join(WORK, 'compose.rendered.yml'), 'utf8')) as RenderedCompose;

/** The runtime stage of the Dockerfile: its ENV, WORKDIR and CMD. */
function runtimeImage(): { env: Record<string, string>; workdir: string; cmd: string[] } {
  const dockerfile = readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
  const stage = dockerfile.slice(dockerfile.indexOf(' AS runtime'));
  const envBlock = /^ENV ((?:.*\\\n)*.*)$/m.exec(stage)?.[1] ?? '';
  const env = Object.fromEntries([...envBlock.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  const workdir = /^WORKDIR (\S+)$/m.exec(stage)?.[1] ?? '/';
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(stage)?.[1] ?? '[]') as string[];
  return { env, workdir, cmd };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Bind mounts of one service: named volumes become directories under work/volumes (owned like the image's mount point). */
function mountsOf(service: ComposeService): Array<{ source: string; target: string }> {
  return (service.volumes ?? []).map((spec) => {
    const [source, target] = spec.split(':');
    if (isAbsolute(source)) return { source, target };
    const dir = join(WORK, 'volumes', source);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      chownSync(dir, RUNTIME_UID, RUNTIME_UID);
    }
    return { source: dir, target };
  });
}

/** The shell that sets up one app's namespace like its container, then runs the image's CMD as uid 1000. */
function containerScript(name: string, compose: RenderedCompose, hostsFile: string): string {
  const service = compose.services[name];
  const image = runtimeImage();
  const lines = ['set -e', `mount --bind ${quote(APP)} /app`];
  for (const m of mountsOf(service)) lines.push(`mount --bind ${quote(m.source)} ${quote(m.target)}`);
  lines.push('mount -t tmpfs -o mode=755 tmpfs /run', 'mkdir /run/secrets');
  for (const s of service.secrets ?? []) {
    const target = `/run/secrets/${s.target ?? s.source}`;
    lines.push(`touch ${target}`, `mount --bind ${quote(compose.secrets[s.source].file)} ${target}`);
  }
  lines.push(`mount --bind ${quote(hostsFile)} /etc/hosts`, `cd ${image.workdir}`);
  lines.push(`exec setpriv --reuid=${RUNTIME_UID} --regid=${RUNTIME_UID} --clear-groups -- "$@"`);
  return lines.join('\n');
}

function containerEnv(name: string, compose: RenderedCompose): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: join(WORK, 'home'),
    ...runtimeImage().env,
    ...(compose.services[name].environment ?? {}),
    HOST: APP_ADDRESS[name],
  };
}

/** Runs `command` inside a fresh namespace set up as container `name`; output appended to work/<log>.log. */
function inContainer(name: string, compose: RenderedCompose, hostsFile: string, command: string[], log: string): ChildProcess {
  const out = openSync(join(WORK, `${log}.log`), 'a');
  const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', containerScript(name, compose, hostsFile), 'container', ...command], {
    env: containerEnv(name, compose),
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  return child;
}

/** `docker-compose exec <name> <command>`: the same namespace set-up, output returned. */
function execIn(name: string, compose: RenderedCompose, hostsFile: string, command: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', containerScript(name, compose, hostsFile), 'container', ...command], {
    env: containerEnv(name, compose),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the production path (docker-compose.yml, Dockerfile runtime layout, deploy/nginx.conf)', () => {
  let compose: RenderedCompose;
  let hostsFile: string;
  let sim: CtraderSimulator;
  let smtp: SmtpSink;
  let nginx: ChildProcess | undefined;
  const apps: Record<string, ChildProcess> = {};
  const published: Record<number, number> = {};
  let tls: Agent;
  let adminKey: string;
  let simClosed = false;
  const managerPassword = () => readFileSync(compose.secrets.ct_manager_password.file, 'utf8').trim();
  const publicUrl = (path: string) => `https://${PUBLIC_HOST}:${published[443]}${path}`;
  const operatorUrl = (path: string) => `https://${PUBLIC_HOST}:${published[8443]}${path}`;
  const direct = (name: string, path: string) => `http://${APP_ADDRESS[name]}:${compose.services[name].environment?.PORT ?? runtimeImage().env.PORT}${path}`;

  beforeAll(async () => {
    if (!WORK) throw new Error('run through scripts/deploy-smoke.sh (DEPLOY_SMOKE_WORK is not set)');
    compose = rendered();
    const env = compose.services.app1.environment ?? {};

    // The machine's PostgreSQL: a dedicated role and database, as the postgres container would create them.
    const db = new URL(env.DATABASE_URL);
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    const role = decodeURIComponent(db.username);
    const database = db.pathname.slice(1);
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${decodeURIComponent(db.password).replace(/'/g, "''")}'`);
    await admin.query(`CREATE DATABASE "${database}" OWNER "${role}"`);
    await admin.end();

    // cTrader (the simulator, for the broker of the example) and the SMTP relay (a sink on the configured port).
    sim = createCtraderSimulator({
      brokers: [{ brokerCrmName: 'example_crm', brokerNames: ['example_broker'], managerLogin: 2309, managerPassword: managerPassword(), groups: ['Default'] }],
    });
    const simPort = await freePort();
    await sim.listen(simPort, '127.0.0.1');
    smtp = await SmtpSink.start(587);

    // config/production.yaml: the example with what an operator fills in.
    const example = readFileSync(join(PROJECT, 'config', 'production.example.yaml'), 'utf8');
    const config = example
      .replace(/scrypt\$16384\$8\$1\$REPLACE_WITH_SALT\$REPLACE_WITH_HASH/, process.env.CRM_API_PASSWORD_HASH ?? '')
      .replace('https://ctrader-host.example.com:8443', `http://ctrader-sim:${simPort}`)
      .replace('REPLACE_WITH_IBAN', 'CY00 0000 0000 0000 0000 0000 0000')
      .replace('REPLACE_WITH_BIC', 'EXAMCY2N');
    expect(config).not.toMatch(/REPLACE_WITH_/);
    writeFileSync(join(PROJECT, 'config', 'production.yaml'), config);

    hostsFile = join(WORK, 'hosts');
    const hostNames = [new URL(env.DATABASE_URL).hostname, new URL(env.REDIS_URL).hostname, env.SMTP_HOST, 'ctrader-sim', PUBLIC_HOST];
    writeFileSync(hostsFile, [`127.0.0.1 localhost ${hostNames.join(' ')}`, ...Object.entries(APP_ADDRESS).map(([n, a]) => `${a} ${n}`), ''].join('\n'));

    const image = runtimeImage();
    for (const name of Object.keys(APP_ADDRESS)) {
      apps[name] = inContainer(name, compose, hostsFile, image.cmd, name);
      // One after the other, as depends_on + migrations under the advisory lock would serialise the first start anyway.
      await until(async () => ((await fetch(direct(name, '/health/live'))).ok ? true : undefined), `${name} /health/live`, 90_000);
    }

    // nginx with the shipped config: listen ports published on 127.0.0.1, files where the proxy service mounts them.
    const proxy = compose.services.proxy;
    let conf = readFileSync(join(PROJECT, 'deploy', 'nginx.conf'), 'utf8');
    for (const m of conf.matchAll(/listen (\d+)/g)) published[Number(m[1])] ??= await freePort();
    conf = conf.replace(/listen (\d+)/g, (_m, port: string) => `listen 127.0.0.1:${published[Number(port)]}`);
    const renderedConf = join(WORK, 'nginx.conf');
    writeFileSync(renderedConf, conf);
    const lines = ['set -e', 'mount -t tmpfs tmpfs /etc/nginx'];
    for (const m of mountsOf(proxy)) {
      const source = m.target === '/etc/nginx/nginx.conf' ? renderedConf : m.source;
      lines.push(m.target.endsWith('.conf') ? `touch ${m.target}` : `mkdir -p ${m.target}`, `mount --bind ${quote(source)} ${m.target}`);
    }
    lines.push(
      `mount --bind ${quote(hostsFile)} /etc/hosts`,
      `exec nginx -g ${quote(`daemon off; pid ${WORK}/nginx.pid; error_log ${WORK}/nginx.log notice;`)}`,
    );
    nginx = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', lines.join('\n')], { stdio: ['ignore', 'inherit', 'inherit'] });

    const lookup = ((_host: string, options: { all?: boolean }, cb: (...a: unknown[]) => void) =>
      options?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as unknown as LookupFunction;
    tls = new Agent({ connect: { ca: readFileSync(join(PROJECT, 'deploy', 'tls', 'fullchain.pem')), lookup } });
    await until(async () => ((await fetch(publicUrl('/health/live'), { dispatcher: tls })).ok ? true : undefined), 'nginx');
    adminKey = readFileSync(compose.secrets.admin_bootstrap_key.file, 'utf8').trim();
  }, 180_000);

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    for (const child of Object.values(apps)) child.kill('SIGTERM');
    const exited = (c: ChildProcess | undefined) => new Promise<void>((resolve) => (!c || c.exitCode !== null ? resolve() : c.once('exit', () => resolve())));
    await Promise.all([nginx, ...Object.values(apps)].map(exited));
    await smtp?.close();
    if (!simClosed) await sim?.close();
    await tls?.close();
  });

  it('the compose file gives both apps every secret the config reads, the shared KYC volume and a restart policy', () => {
    const config = readFileSync(join(PROJECT, 'config', 'production.yaml'), 'utf8');
    const referenced = [...config.matchAll(/\{ file: \/run\/secrets\/([a-z_]+) \}/g)].map((m) => m[1]).sort();
    expect(referenced.length).toBeGreaterThanOrEqual(5);
    for (const name of ['app1', 'app2']) {
      const service = compose.services[name];
      expect((service.secrets ?? []).map((s) => s.source).sort()).toEqual(referenced);
      expect(service.volumes).toEqual(expect.arrayContaining([expect.stringMatching(/^kyc-documents:\/app\/data\/kyc/)]));
      expect(Object.keys(service.environment ?? {})).toEqual(expect.arrayContaining(['SMTP_HOST', 'SMTP_USER', 'DATABASE_URL', 'BASE_URL', 'NODE_ENV']));
    }
    for (const [name, service] of Object.entries(compose.services)) expect([name, service.restart]).toEqual([name, 'unless-stopped']);
  });

  it('4.1–4.5, the login and signup screens and KYC (uploaded through nginx, downloaded from each instance) over TLS', async () => {
    const password = process.env.CRM_API_PASSWORD ?? '';
    const post = (path: string, body: unknown) =>
      fetch(publicUrl(path), { method: 'POST', dispatcher: tls, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

    // 4.1
    expect((await json(await post(`/oauth2/crmApiToken?${BROKER}`, { password: 'wrong' }))).status).toBe(403);
    const auth = await json(await post(`/oauth2/crmApiToken?${BROKER}`, { password }));
    expect(auth.status).toBe(200);
    const crmApiToken = String(auth.body.crmApiToken);

    // Signup through the screens: form, the code emailed over SMTP, account opening → the success URL with an OT token.
    const jar = new CookieJar();
    const page = async (method: string, path: string, form?: URLSearchParams | FormData) => {
      const res = await fetch(path.startsWith('https:') ? path : publicUrl(path), {
        method,
        dispatcher: tls,
        redirect: 'manual',
        headers: { cookie: jar.header(), ...(form instanceof URLSearchParams ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: form,
      });
      jar.store(res.headers);
      return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text(), headers: res.headers };
    };
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const login = await page('GET', `/auth/login?${BROKER}&firstLogin=true`);
    expect(login.status).toBe(200);
    expect(login.text).toContain('Example Broker');
    expect(login.headers.get('strict-transport-security')).toBeTruthy();
    const email = `smoke.${Date.now()}@example.com`;
    const signup = await page(
      'POST',
      `/auth/login?${BROKER}&firstLogin=true`,
      new URLSearchParams({
        _csrf: csrfOf(login.text),
        form: 'signup',
        email,
        password: 'Smoke-pass-123',
        firstName: 'Smoke',
        lastName: 'Test',
        country: 'CY',
        keepLoggedIn: 'on',
        'consent-terms': 'true',
        'consent-privacy': 'true',
      }),
    );
    expect(signup.status).toBe(200);
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(email));
    expect(mail.auth).toEqual({ username: 'relay-user', password: readFileSync(compose.secrets.smtp_password.file, 'utf8').trim() });
    const verified = await page(
      'POST',
      `/auth/signup/verify?${BROKER}`,
      new URLSearchParams({
        _csrf: csrfOf(signup.text),
        signup: /name="signup" value="([^"]+)"/.exec(signup.text)?.[1] ?? '',
        form: 'verifyEmail',
        code: codeInText(mail.text),
      }),
    );
    expect([verified.status, verified.location]).toEqual([303, expect.stringContaining('/account/create')]);
    const accountForm = await page('GET', verified.location);
    const opened = await page(
      'POST',
      `/account/create?${BROKER}`,
      new URLSearchParams({ _csrf: csrfOf(accountForm.text), currency: 'USD', leverage: '100', accountType: 'HEDGED' }),
    );
    expect([opened.status, opened.location]).toEqual([303, expect.stringMatching(/^https:\/\/crm\.example\.com\/callback\/success\?.*token=/)]);
    const ot = new URL(opened.location).searchParams.get('token') ?? '';

    // 4.2 → 4.3 → 4.4 → the KYC screen with the in-app token → 4.5
    const exchanged = await json(await post(`/oauth2/onetime/authorize?crmApiToken=${crmApiToken}`, { code: ot }));
    expect(exchanged.status).toBe(200);
    const { userId, accessToken, inappToken } = exchanged.body as { userId: number; accessToken: string; inappToken: string };
    expect(sim.state.findUserByEmail('example_crm', email)?.userId).toBe(userId);
    const relogin = await json(await post(`/oauth2/authorize?crmApiToken=${crmApiToken}`, { accessToken }));
    expect([relogin.status, relogin.body.userId]).toEqual([200, userId]);
    const generated = await json(await post(`/oauth2/onetime/generate?crmApiToken=${crmApiToken}&inappToken=${inappToken}`, { userId }));
    expect(generated.status).toBe(200);

    const entry = await page('GET', `/inapp/kyc?${BROKER}&token=${String(generated.body.token)}`);
    expect(entry.status).toBe(303);
    const kyc = await page('GET', entry.location);
    expect(kyc.status).toBe(200);
    const action = (/<form[^>]*action="([^"]+)"[^>]*enctype="multipart\/form-data"/.exec(kyc.text)?.[1] ?? '').replace(/&amp;/g, '&');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(`deploy smoke ${email}`), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
    const upload = new FormData();
    upload.append('_csrf', csrfOf(kyc.text));
    upload.append('documentType', 'passport');
    upload.append('documents', new Blob([pdf], { type: 'application/pdf' }), 'passport.pdf');
    const uploaded = await page('POST', action, upload);
    expect(uploaded.status).toBe(303);

    // The document, read back through the operator listener, then from each instance directly (acting as the
    // trusted proxy): whichever instance stored it, the other one serves it from the shared volume.
    const submissions = await fetch(operatorUrl('/admin/brokers/example_broker/kyc/submissions?status=pending'), {
      dispatcher: tls,
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(submissions.status).toBe(200);
    // A fresh database: this trader's is the only submission.
    const listed = (await submissions.json()) as Array<{ documents: Array<{ id: string }> }>;
    expect(listed).toHaveLength(1);
    const [submission] = listed;
    const documentId = submission.documents[0].id;
    for (const name of Object.keys(APP_ADDRESS)) {
      const res = await fetch(direct(name, `/admin/brokers/example_broker/kyc/documents/${documentId}/content`), {
        headers: { authorization: `Bearer ${adminKey}`, 'x-forwarded-proto': 'https' },
      });
      expect([name, res.status]).toEqual([name, 200]);
      expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    }

    const logout = await fetch(publicUrl(`/oauth2/logout?crmApiToken=${crmApiToken}&userId=${userId}&accessToken=${encodeURIComponent(accessToken)}`), {
      method: 'POST',
      dispatcher: tls,
    });
    expect(logout.status).toBe(200);
    expect((await post(`/oauth2/authorize?crmApiToken=${crmApiToken}`, { accessToken })).status).toBe(404);
  });

  it('keeps /metrics, /docs and /admin off the public listener; operators reach them where the README says', async () => {
    const auth = { authorization: `Bearer ${adminKey}` };
    for (const path of [
      '/metrics',
      '/docs',
      '/docs/',
      '/docs-json',
      '/admin/api-keys',
      '/%61dmin/api-keys',
      '//admin/api-keys',
      '/admin',
      '/docs/static/index.html',
    ]) {
      const res = await fetch(publicUrl(path), { dispatcher: tls, headers: auth, redirect: 'manual' });
      const text = await res.text();
      expect([path, res.status]).toEqual([path, 404]);
      expect(text).not.toMatch(/swagger|http_requests_total|"name"/i);
    }
    // Operator listener (127.0.0.1:8443 on the host): the Swagger console and the admin API.
    const docs = await fetch(operatorUrl('/docs-json'), { dispatcher: tls });
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty(['/oauth2/crmApiToken']);
    const ui = await fetch(operatorUrl('/docs'), { dispatcher: tls });
    expect([ui.status, (await ui.text()).toLowerCase()]).toEqual([200, expect.stringContaining('swagger')]);
    expect((await fetch(operatorUrl('/admin/api-keys'), { dispatcher: tls, headers: auth })).status).toBe(200);
    expect((await fetch(operatorUrl('/metrics'), { dispatcher: tls })).status).toBe(404);
    // Prometheus: each instance inside the network, over plain HTTP.
    for (const name of Object.keys(APP_ADDRESS)) {
      const metrics = await fetch(direct(name, '/metrics'));
      expect([name, metrics.status]).toEqual([name, 200]);
      expect(await metrics.text()).toContain('http_requests_total');
    }
  });

  it('the admin CLI works in the runtime layout (docker-compose exec app1 npm run admin -- create-key …)', async () => {
    const created = execIn('app1', compose, hostsFile, [
      'npm',
      'run',
      'admin',
      '--silent',
      '--',
      'create-key',
      '--name',
      'smoke',
      '--role',
      'read',
      '--brokers',
      'example_broker',
    ]);
    expect(created.stderr).not.toContain('MODULE_NOT_FOUND');
    expect(created.status).toBe(0);
    const key = /Key \(shown once, store it\): (\S+)|Key \(shown once\): (\S+)/.exec(created.stdout);
    const value = key?.[1] ?? key?.[2] ?? '';
    expect(value.length).toBeGreaterThan(20);
    const res = await fetch(operatorUrl('/admin/brokers/example_broker/kyc/submissions'), { dispatcher: tls, headers: { authorization: `Bearer ${value}` } });
    expect(res.status).toBe(200);
  });

  it('SIGHUP reloads one instance (docker-compose kill -s HUP app1): a broken file is refused and it keeps serving; a rotated 4.1 password works on it, the other instance waits for its own signal', async () => {
    const configFile = join(PROJECT, 'config', 'production.yaml'); // bind-mounted into both apps (read-only there)
    const original = readFileSync(configFile, 'utf8');
    // One instance at a time, as nginx would forward to it (the app trusts 127.0.0.1's X-Forwarded-Proto).
    const viaProxy = { 'x-forwarded-proto': 'https', host: PUBLIC_HOST };
    const oldHash = process.env.CRM_API_PASSWORD_HASH ?? '';
    const oldPassword = process.env.CRM_API_PASSWORD ?? '';
    const newPassword = 'rotated-4.1-password-of-the-smoke-test';
    const crmApiToken = (name: string, password: string) =>
      fetch(direct(name, `/oauth2/crmApiToken?${BROKER}`), {
        method: 'POST',
        headers: { ...viaProxy, 'content-type': 'application/json' },
        body: JSON.stringify({ password }),
      }).then((r) => r.status);
    const reloads = async () => {
      const res = await fetch(direct('app1', '/admin/audit-events?actor=signal:SIGHUP&limit=100'), {
        headers: { ...viaProxy, authorization: `Bearer ${adminKey}` },
      });
      return ((await res.json()) as Array<{ details: { applied: boolean } }>).map((e) => e.details.applied);
    };
    const signal = async (name: string) => {
      const before = (await reloads()).length;
      apps[name].kill('SIGHUP');
      return until(async () => {
        const after = await reloads();
        return after.length > before ? after[0] : undefined;
      }, `${name} to audit its SIGHUP reload`);
    };

    // Edited in place, as an operator's editor does on a bind-mounted file; then a signal to app1 only.
    writeFileSync(configFile, original.replace('crmApiTokenTtlDays: 14', 'crmApiTokenTtlDays: fourteen'));
    expect(await signal('app1')).toBe(false);
    expect(readFileSync(join(WORK, 'app1.log'), 'utf8')).toMatch(/configuration reload refused \(\d+ problems?\); the previous configuration stays/);
    expect(await crmApiToken('app1', oldPassword)).toBe(200);

    // Rotation: both hashes listed, then app1 is signalled; app2 has not re-read the file.
    writeFileSync(configFile, original.replace(oldHash, `${oldHash}\n      - ${hashPasswordSync(newPassword)}`));
    expect(await signal('app1')).toBe(true);
    expect([await crmApiToken('app1', newPassword), await crmApiToken('app1', oldPassword)]).toEqual([200, 200]);
    expect(await crmApiToken('app2', newPassword)).toBe(403);
    expect(await signal('app2')).toBe(true);
    expect(await crmApiToken('app2', newPassword)).toBe(200);

    // Back to the original for the rest of the run.
    writeFileSync(configFile, original);
    for (const name of Object.keys(APP_ADDRESS)) expect(await signal(name)).toBe(true);
    expect(await crmApiToken('app1', newPassword)).toBe(403);
  });

  it('the container healthcheck is liveness: a cTrader outage makes readiness fail, not liveness', async () => {
    expect(readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8')).toMatch(/HEALTHCHECK[^\n]*\n[^\n]*\/health\/live/);
    expect((await fetch(direct('app1', '/health/ready'))).status).toBe(200);
    await sim.close();
    simClosed = true;
    await until(async () => ((await fetch(direct('app1', '/health/ready'))).status === 503 ? true : undefined), 'readiness to see the cTrader outage');
    expect((await fetch(direct('app1', '/health/live'))).status).toBe(200);
  });
});
