import { Agent, request } from 'undici';
import { WebhookTargetGuard, WebhookTargetRefused } from './webhook-target-guard';

export interface WebhookSendOutcome {
  /** null when no answer came. */
  status: number | null;
  durationMs: number;
  /** The first bytes of the answer, as text. */
  snippet: string;
  /** Why it failed (no secret in it: the guard's reason or the transport error's code). */
  error: string | null;
}

export interface WebhookSenderOptions {
  timeoutMs: number;
  snippetBytes: number;
}

/**
 * POSTs one signed message (undici). Redirects are never followed (undici's request follows none), every phase has a
 * short timeout, and the connection goes through the SSRF guard's lookup hook. Never throws: the outcome is data for
 * the delivery log.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(
    private readonly guard: WebhookTargetGuard,
    private readonly options: WebhookSenderOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.agent = new Agent({
      connect: { lookup: guard.lookup, timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 1000,
    });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<WebhookSendOutcome> {
    const started = this.now();
    const elapsed = () => Math.max(0, this.now() - started);
    try {
      this.guard.checkUrl(url);
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'ctrader-broker-integration-webhooks/1' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const snippet = await this.firstBytes(res.body);
      return { status: res.statusCode, durationMs: elapsed(), snippet, error: res.statusCode >= 200 && res.statusCode < 300 ? null : `HTTP ${res.statusCode}` };
    } catch (e: unknown) {
      return { status: null, durationMs: elapsed(), snippet: '', error: describe(e) };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async firstBytes(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of body) {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= this.options.snippetBytes) break;
      }
    } catch {
      // A receiver that hangs up mid-answer still answered with its status.
    } finally {
      body.destroy();
    }
    return Buffer.concat(chunks).subarray(0, this.options.snippetBytes).toString('utf8');
  }
}

function describe(e: unknown): string {
  const cause = (e as { cause?: unknown })?.cause;
  if (e instanceof WebhookTargetRefused) return `TARGET_REFUSED: ${e.message}`;
  if (cause instanceof WebhookTargetRefused) return `TARGET_REFUSED: ${cause.message}`;
  const code = (e as { code?: unknown })?.code ?? (cause as { code?: unknown })?.code;
  const name = e instanceof Error ? e.name : 'Error';
  return (typeof code === 'string' ? `${name} ${code}` : `${name}: ${e instanceof Error ? e.message : String(e)}`).slice(0, 300);
}
