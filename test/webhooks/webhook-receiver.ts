import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  /** The parsed body, as the `standardwebhooks` library returned it after verifying the signature. */
  payload: { type: string; timestamp: string; data: Record<string, any> };
}

/**
 * The broker's receiver, written as a broker would write it: it verifies every request with the `standardwebhooks`
 * library (not with the project's code) and keeps only what verified. `secrets` are the ones the receiver trusts;
 * `down()` closes the port (connection refused), `up()` listens on it again.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly refused: Array<{ headers: Record<string, string>; body: string; error: string }> = [];
  /** The status answered to verified requests (a receiver that fails). */
  status = 200;
  private server: Server | null = null;
  private port = 0;

  constructor(public secrets: string[] = []) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async up(): Promise<this> {
    const server = createServer(
      (req, res) => void this.handle(req).then(([status, text]) => res.writeHead(status, { 'content-type': 'text/plain' }).end(text)),
    );
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Verified messages of one type. */
  ofType(type: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.payload.type === type);
  }

  private async handle(req: IncomingMessage): Promise<[number, string]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const errors: string[] = [];
    for (const secret of this.secrets) {
      try {
        const payload = new Webhook(secret).verify(body, headers) as ReceivedWebhook['payload'];
        this.received.push({ headers, body, payload });
        return [this.status, this.status < 300 ? 'ok thanks' : 'receiver failing'];
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    this.refused.push({ headers, body, error: errors.join('; ') || 'no secret configured' });
    return [401, 'signature refused'];
  }
}

/** Whether `secret` alone verifies this received message (a receiver that knows only that one secret). */
export function verifiesWith(message: ReceivedWebhook, secret: string): boolean {
  try {
    new Webhook(secret).verify(message.body, message.headers);
    return true;
  } catch {
    return false;
  }
}
