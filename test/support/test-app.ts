import { Writable } from 'node:stream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../../src/config/app-config';
import { createApp, CreateAppOptions } from '../../src/bootstrap/create-app';
import { recordIssuedSecrets } from './issued-secrets';
import { recordLog, recordSecretsIn } from './test-run-records';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  /** Every log line the server wrote, as text. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * Boots the real server (same createApp as npm start) on a random port over real HTTP. Every log line goes to the
 * run's leak scan, and so does every secret the app issues (test/support/issued-secrets.ts).
 */
export async function startTestApp(config: AppConfig, options: Pick<CreateAppOptions, 'extraModules' | 'configSource'> = {}): Promise<TestApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      const line = chunk.toString();
      logs.push(line);
      recordLog(line);
      cb();
    },
  });
  const app = await createApp(config, { ...options, logDestination: sink });
  recordIssuedSecrets(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return { app, config, baseUrl: `http://127.0.0.1:${address.port}${config.server.basePath}`, logs, close: () => app.close() };
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function http<T = any>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<HttpResult<T>> {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(rest.headers as Record<string, string>) },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  recordSecretsIn(body);
  if (json && typeof json === 'object') recordSecretsIn(json);
  return { status: res.status, headers: res.headers, body, text };
}
