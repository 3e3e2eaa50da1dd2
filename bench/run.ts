import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { hashPasswordSync } from '../src/lib/crypto/password-hash';
import { mintLoginTokens, seedUsers, SeededUsers } from './bench-data';
import { measureRibbonsCompute } from './ribbons-compute';
import { formatPartnerTreeBench, runPartnerTreeBench } from './partner-tree';

/**
 * npm run bench [-- --quick] [-- --soak N] [-- --users N]
 * Our server and a bare-Fastify reference (bench/reference-server.ts) on the same engine and data, each in its
 * own process, loaded by autocannon at 64 connections after a warm-up. Ratios = ours / reference.
 * SQLite by default; PostgreSQL when DATABASE_URL is set.
 */
const ROOT = resolve(__dirname, '../..');
const BROKER = 'bench_broker';
const CRM = 'bench_crm';
const PASSWORD = 'bench-password';
const CONNECTIONS = 64;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytesPerReq: number;
}

async function main() {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, soak: { type: 'string' }, users: { type: 'string' } } });
  const quick = values.quick ?? false;
  const users = Number(values.users ?? 100_000);
  const warmup = quick ? 1 : 3;
  const duration = quick ? 4 : 10;
  const pg = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cbi-bench-'));
  const schema = `bench_${Date.now()}`;
  const dbUrl = pg ?? `sqlite:${join(dir, 'bench.sqlite')}`;
  const config = join(dir, 'bench.yaml');
  writeFileSync(
    config,
    [
      'server: { port: 3980, host: 127.0.0.1, baseUrl: "http://127.0.0.1:3980" }',
      `database: { url: "${dbUrl}"${pg ? `, schema: ${schema}` : ''} }`,
      `logLevel: ${process.env.LOG_LEVEL ?? 'info'}`,
      'modules: [fullSso]',
      'brokers:',
      `  - brokerName: ${BROKER}`,
      `    brokerCrmName: ${CRM}`,
      '    modules: [fullSso]',
      `    crmApiPasswords: ["${hashPasswordSync(PASSWORD)}"]`,
      '    ctrader: { url: "http://127.0.0.1:9", managerLogin: 1, managerPassword: { default: unused } }',
      '    branding: { name: Bench Broker, legalEntity: Bench Ltd }',
    ].join('\n'),
  );
  log(`database: ${pg ? `PostgreSQL (schema ${schema})` : 'SQLite'}; ${users} users; ${quick ? 'quick' : 'full'} run`);

  // BENCH_PROFILE_DIR=dir: our server writes a V8 CPU profile there on exit (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const app = await startProcess('server', [...profile, join(ROOT, 'dist/src/main.js')], { CONFIG_FILE: config, NODE_ENV: 'bench' }, 'listening on');
  const ds = await new DataSource({ ...dataSourceOptions({ url: dbUrl, schema: pg ? schema : undefined, migrationsRun: false, logging: false }) }).initialize();
  const seeded = await seedUsers(ds, BROKER, users);
  log(`seeded ${users} users with access tokens`);
  const crmApiToken = await getCrmApiToken();

  const ours = await measureAll('http://127.0.0.1:3980', `?brokerName=${BROKER}&crmApiToken=${crmApiToken}`, ds, seeded, warmup, duration);
  const loginPage = await measure('http://127.0.0.1:3980', { method: 'GET', path: `/auth/login?brokerName=${BROKER}` }, warmup, duration);
  let soak: Record<string, unknown> | undefined;
  if (values.soak) soak = await soakRun(app, `?brokerName=${BROKER}&crmApiToken=${crmApiToken}`, seeded, Number(values.soak));
  app.kill('SIGTERM');

  const ref = await startProcess('reference', [join(ROOT, 'dist/bench/reference-server.js')], pg ? { DATABASE_URL: pg, DATABASE_SCHEMA: schema, REF_PORT: '3990' } : { SQLITE_FILE: dbUrl.slice(7), REF_PORT: '3990' }, 'reference ready');
  const theirs = await measureAll('http://127.0.0.1:3990', '', ds, seeded, warmup, duration);
  ref.kill('SIGTERM');
  await ds.destroy();

  const rows = (['validate', 'exchange', 'generate'] as const).map((s) => ({ scenario: s, ours: ours[s], reference: theirs[s], ratio: round(ours[s].rps / theirs[s].rps, 2) }));
  console.log('\nscenario    ours req/s  ref req/s  ratio  ours p50/p99 ms  ref p50/p99 ms  ours errors');
  for (const r of rows) {
    console.log(
      `${r.scenario.padEnd(11)} ${fmt(r.ours.rps, 10)} ${fmt(r.reference.rps, 10)} ${String(r.ratio).padStart(6)}  ${`${r.ours.p50}/${r.ours.p99}`.padStart(15)} ${`${r.reference.p50}/${r.reference.p99}`.padStart(15)} ${String(r.ours.errors + r.ours.non2xx).padStart(12)}`,
    );
  }
  const loginOk = loginPage.non2xx === 0 && loginPage.errors === 0;
  console.log(`login_page  ${fmt(loginPage.rps, 10)}  p50/p99 ${loginPage.p50}/${loginPage.p99} ms  ${loginPage.bytesPerReq} bytes/response${loginOk ? '' : `  (${loginPage.non2xx} non-2xx: screen not served yet?)`}`);
  if (soak) console.log(`soak        ${JSON.stringify(soak)}`);
  // Ribbons: users per second a campaign change is computed for (pure computation, no database; bench/ribbons-compute.ts).
  const ribbons = measureRibbonsCompute(quick ? 20_000 : 100_000);
  console.log(`ribbons     ${ribbons.usersPerSecond} users/s (${ribbons.users} users × ${ribbons.campaigns} campaigns in ${ribbons.ms} ms)`);
  const result = { at: new Date().toISOString(), database: pg ? 'postgres' : 'sqlite', users, quick, connections: CONNECTIONS, scenarios: rows, loginPage, soak, ribbons };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `${result.at.replace(/[:.]/g, '-')}-${result.database}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`\nresults: ${file}`);
  const tree = await runPartnerTreeBench({ quick });
  console.log(formatPartnerTreeBench(tree));
  console.log(`bench: ${rows.map((r) => `${r.scenario}=${r.ratio}`).join(' ')} login_page_p99_ms=${loginOk ? loginPage.p99 : 'n/a'} ribbons_users_per_s=${ribbons.usersPerSecond} partner_downline_p99_ms=${tree.downline.p99}`);
}

async function measureAll(base: string, query: string, ds: DataSource, seeded: SeededUsers, warmup: number, duration: number) {
  const pick = () => Math.floor(Math.random() * seeded.accessTokens.length);
  const validate = await measure(base, {
    method: 'POST',
    path: `/oauth2/authorize${query}`,
    setup: () => JSON.stringify({ accessToken: seeded.accessTokens[pick()] }),
  }, warmup, duration);
  // Enough distinct fresh OT tokens for the whole run at the pace `validate` showed (60 s lifetime).
  const needed = Math.ceil(Math.max(validate.rps, 500) * (warmup + duration) * 1.5);
  const codes = await mintLoginTokens(ds, BROKER, seeded.localIds, needed);
  let next = 0;
  const exchange = await measure(base, { method: 'POST', path: `/oauth2/onetime/authorize${query}`, setup: () => JSON.stringify({ code: codes[next++ % codes.length] }) }, warmup, duration);
  const generate = await measure(base, {
    method: 'POST',
    path: `/oauth2/onetime/generate${query}`,
    setupWithPath: () => {
      const i = pick();
      return { body: JSON.stringify({ userId: seeded.ctidUserIds[i] }), path: `/oauth2/onetime/generate${query}${query ? '&' : '?'}inappToken=${seeded.inappTokens[i]}` };
    },
  }, warmup, duration);
  return { validate, exchange, generate };
}

interface Scenario {
  method: 'GET' | 'POST';
  path: string;
  setup?: () => string;
  setupWithPath?: () => { body: string; path: string };
}

async function measure(base: string, s: Scenario, warmup: number, duration: number): Promise<Measured> {
  const run = (seconds: number) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: seconds,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          method: s.method,
          path: s.path,
          setupRequest: (req: Record<string, unknown>) => {
            if (s.setup) req.body = s.setup();
            if (s.setupWithPath) Object.assign(req, s.setupWithPath());
            return req;
          },
        },
      ],
    } as unknown as autocannon.Options);
  await run(warmup);
  const r = await run(duration);
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    bytesPerReq: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
  };
}

async function soakRun(app: ChildProcess, query: string, seeded: SeededUsers, minutes: number) {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  let atOneMinute = 0;
  const timer = setTimeout(() => (atOneMinute = rss()), 60_000);
  const r = await measure('http://127.0.0.1:3980', {
    method: 'POST',
    path: `/oauth2/authorize${query}`,
    setup: () => JSON.stringify({ accessToken: seeded.accessTokens[Math.floor(Math.random() * seeded.accessTokens.length)] }),
  }, 1, minutes * 60);
  clearTimeout(timer);
  const end = rss();
  return { minutes, rps: r.rps, p99: r.p99, errorResponses: r.errors + r.non2xx, rssAt1MinMiB: round(atOneMinute / 2 ** 20, 1), rssAtEndMiB: round(end / 2 ** 20, 1) };
}

async function getCrmApiToken(): Promise<string> {
  const r = await fetch(`http://127.0.0.1:3980/oauth2/crmApiToken?brokerName=${BROKER}&brokerCrmName=${CRM}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  const body = (await r.json()) as { crmApiToken: string };
  return body.crmApiToken;
}

function startProcess(name: string, args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolvePromise(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${out.slice(-2000)}`)));
  });
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
const fmt = (v: number, w: number) => String(v).padStart(w);
const log = (m: string) => console.log(`[bench] ${m}`);

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
