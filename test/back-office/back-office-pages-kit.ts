import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { toBuffer } from 'qrcode';
import { AppConfig } from '../../src/config/app-config';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { PaymentKind } from '../../src/modules/inapp-actions/payments/domain/payment-state';
import { PaymentRequests } from '../../src/modules/inapp-actions/payments/services/payment-requests.service';
import { KycDocumentStore } from '../../src/modules/inapp-actions/kyc/services/kyc-document-store.service';
import { KycSubmissions } from '../../src/modules/inapp-actions/kyc/services/kyc-submissions.service';
import { http, TestApp } from '../support/test-app';
import { ScreenClient, ScreenResponse } from '../support/screen-client';
import { paymentsTestConfig } from '../inapp-actions/payments-harness';
import { inviteTokenFor, totpNow } from './staff-kit';

/**
 * The back-office pages' test setup: the payments brokers (broker_a: manual payments, withdrawals from 100.00 need
 * two people; broker_c also has in-app actions) with KYC storage in a temp directory.
 */
export function backOfficeTestConfig(): AppConfig {
  const config = paymentsTestConfig('http://127.0.0.1:9/hosted');
  const storageDir = mkdtempSync(join(tmpdir(), 'bo-kyc-'));
  for (const b of config.brokers) b.kyc.storageDir = storageDir;
  config.brokers.find((b) => b.brokerName === 'broker_a')!.payments.fourEyes.withdrawalsFrom = 100;
  return config;
}

export async function rootKey(t: TestApp): Promise<string> {
  return (await t.app.get(AdminApiKeyService).create({ name: 'root', role: 'admin', brokers: '*' })).key;
}

/** Invites a person through the admin API (as an admin does today) and returns the invitation token from the mail. */
export async function invite(t: TestApp, key: string, email: string, grants: { broker: string; role: string }[]): Promise<string> {
  const r = await http(`${t.baseUrl}/admin/staff`, {
    method: 'POST',
    json: { email, displayName: email.split('@')[0], grants },
    headers: { authorization: `Bearer ${key}` },
  });
  if (r.status !== 201) throw new Error(`invite ${email}: ${r.status} ${r.text}`);
  return inviteTokenFor(t, email);
}

export const csrfOf = (html: string): string => {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1];
};

/** Posts a form of `page` (its CSRF field, unless `csrf: false`). */
export function post(c: ScreenClient, path: string, fields: Record<string, string>, page?: ScreenResponse, options: { csrf?: boolean } = {}) {
  const csrf: Record<string, string> = options.csrf === false || !page ? {} : { _csrf: csrfOf(page.text) };
  return c.request('POST', path, new URLSearchParams({ ...csrf, ...fields }).toString());
}

/** Invitation → own password → TOTP enrolment, all through the pages, without a browser. */
export async function enrolThroughPages(t: TestApp, key: string, email: string, grants: { broker: string; role: string }[]): Promise<ScreenClient> {
  const token = await invite(t, key, email, grants);
  const c = new ScreenClient(t.baseUrl);
  const page = await c.get(`/back-office/invite?token=${encodeURIComponent(token)}`);
  const password = `correct horse ${email}`;
  const accepted = await post(c, '/back-office/invite', { token, password, confirm: password }, page);
  if (accepted.status !== 303) throw new Error(`accept ${email}: ${accepted.status}`);
  const enrol = await c.get('/back-office/enrol');
  const secret = /data-testid="totp-secret">([^<]+)</.exec(enrol.text)?.[1];
  if (!secret) throw new Error(`no secret on the enrolment page (${enrol.status})`);
  const confirmed = await post(c, '/back-office/enrol', { code: await totpNow(t, secret) }, enrol);
  if (confirmed.status !== 200) throw new Error(`enrol ${email}: ${confirmed.status}`);
  return c;
}

let form = 0;

/** A pending manual payment request of broker_a's trader. */
export async function pendingPayment(
  t: TestApp,
  trader: { userId: number; login: number },
  kind: PaymentKind,
  amountMinor: number,
  destination: string | null = null,
): Promise<string> {
  const broker = t.app.get(BrokerRegistry).findByName('broker_a')!;
  const outcome = await t.app.get(PaymentRequests).create(broker, {
    userId: trader.userId,
    login: trader.login,
    kind,
    provider: 'manual',
    amountMinor,
    currency: 'USD',
    moneyDigits: 2,
    formKey: `bo-form-${++form}`,
    destination,
    withdrawableMinor: 10_000_000,
  });
  if (!outcome.ok) throw new Error(outcome.reason);
  await t.app.get(PaymentRequests).markPending(outcome.payment);
  return outcome.payment.id;
}

/** A real PNG (a QR code), so that a browser decodes it in the viewer. */
export function realPng(): Promise<Buffer> {
  return toBuffer('kyc document', { type: 'png', width: 120 });
}

/** A pending KYC submission of `userId` with its files, stored as the upload screen stores them. */
export async function pendingKyc(
  t: TestApp,
  userId: number,
  files: Array<{ data: Buffer; fileType: 'png' | 'pdf' }>,
  brokerName = 'broker_a',
): Promise<string> {
  const broker = t.app.get(BrokerRegistry).findByName(brokerName)!;
  const accepted = [];
  for (const f of files) {
    const { storedName, sizeBytes, sha256 } = await t.app.get(KycDocumentStore).write(brokerName, broker.config.kyc, Readable.from([f.data]));
    accepted.push({ storedName, sizeBytes, sha256, originalName: `passport.${f.fileType}`, fileType: f.fileType });
  }
  const submission = await t.app.get(KycSubmissions).submit({ brokerName, userId, accountLogin: null, documentType: 'passport', files: accepted });
  return submission.id;
}
