import { EventEmitter } from 'node:events';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAuthentication, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** One email as the sink received it: envelope, raw RFC 5322 text, and the decoded parts tests look at. */
export interface SinkMessage {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  /** Decoded headers (lower-case names; encoded-words decoded). */
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string;
  /** The text/plain part, transfer-decoded. */
  text: string;
  /** The text/html part, transfer-decoded. */
  html: string;
  /** The SMTP AUTH credentials the client used, if any. */
  auth?: { username: string; password: string };
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps every message in memory: tests send
 * through our nodemailer transport exactly as production would, then read what arrived. It accepts AUTH PLAIN/LOGIN
 * without TLS (recording the credentials) and can refuse the next N messages with a temporary (4xx) or permanent
 * (5xx) error to play an outage.
 */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  private readonly events = new EventEmitter();
  private refusals: Array<{ code: number; message: string }> = [];
  /** Every DATA attempt, accepted or refused. */
  attempts = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  /** Port 0: any free port (the deploy smoke test listens on the relay's configured 587). */
  static async start(listenPort = 0): Promise<SmtpSink> {
    // Declared before the server whose callbacks use it, assigned once the server listens.
    // eslint-disable-next-line prefer-const
    let sink!: SmtpSink;
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, cb) {
        cb(null, { user: { username: auth.username ?? '', password: auth.password ?? '' } });
      },
      onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => sink.receive(Buffer.concat(chunks).toString('utf8'), session, cb));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
    const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    sink = new SmtpSink(server, port);
    return sink;
  }

  /** Refuse the next `count` messages with this SMTP reply code (4xx: try later; 5xx: never). */
  refuseNext(count: number, code = 451, message = 'Temporary failure, try again later'): void {
    for (let i = 0; i < count; i++) this.refusals.push({ code, message });
  }

  /** The messages to this address (case-insensitive). */
  to(address: string): SinkMessage[] {
    return this.messages.filter((m) => m.envelopeTo.some((t) => t.toLowerCase() === address.toLowerCase()));
  }

  /** Resolves with the first message (already received or arriving later) that matches; rejects after `timeoutMs`. */
  waitFor(match: (m: SinkMessage) => boolean, timeoutMs = 20_000): Promise<SinkMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onMessage = (m: SinkMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.events.off('message', onMessage);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.events.off('message', onMessage);
        reject(
          new Error(
            `no matching email within ${timeoutMs} ms (received ${this.messages.length}: ${this.messages.map((m) => `${m.envelopeTo.join(',')} "${m.subject}"`).join('; ')})`,
          ),
        );
      }, timeoutMs);
      this.events.on('message', onMessage);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(raw: string, session: SMTPServerSession, cb: (err?: Error | null) => void): void {
    this.attempts++;
    const refusal = this.refusals.shift();
    if (refusal) {
      const err = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      cb(err);
      return;
    }
    const user = (session as unknown as { user?: { username: string; password: string } }).user;
    const parsed = parseMessage(raw);
    const message: SinkMessage = {
      envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      envelopeTo: session.envelope.rcptTo.map((r) => r.address),
      raw,
      ...parsed,
      auth: user,
    };
    this.messages.push(message);
    cb(null);
    this.events.emit('message', message);
  }
}

/** Minimal MIME reading for tests: headers, and the text/plain and text/html parts (quoted-printable/base64). */
function parseMessage(raw: string): Pick<SinkMessage, 'headers' | 'subject' | 'from' | 'to' | 'text' | 'html'> {
  const { headers, body } = splitHeaders(raw);
  const parts = leafParts(headers, body);
  const part = (type: string) => parts.find((p) => (p.headers['content-type'] ?? 'text/plain').toLowerCase().startsWith(type));
  return {
    headers,
    subject: headers.subject ?? '',
    from: headers.from ?? '',
    to: headers.to ?? '',
    text: part('text/plain')?.content ?? '',
    html: part('text/html')?.content ?? '',
  };
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return { headers, body };
}

function leafParts(headers: Record<string, string>, body: string): Array<{ headers: Record<string, string>; content: string }> {
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    return sections
      .filter((s) => !s.startsWith('--'))
      .flatMap((s) => {
        const inner = splitHeaders(s.replace(/^\n/, ''));
        return leafParts(inner.headers, inner.body);
      });
  }
  return [{ headers, content: decodeBody(body, headers['content-transfer-encoding'] ?? '7bit') }];
}

function decodeBody(body: string, encoding: string): string {
  const e = encoding.toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') {
    const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** RFC 2047 encoded-words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII subjects. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, _charset: string, enc: string, text: string) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}
