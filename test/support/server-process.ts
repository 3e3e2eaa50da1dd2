import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleKey } from '../../src/config/module-key';
import { hashPasswordSync } from '../../src/lib/crypto/password-hash';
import { createCtraderSimulator, CtraderSimulator } from '../../src/simulator';
import { recordSimulatorSecrets } from './issued-secrets';
import { TEST_CRM_PASSWORD } from './test-config';
import { recordLog } from './test-run-records';

const ROOT = join(__dirname, '..', '..');
const MANAGER_PASSWORD = 'test-manager-password';

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The simulator for the process tests' broker (broker_a on crm_shared, manager 2309). */
export async function startProcessSimulator(): Promise<CtraderSimulator> {
  const simulator = createCtraderSimulator({
    brokers: [{ brokerCrmName: 'crm_shared', brokerNames: ['broker_a'], managerLogin: 2309, managerPassword: MANAGER_PASSWORD, groups: ['Default'] }],
  });
  recordSimulatorSecrets(simulator, [MANAGER_PASSWORD]);
  await simulator.listen(0, '127.0.0.1');
  return simulator;
}

export interface ProcessClusterSettings {
  simulatorUrl: string;
  /** DATABASE_URL (PostgreSQL) or a sqlite: URL. */
  databaseUrl: string;
  databaseSchema?: string;
  redisUrl?: string;
  /** Further raw config merged at the top level. */
  raw?: Record<string, unknown>;
}

/**
 * A YAML-compatible (JSON) config file for server processes: one Full-SSO broker whose cTrader is the given
 * simulator, secrets by env reference exactly as in production.
 */
export function writeProcessConfig(settings: ProcessClusterSettings): string {
  const raw = {
    server: { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1' },
    database: { url: settings.databaseUrl, ...(settings.databaseSchema ? { schema: settings.databaseSchema } : {}) },
    ...(settings.redisUrl ? { redisUrl: settings.redisUrl } : {}),
    logLevel: 'debug',
    modules: Object.values(ModuleKey),
    brokers: [
      {
        brokerName: 'broker_a',
        brokerCrmName: 'crm_shared',
        modules: Object.values(ModuleKey).filter((m) => m !== ModuleKey.LightIdentity),
        crmApiPasswords: [hashPasswordSync(TEST_CRM_PASSWORD)],
        ctrader: { url: settings.simulatorUrl, managerLogin: 2309, managerPassword: { env: 'TEST_CT_PASSWORD', default: MANAGER_PASSWORD } },
        ctraderWebUrl: `${settings.simulatorUrl}/ctrader-web`,
        branding: { name: 'broker_a brand', legalEntity: 'broker_a Ltd' },
      },
    ],
    ...(settings.raw ?? {}),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'cbi-proc-')), 'config.yaml');
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return file;
}

export interface ServerProcess {
  baseUrl: string;
  port: number;
  child: ChildProcess;
  /** stdout + stderr so far. */
  output(): string;
  /** SIGKILL: no shutdown hooks, no flush — a crash. */
  crash(): Promise<void>;
  /** SIGTERM and wait for exit (graceful shutdown). */
  stop(): Promise<void>;
}

/**
 * Starts the real server (`node dist/src/main.js`, exactly what `npm start` runs after the build) as a separate
 * OS process with the given config file, and waits until /health/live answers. Needs `npm run build` first
 * (`npm test` does it in pretest).
 */
export async function startServerProcess(configFile: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, CONFIG_FILE: configFile, PORT: String(port), BASE_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    out += text;
    recordLog(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server process exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${baseUrl}/health/live`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server process did not become live in 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    port,
    child,
    output: () => out,
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
