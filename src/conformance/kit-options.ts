import { parseArgs } from 'node:util';

/**
 * A hook is how the kit asks the broker to do what only the broker can (approve a payment, hand over an email,
 * age a token): a shell command (its stdout is the answer), an http(s) URL (POSTed a JSON body; the response
 * text is the answer), or — when the kit runs inside a test — a function.
 */
export type Hook = string | ((vars: Record<string, string>) => Promise<string | void>);

export interface KitOptions {
  /** The broker base URL registered with Spotware (`https://brokerCrmUrl.com`, with any path prefix). */
  baseUrl: string;
  /** The 4.1 password agreed with Spotware. */
  password: string;
  brokerName: string;
  brokerCrmName: string;
  /** The login/signup screen; default `<baseUrl>/auth/login`. */
  loginUrl?: string;
  /** The client area's login page; default `<baseUrl>/client/login`. */
  clientLoginUrl?: string;
  /** The partner area page; default `<baseUrl>/client/partner`. */
  partnerUrl?: string;
  /** An existing trader; without one the kit signs up its own users. */
  user?: { email: string; password: string; account?: string };
  /** The success URL prefix the broker registered; default: any URL carrying a `token` query parameter. */
  successUrl?: string;
  /** The cTrader simulator this server talks to (its /__sim read-back); enables the cTrader-side parts. */
  simulatorUrl?: string;
  /** Our own server's admin API key: a built-in hook for payment approval and the email outbox. */
  adminKey?: string;
  /** 6.1.7: really keep a token for 61 s (runs alongside the other checks). */
  waitExpiry?: boolean;
  /** 6.1.7: instead of waiting, call this to make the server's clock pass one minute (test servers). */
  expiryHook?: Hook;
  /** 6.3.4/6.3.5: approves the pending payment; gets CONFORMANCE_* variables (user, account, amount, type). */
  approvePaymentHook?: Hook;
  /** 6.3.9: prints the body of the newest email sent to CONFORMANCE_EMAIL. */
  emailHook?: Hook;
  /** Language codes for 6.2.3: another supported one, and the broker's default. */
  otherLang?: string;
  defaultLang?: string;
  /** Text the screens' footer must show (6.2.1 "correct legal entity"). */
  legalEntity?: string;
  /** Only run checks whose id starts with one of these (e.g. `6.1`, `6.2.7`). */
  only?: string[];
  chromiumPath?: string;
  junit?: string;
  /** Per step timeout, default 15 s. */
  timeoutMs?: number;
  /** Where a screenshot of every failed browser check goes (default: none). */
  screenshotDir?: string;
}

const USAGE = `Usage: npm run conformance -- --base-url <url> --password <4.1 password> --broker-name <b> --broker-crm-name <c>
  [--login-url <url>] [--client-login-url <url>] [--partner-url <url>] [--success-url <prefix>]
  [--user <email> --user-password <pw> [--account <login>]]
  [--simulator-url <url>] [--admin-key <key>]
  [--wait-expiry | --expiry-hook <command|url>]
  [--approve-payment-hook <command|url>] [--email-hook <command|url>]
  [--other-lang es] [--default-lang en] [--legal-entity <text>]
  [--only 6.1,6.2.7] [--chromium <path>] [--junit out.xml] [--screenshots <dir>] [--timeout-ms 15000]`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
  }
}

/** Parses the CLI's arguments (node:util parseArgs: strict, no dependency). Environment fallbacks for secrets. */
export function parseKitArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): KitOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'base-url': { type: 'string' },
        password: { type: 'string' },
        'broker-name': { type: 'string' },
        'broker-crm-name': { type: 'string' },
        'login-url': { type: 'string' },
        'client-login-url': { type: 'string' },
        'partner-url': { type: 'string' },
        'success-url': { type: 'string' },
        user: { type: 'string' },
        'user-password': { type: 'string' },
        account: { type: 'string' },
        'simulator-url': { type: 'string' },
        'admin-key': { type: 'string' },
        'wait-expiry': { type: 'boolean' },
        'expiry-hook': { type: 'string' },
        'approve-payment-hook': { type: 'string' },
        'email-hook': { type: 'string' },
        'other-lang': { type: 'string' },
        'default-lang': { type: 'string' },
        'legal-entity': { type: 'string' },
        only: { type: 'string' },
        chromium: { type: 'string' },
        junit: { type: 'string' },
        screenshots: { type: 'string' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) throw new UsageError('');
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  // Secrets may come from the environment so they stay out of shell history and `ps`.
  const password = str('password') ?? env.CONFORMANCE_PASSWORD;
  const required = { 'base-url': str('base-url'), password, 'broker-name': str('broker-name'), 'broker-crm-name': str('broker-crm-name') };
  const missing = Object.entries(required)
    .filter(([, v]) => !v)
    .map(([k]) => `--${k}`);
  if (missing.length) throw new UsageError(`missing ${missing.join(', ')}`);
  const userPassword = str('user-password') ?? env.CONFORMANCE_USER_PASSWORD;
  if (str('user') && !userPassword) throw new UsageError('--user needs --user-password');
  const timeout = str('timeout-ms');
  return {
    baseUrl: required['base-url']!.replace(/\/+$/, ''),
    password: password!,
    brokerName: required['broker-name']!,
    brokerCrmName: required['broker-crm-name']!,
    loginUrl: str('login-url'),
    clientLoginUrl: str('client-login-url'),
    partnerUrl: str('partner-url'),
    successUrl: str('success-url'),
    user: str('user') ? { email: str('user')!, password: userPassword!, account: str('account') } : undefined,
    simulatorUrl: str('simulator-url')?.replace(/\/+$/, ''),
    adminKey: str('admin-key') ?? env.CONFORMANCE_ADMIN_KEY,
    waitExpiry: values['wait-expiry'] === true,
    expiryHook: str('expiry-hook'),
    approvePaymentHook: str('approve-payment-hook'),
    emailHook: str('email-hook'),
    otherLang: str('other-lang'),
    defaultLang: str('default-lang'),
    legalEntity: str('legal-entity'),
    only: str('only')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    chromiumPath: str('chromium'),
    junit: str('junit'),
    screenshotDir: str('screenshots'),
    timeoutMs: timeout ? Number(timeout) : undefined,
  };
}
