import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * npm run bench [-- --quick] [-- --soak N] [-- --users N] [-- --only validate,exchange,generate]
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
  /** CPU time the server process spent per request (user + system): steadier than req/s on a shared machine. */
  cpuUsPerReq: number;
}

async function main() {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, soak: { type: 'string' }, users: { type: 'string' }, only: { type: 'string' } } });
  // --only validate,generate: a subset of the figures (while working on one path); the last line names only those.
  const only = new Set<string>(values.only ? values.only.split(',') : [...SCENARIOS, 'login_page', 'ribbons', 'partners']);
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

  // Both servers run side by side and are measured in alternating rounds, so a change in the machine's load hits
  // both alike; each scenario reports the median round.
  const ref = await startProcess(
    'reference',
    [join(ROOT, 'dist/bench/reference-server.js')],
    pg ? { DATABASE_URL: pg, DATABASE_SCHEMA: schema, REF_PORT: '3990' } : { SQLITE_FILE: dbUrl.slice(7), REF_PORT: '3990' },
    'reference ready',
  );
  const targets: Target[] = [
    { name: 'ours', base: 'http://127.0.0.1:3980', query: `?brokerName=${BROKER}&crmApiToken=${crmApiToken}`, pid: app.pid! },
    { name: 'reference', base: 'http://127.0.0.1:3990', query: '', pid: ref.pid! },
  ];
  const timing: Timing = { warmup, duration, rounds: quick ? 1 : 3 };
  const measured = await measureAll(targets, ds, seeded, timing, only);
  if (only.has('login_page')) log(`login_page: about ${warmup + duration} s`);
  const loginPage = only.has('login_page')
    ? await measure(targets[0], { method: 'GET', path: `/auth/login?brokerName=${BROKER}` }, warmup, duration)
    : undefined;
  let soak: Record<string, unknown> | undefined;
  if (values.soak) log(`soak: ${values.soak} minute(s)`);
  if (values.soak) soak = await soakRun(targets[0], seeded, Number(values.soak));
  app.kill('SIGTERM');
  ref.kill('SIGTERM');
  await Promise.all([once(app, 'exit'), once(ref, 'exit')]);
  // Leave nothing behind: the SQLite file or the PostgreSQL schema holds hundreds of MB of bench data.
  if (pg) await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
  await ds.destroy();
  rmSync(dir, { recursive: true, force: true });

  // autocannon's req/s average counts error answers (a 400 or 500 is cheap to serve): a ratio is printed only for
  // a scenario where both servers answered every request with a 2xx, and any error makes the run fail.
  const rows = SCENARIOS.filter((s) => measured[s]).map((s) => {
    const { ours, reference } = measured[s]!;
    const failed = errorAnswers(ours) + errorAnswers(reference);
    return { scenario: s, ours, reference, failed, ratio: failed ? ('n/a' as const) : round(ours.rps / reference.rps, 2) };
  });
  console.log('\nscenario    ours req/s  ref req/s  ratio  ours p50/p99 ms  ref p50/p99 ms  ours/ref CPU µs/req  ours errors');
  for (const r of rows) {
    console.log(
      `${r.scenario.padEnd(11)} ${fmt(r.ours.rps, 10)} ${fmt(r.reference.rps, 10)} ${String(r.ratio).padStart(6)}  ${`${r.ours.p50}/${r.ours.p99}`.padStart(15)} ${`${r.reference.p50}/${r.reference.p99}`.padStart(15)} ${`${r.ours.cpuUsPerReq}/${r.reference.cpuUsPerReq}`.padStart(20)} ${String(errorAnswers(r.ours)).padStart(12)}${errorAnswers(r.reference) ? `  (reference: ${errorAnswers(r.reference)} errors)` : ''}`,
    );
  }
  const failures = rows
    .filter((r) => r.failed)
    .map((r) => `${r.scenario}: ${errorAnswers(r.ours)} error answers from ours, ${errorAnswers(r.reference)} from the reference${ranOutNote(r.scenario)}`);
  const last = rows.map((r) => `${r.scenario}=${r.ratio}`);
  if (loginPage) {
    const loginOk = errorAnswers(loginPage) === 0;
    if (!loginOk) failures.push(`login_page: ${errorAnswers(loginPage)} error answers`);
    console.log(
      `login_page  ${fmt(loginPage.rps, 10)}  p50/p99 ${loginPage.p50}/${loginPage.p99} ms  ${loginPage.bytesPerReq} bytes/response${loginOk ? '' : `  (${loginPage.non2xx} non-2xx: screen not served yet?)`}`,
    );
    last.push(`login_page_p99_ms=${loginOk ? loginPage.p99 : 'n/a'}`);
  }
  if (soak) console.log(`soak        ${JSON.stringify(soak)}`);
  // Ribbons: users per second a campaign change is computed for (pure computation, no database; bench/ribbons-compute.ts).
  if (only.has('ribbons')) log('ribbons: computing a campaign change');
  const ribbons = only.has('ribbons') ? measureRibbonsCompute(quick ? 20_000 : 100_000) : undefined;
  if (ribbons) {
    console.log(`ribbons     ${ribbons.usersPerSecond} users/s (${ribbons.users} users × ${ribbons.campaigns} campaigns in ${ribbons.ms} ms)`);
    last.push(`ribbons_users_per_s=${ribbons.usersPerSecond}`);
  }
  const result = {
    at: new Date().toISOString(),
    database: pg ? 'postgres' : 'sqlite',
    users,
    quick,
    connections: CONNECTIONS,
    scenarios: rows,
    loginPage,
    soak,
    ribbons,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `${result.at.replace(/[:.]/g, '-')}-${result.database}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`\nresults: ${file}`);
  if (only.has('partners')) {
    log('partners: building the partner tree and measuring its queries');
    const tree = await runPartnerTreeBench({ quick });
    console.log(formatPartnerTreeBench(tree));
    // Random partners mostly have tiny subtrees: the spine partners' figure is the one a large broker's top
    // partner sees.
    last.push(`partner_downline_p99_ms=${tree.downline.p99}`, `partner_downline_large_p99_ms=${tree.downlineLarge.p99}`);
  }
  console.log(`bench: ${last.join(' ')}`);
  if (failures.length) {
    // The figures above are not measurements of the paths they name: the run fails (exit code 1).
    throw new Error(`bench: scenarios with error answers (their ratio is n/a):\n  ${failures.join('\n  ')}`);
  }
}

/** Exchange requests per target that found no fresh OT token left (sent with an unknown code instead). */
const exchangeTokensRanOut = new Map<string, number>();

/** Requests that did not get a 2xx: connection errors, timeouts and non-2xx answers. */
const errorAnswers = (m: Measured) => m.errors + m.non2xx;

const ranOutNote = (scenario: string) => {
  const ranOut = [...exchangeTokensRanOut].map(([name, n]) => `${name} ${n}`);
  return scenario === 'exchange' && ranOut.length ? ` (requests with no fresh OT token left: ${ranOut.join(', ')} — too few minted for this pace)` : '';
};

const SCENARIOS = ['validate', 'exchange', 'generate'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

interface Target {
  name: 'ours' | 'reference';
  base: string;
  /** Broker ids and crmApiToken for ours; the reference takes none. */
  query: string;
  /** Its process, for CPU time per request. */
  pid: number;
}

interface Timing {
  warmup: number;
  duration: number;
  rounds: number;
}

async function measureAll(targets: Target[], ds: DataSource, seeded: SeededUsers, timing: Timing, only: Set<string>) {
  const pick = () => Math.floor(Math.random() * seeded.accessTokens.length);
  const out: Partial<Record<ScenarioName, Record<Target['name'], Measured>>> = {};
  const validateRps = new Map<string, number>();
  if (only.has('validate')) {
    out.validate = await alternate('validate', targets, timing, async (t) => ({
      method: 'POST',
      path: `/oauth2/authorize${t.query}`,
      setup: () => JSON.stringify({ accessToken: seeded.accessTokens[pick()] }),
    }));
    for (const t of targets) validateRps.set(t.name, out.validate[t.name].rps);
  }
  if (only.has('exchange')) {
    out.exchange = await alternate('exchange', targets, timing, async (t) => {
      // Minted just before the round (60 s lifetime): enough distinct fresh OT tokens at twice the fastest pace
      // `validate` showed on either server (exchange can outrun validate when the machine's load shifts).
      const pace = Math.max(...[...validateRps.values()], validateRps.size ? 2_000 : 10_000);
      const needed = Math.ceil(pace * (timing.warmup + timing.duration) * 2);
      const codes = await mintLoginTokens(ds, BROKER, seeded.localIds, needed);
      let next = 0;
      // Every request exchanges a fresh OT token, never one already used: a reused token is answered with an error
      // (cheap to serve), and the round would measure error answers. Once the minted tokens run out, the requests
      // send an unknown code instead: their error answers make the scenario n/a and the run fail, as they should.
      return {
        method: 'POST',
        path: `/oauth2/onetime/authorize${t.query}`,
        setup: () => {
          if (next < codes.length) return JSON.stringify({ code: codes[next++] });
          exchangeTokensRanOut.set(t.name, (exchangeTokensRanOut.get(t.name) ?? 0) + 1);
          return JSON.stringify({ code: 'minted-tokens-ran-out' });
        },
      };
    });
  }
  if (only.has('generate')) {
    out.generate = await alternate('generate', targets, timing, async (t) => ({
      method: 'POST',
      path: `/oauth2/onetime/generate${t.query}`,
      setupWithPath: () => {
        const i = pick();
        return {
          body: JSON.stringify({ userId: seeded.ctidUserIds[i] }),
          path: `/oauth2/onetime/generate${t.query}${t.query ? '&' : '?'}inappToken=${seeded.inappTokens[i]}`,
        };
      },
    }));
  }
  return out;
}

/** Rounds of ours, reference, ours, reference…; per target the round with the median req/s, errors summed. */
async function alternate(
  scenario: ScenarioName,
  targets: Target[],
  timing: Timing,
  scenarioFor: (t: Target) => Promise<Scenario>,
): Promise<Record<Target['name'], Measured>> {
  const rounds = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
  const seconds = timing.rounds * targets.length * timing.duration + targets.length * timing.warmup;
  log(`${scenario}: ${timing.rounds} round(s) per server, about ${seconds} s`);
  for (let i = 0; i < timing.rounds; i++) {
    for (const t of targets) {
      const m = await measure(t, await scenarioFor(t), i === 0 ? timing.warmup : 0, timing.duration);
      log(
        `  ${scenario} round ${i + 1}/${timing.rounds}, ${t.name}: ${m.rps} req/s, p99 ${m.p99} ms${errorAnswers(m) ? `, ${errorAnswers(m)} error answers` : ''}`,
      );
      rounds.get(t.name)!.push(m);
    }
  }
  const result = {} as Record<Target['name'], Measured>;
  for (const t of targets) {
    const all = rounds.get(t.name)!;
    const median = [...all].sort((a, b) => a.rps - b.rps)[Math.floor(all.length / 2)];
    result[t.name] = { ...median, errors: sum(all.map((m) => m.errors)), non2xx: sum(all.map((m) => m.non2xx)) };
  }
  return result;
}

interface Scenario {
  method: 'GET' | 'POST';
  path: string;
  setup?: () => string;
  setupWithPath?: () => { body: string; path: string };
}

async function measure(target: Target, s: Scenario, warmup: number, duration: number): Promise<Measured> {
  const run = (seconds: number) =>
    autocannon({
      url: target.base,
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
  if (warmup > 0) await run(warmup);
  const cpuBefore = cpuMicros(target.pid);
  const r = await run(duration);
  const cpu = cpuMicros(target.pid) - cpuBefore;
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    bytesPerReq: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
    cpuUsPerReq: r.requests.total ? Math.round(cpu / r.requests.total) : 0,
  };
}

/** User + system CPU time of a process so far (Linux /proc; clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function soakRun(target: Target, seeded: SeededUsers, minutes: number) {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${target.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  // Once a minute: RSS, and from our /metrics the V8 heap in use and external memory, to tell a leak (heap keeps
  // growing) from V8 or SQLite settling into their working size (RSS grows, heap in use stays flat).
  const samples: Array<{ minute: number; rssMiB: number; heapUsedMiB: number; externalMiB: number }> = [];
  const sample = async () => {
    const text = await (await fetch(`${target.base}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
    samples.push({
      minute: samples.length + 1,
      rssMiB: round(rss() / 2 ** 20, 1),
      heapUsedMiB: round(metric('nodejs_heap_size_used_bytes') / 2 ** 20, 1),
      externalMiB: round(metric('nodejs_external_memory_bytes') / 2 ** 20, 1),
    });
  };
  const timer = setInterval(() => void sample(), 60_000);
  const r = await measure(
    target,
    {
      method: 'POST',
      path: `/oauth2/authorize${target.query}`,
      setup: () => JSON.stringify({ accessToken: seeded.accessTokens[Math.floor(Math.random() * seeded.accessTokens.length)] }),
    },
    1,
    minutes * 60,
  );
  clearInterval(timer);
  const first = samples[0];
  const last = samples[samples.length - 1];
  return {
    minutes,
    rps: r.rps,
    p99: r.p99,
    errorResponses: r.errors + r.non2xx,
    rssAt1MinMiB: first?.rssMiB,
    rssAtEndMiB: round(rss() / 2 ** 20, 1),
    heapUsedAt1MinMiB: first?.heapUsedMiB,
    heapUsedAtEndMiB: last?.heapUsedMiB,
    samples,
  };
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
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolvePromise(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${out.slice(-2000)}`)));
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
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
