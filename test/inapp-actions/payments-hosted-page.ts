import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A stand-in for a broker's hosted payment provider, for tests: a real page on its own origin, a real HTTP callback
 * with a real HMAC-SHA256. It implements the documented protocol (docs/payments.md) on its own — node's crypto, not
 * our signing code — so the tests check the protocol, not our code against itself.
 *
 *   GET  /pay?paymentId&amountMinor&amount&currency&callbackUrl&returnUrl&merchant&signature → checks our signature, shows Pay / Decline
 *   POST /pay (form: the same fields + decision) → signs and POSTs the callback, then 303 to returnUrl
 */
export interface CallbackDelivery {
  body: Record<string, unknown>;
  signature: string;
  status: number;
  response: unknown;
}

export class HostedPaymentPage {
  readonly deliveries: CallbackDelivery[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly secret: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e) => send(res, 500, String(e))));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/pay`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  hmac(text: string, secret = this.secret): string {
    return `sha256=${createHmac('sha256', secret).update(text, 'utf8').digest('hex')}`;
  }

  /** The provider's notification, signed as documented: the fields in order, one per line. */
  signCallback(
    body: { paymentId: string; eventId: string; status: string; amountMinor: number; currency: string; timestamp: number },
    secret = this.secret,
  ): string {
    return this.hmac(
      ['callback', body.paymentId, body.eventId, body.status, String(body.amountMinor), body.currency, String(body.timestamp)].join('\n'),
      secret,
    );
  }

  /** Delivers a callback like the provider does (tests also call it directly to replay or forge one). */
  async deliver(
    callbackUrl: string,
    body: Record<string, unknown> & { paymentId: string; eventId: string; status: string; amountMinor: number; currency: string; timestamp: number },
    signature = this.signCallback(body),
  ): Promise<CallbackDelivery> {
    const res = await fetch(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-payment-signature': signature },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let response: unknown = text;
    try {
      response = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    const delivery = { body, signature, status: res.status, response };
    this.deliveries.push(delivery);
    return delivery;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const params = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const f = (k: string) => params.get(k) ?? '';
    const redirectText = ['redirect', f('paymentId'), f('amountMinor'), f('currency'), f('callbackUrl'), f('returnUrl')].join('\n');
    const expected = Buffer.from(this.hmac(redirectText));
    const given = Buffer.from(f('signature'));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return send(res, 400, '<h1>Invalid payment link</h1>');
    if (req.method === 'GET') {
      const hidden = [...params].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
      return send(
        res,
        200,
        `<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test payment provider</title></head><body>` +
          `<h1>Pay ${esc(f('amount'))} ${esc(f('currency'))} to ${esc(f('merchant'))}</h1>` +
          `<form method="post" action="/pay">${hidden}<button id="pay" name="decision" value="succeeded">Pay</button>` +
          `<button id="decline" name="decision" value="declined">Decline</button></form></body></html>`,
      );
    }
    const body = {
      paymentId: f('paymentId'),
      eventId: `evt_${randomUUID()}`,
      status: f('decision') === 'succeeded' ? 'succeeded' : 'declined',
      amountMinor: Number(f('amountMinor')),
      currency: f('currency'),
      timestamp: Math.floor(Date.now() / 1000),
    };
    await this.deliver(f('callbackUrl'), body);
    res.writeHead(303, { location: f('returnUrl') }).end();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
