import { createServer, IncomingHttpHeaders, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** The deliberately broken behaviours a proxy can put in front of our (conformant) server. */
export type Fault = 'none' | 'bad-password-status' | 'reusable-ot-token' | 'no-reset-link' | 'overflow-320';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A small "broken broker": forwards everything to a real server and breaks exactly one thing, so the kit's
 * verdict on every other check stays the real server's. Host headers pass through unchanged, so the screens'
 * CSRF origin check and cookies work as if the proxy were the server.
 */
export class FaultProxy {
  fault: Fault = 'none';
  private server: Server | null = null;
  /** reusable-ot-token: the first successful 4.2 answer per code, replayed for later presentations. */
  private readonly exchanged = new Map<string, Answer>();

  constructor(private readonly upstream: string) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        this.forward(req.method ?? 'GET', req.url ?? '/', req.headers, body).then(
          (answer) => {
            const out = this.breakAnswer(req.method ?? 'GET', req.url ?? '/', body, answer);
            const headers = { ...out.headers, 'content-length': String(out.body.length) };
            delete headers['transfer-encoding'];
            res.writeHead(out.status, headers);
            res.end(out.body);
          },
          () => {
            res.writeHead(502);
            res.end();
          },
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private forward(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
    const target = new URL(this.upstream);
    return new Promise((resolve, reject) => {
      const up = request({ host: target.hostname, port: target.port, method, path: url, headers: { ...headers, connection: 'close' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }

  private breakAnswer(method: string, url: string, requestBody: Buffer, answer: Answer): Answer {
    const path = url.split('?')[0];
    if (this.fault === 'bad-password-status' && method === 'POST' && path === '/oauth2/crmApiToken' && answer.status === 403) {
      return { ...answer, status: 401 };
    }
    if (this.fault === 'reusable-ot-token' && method === 'POST' && path === '/oauth2/onetime/authorize') {
      const code = codeOf(requestBody);
      if (code && answer.status === 200) this.exchanged.set(code, answer);
      else if (code && this.exchanged.has(code)) return this.exchanged.get(code)!;
      return answer;
    }
    const html = method === 'GET' && path === '/auth/login' && String(answer.headers['content-type'] ?? '').includes('text/html');
    if (this.fault === 'no-reset-link' && html) {
      return { ...answer, body: Buffer.from(answer.body.toString('utf8').replace(/<a id="reset-password-link"[^>]*>[\s\S]*?<\/a>/, '')) };
    }
    if (this.fault === 'overflow-320' && html) {
      // A line that cannot wrap, the usual way a screen breaks on a phone (inline styles are refused by the CSP).
      return { ...answer, body: Buffer.from(answer.body.toString('utf8').replace('<h1>', `<pre>${'Reference-code-'.repeat(6)}</pre><h1>`)) };
    }
    return answer;
  }
}

function codeOf(body: Buffer): string | null {
  try {
    const code = (JSON.parse(body.toString('utf8')) as { code?: unknown }).code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
