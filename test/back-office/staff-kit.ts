import { generate } from 'otplib';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/kernel/clock';
import { EmailMessage } from '../../src/kernel/mail/email-message.entity';
import { http, HttpResult, TestApp } from '../support/test-app';

/** A browser's view of the back office: its cookies and the last CSRF token the server handed out. */
export class StaffBrowser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(private readonly t: TestApp) {}

  async call(method: string, path: string, json?: unknown, options: { csrf?: boolean } = {}): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (options.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const r = await http(`${this.t.baseUrl}${path}`, { method, json, headers });
    for (const line of r.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    if (r.body && typeof r.body === 'object' && typeof r.body.csrfToken === 'string') this.csrfToken = r.body.csrfToken;
    return r;
  }
}

/** The TOTP code an authenticator app would show now (the server's Clock is the time). */
export function totpNow(t: TestApp, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(t.app.get(Clock).now() / 1000) });
}

/** The token of the newest invitation mailed to `email` (read from the outbox, as the person reads their mail). */
export async function inviteTokenFor(t: TestApp, email: string): Promise<string> {
  const rows = await t.app
    .get(DataSource)
    .getRepository(EmailMessage)
    .find({ where: { toAddress: email, template: 'staff.invite' }, order: { id: 'DESC' } });
  const match = /token=([A-Za-z0-9_%-]+)/.exec(rows[0]?.textBody ?? '');
  if (!match) throw new Error(`no invitation mailed to ${email}`);
  return decodeURIComponent(match[1]);
}

export interface EnrolledStaff {
  id: string;
  email: string;
  secret: string;
  recoveryCodes: string[];
  password: string;
  browser: StaffBrowser;
}

/** Invite (with an admin key) → accept with a password → enrol 2FA: a signed-in person, as on their first day. */
export async function enrolStaff(t: TestApp, adminKey: string, email: string, grants: { broker: string; role: string }[]): Promise<EnrolledStaff> {
  const invited = await http(`${t.baseUrl}/admin/staff`, {
    method: 'POST',
    json: { email, displayName: email.split('@')[0], grants },
    headers: { authorization: `Bearer ${adminKey}` },
  });
  if (invited.status !== 201) throw new Error(`invite ${email}: ${invited.status} ${invited.text}`);
  const browser = new StaffBrowser(t);
  const password = `correct horse ${email}`;
  const accepted = await browser.call('POST', '/admin/session/invite', { token: await inviteTokenFor(t, email.toLowerCase()), password });
  if (accepted.status !== 200 || accepted.body.stage !== 'enrol') throw new Error(`accept ${email}: ${accepted.status} ${accepted.text}`);
  const enrolment = await browser.call('POST', '/admin/session/2fa/enrolment');
  if (enrolment.status !== 200) throw new Error(`enrolment ${email}: ${enrolment.status} ${enrolment.text}`);
  const confirmed = await browser.call('POST', '/admin/session/2fa/enrolment/confirm', { code: await totpNow(t, enrolment.body.secret) });
  if (confirmed.status !== 200) throw new Error(`confirm ${email}: ${confirmed.status} ${confirmed.text}`);
  return { id: invited.body.id, email: email.toLowerCase(), secret: enrolment.body.secret, recoveryCodes: confirmed.body.recoveryCodes, password, browser };
}
