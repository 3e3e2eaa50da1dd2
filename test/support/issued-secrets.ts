import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CtraderSimulator } from '../../src/simulator';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { CrmApiTokenService } from '../../src/kernel/tokens/crm-api-token.service';
import { LoginTokenExchange } from '../../src/kernel/tokens/login-token-exchange';
import { OneTimeTokenService } from '../../src/kernel/tokens/one-time-token.service';
import { AccountTokenService } from '../../src/modules/full-sso/services/account-token.service';
import { SignupEmailVerification } from '../../src/modules/full-sso/services/signup-email-verification.service';
import { recordSecret, recordSecretsIn } from './test-run-records';

/**
 * The leak scan's secrets, recorded where they are made: every service of an in-process test app that issues a
 * token or key has its result recorded, whoever called it (a screen redirecting with an OT token, 4.1/4.2, a test
 * creating an admin key, an emailed link). Tests no longer have to remember to record what they were handed, and
 * secrets no test ever sees (the OT token behind a redirect a browser followed) are searched for too.
 * Server *processes* cannot be reached this way; their 4.x answers are recorded by the fetch hook below.
 */
export function recordIssuedSecrets(app: NestFastifyApplication): void {
  onResult(app, OneTimeTokenService, 'issue', recordSecret);
  onResult(app, LoginTokenExchange, 'exchange', recordSecretsIn);
  onResult(app, CrmApiTokenService, 'issue', (r) => recordSecret(r.token));
  onResult(app, AdminApiKeyService, 'create', (r) => recordSecret(r.key));
  onResult(app, AccountTokenService, 'issue', recordSecret);
  onResult(app, SignupEmailVerification, 'start', (r) => recordSecret(r.handle));
}

type AsyncMethodOf<T> = { [K in keyof T]: T[K] extends (...args: any[]) => Promise<unknown> ? K : never }[keyof T];

function onResult<T extends object, K extends AsyncMethodOf<T>>(
  app: NestFastifyApplication,
  type: abstract new (...args: any[]) => T,
  method: K,
  record: (result: Awaited<ReturnType<Extract<T[K], (...args: any[]) => Promise<unknown>>>>) => void,
): void {
  let instance: T;
  try {
    instance = app.get(type, { strict: false });
  } catch {
    return; // that module is not loaded in this app
  }
  const original = instance[method] as unknown as (...args: unknown[]) => Promise<never>;
  (instance as Record<K, unknown>)[method] = async function (this: T, ...args: unknown[]) {
    const result = await original.apply(this, args);
    record(result);
    return result;
  };
}

/**
 * Jest setup (jest.config.js): every answer a test's fetch gets from a 4.x route (/oauth2/…, what
 * CtraderAppClient and the conformance kit call, also against server processes) has its token fields recorded,
 * and so has every token-like query parameter of a redirect's Location.
 */
export function recordSecretsOfFetchAnswers(): void {
  const original = globalThis.fetch;
  if ((original as { recordsSecrets?: boolean }).recordsSecrets) return;
  const hooked = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const response = await original(input, init);
    const location = response.headers.get('location');
    if (location) recordSecretsInUrl(location);
    if (response.redirected) recordSecretsInUrl(response.url);
    if (/\/oauth2\//.test(response.url) && (response.headers.get('content-type') ?? '').includes('json')) {
      try {
        recordSecretsIn(JSON.parse(await response.clone().text()));
      } catch {
        // not JSON after all: nothing to record
      }
    }
    return response;
  };
  globalThis.fetch = Object.assign(hooked, { recordsSecrets: true });
}

function recordSecretsInUrl(url: string): void {
  try {
    const parsed = new URL(url, 'http://relative.invalid');
    const params = new URLSearchParams([...parsed.searchParams, ...new URLSearchParams(parsed.hash.slice(1))]);
    for (const [name, value] of params) if (/^(token|code)$|token$|key$|secret/i.test(name)) recordSecret(value);
  } catch {
    // not a URL: nothing to record
  }
}

/**
 * The simulator's side of the scan: every webservToken it issues (3.1, in the query string of every call the gateway
 * makes) is recorded as it is issued, so a log line carrying one fails the run. Called by the simulator harnesses.
 */
export function recordSimulatorSecrets(sim: CtraderSimulator, managerPasswords: string[]): void {
  for (const password of managerPasswords) recordSecret(password);
  const issue = sim.state.issueManagerToken.bind(sim.state);
  sim.state.issueManagerToken = (managerLogin: number) => {
    const token = issue(managerLogin);
    recordSecret(token);
    return token;
  };
}
