import { Pool } from 'undici';
import { CallTimer, realCallTimer } from './call-timer';
import { CtraderHttpMethod } from './ctrader-call';
import { parseRetryAfter, TransportFailure } from './ctrader-response.mapper';
import { Clock } from '../clock';

export interface CtraderHttpRequest {
  /** `https://HOST:PORT` */
  origin: string;
  method: CtraderHttpMethod;
  /** Path with query string (it carries the manager token: never log it). */
  pathAndQuery: string;
  /** JSON text, or undefined for no body. */
  body?: string;
  timeoutMs: number;
  /** Starts the timeout (the real timer unless a test injected its own through CtraderGatewayOptions.callTimer). */
  startTimer?: CallTimer;
}

export type CtraderHttpOutcome =
  { kind: 'response'; status: number; text: string; retryAfterMs?: number } | { kind: 'failure'; failure: TransportFailure; code: string };

/** Errors raised before a single byte of the request could have left (nothing can have happened at CT). */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * HTTP to cTrader hosts: one undici Pool (keep-alive) per origin, a hard per-request timeout, and failures
 * reported as data (`timeout` / `connect` / `dropped`) for the gateway to classify. Nothing here logs.
 */
export class CtraderHttpClient {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly clock: Clock,
    private readonly connectionsPerHost = 64,
  ) {}

  async send(request: CtraderHttpRequest): Promise<CtraderHttpOutcome> {
    const pool = this.pool(request.origin);
    const abort = new AbortController();
    let timedOut = false;
    const cancelTimer = (request.startTimer ?? realCallTimer)(request.timeoutMs, () => {
      timedOut = true;
      abort.abort();
    });
    try {
      const response = await pool.request({
        method: request.method,
        path: request.pathAndQuery,
        headers: request.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: request.body,
        signal: abort.signal,
        headersTimeout: request.timeoutMs + 1000,
        bodyTimeout: request.timeoutMs + 1000,
      });
      const text = await response.body.text();
      return {
        kind: 'response',
        status: response.statusCode,
        text,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.clock.now()),
      };
    } catch (error: unknown) {
      const code = errorCode(error);
      if (timedOut) return { kind: 'failure', failure: 'timeout', code: 'TIMEOUT' };
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'failure', failure: 'timeout', code };
      return { kind: 'failure', failure: CONNECT_ERRORS.has(code) ? 'connect' : 'dropped', code };
    } finally {
      cancelTimer();
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.connectionsPerHost, keepAliveTimeout: 30000, connect: { timeout: 5000 } });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

/** undici puts the interesting code on the error or on its cause (the socket error). */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : '';
  return code.replace(/[^A-Z0-9_]/gi, '').slice(0, 40);
}
