import { readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { DomainEventMap } from '../../src/kernel/events/domain-events';
import { observeDurable } from '../support/durable-events';
import { KycSubmissions } from '../../src/modules/inapp-actions/kyc/services/kyc-submissions.service';
import { http, startTestApp, TestApp } from '../support/test-app';
import {
  adminKey,
  csrfOf,
  form,
  inappToken,
  kycTestConfig,
  MAX_FILE_BYTES,
  MAX_FILES,
  PDF,
  PNG,
  ScreenClient,
  seedTrader,
  storedFiles,
  Trader,
} from './kyc-test-kit';

describe('/inapp/kyc over HTTP: entry, upload limits, CSRF, storage, admin review (issue #6)', () => {
  let t: TestApp;
  let storageDir: string;
  const events: Array<DomainEventMap['kyc.statusChanged']> = [];

  beforeAll(async () => {
    const c = kycTestConfig();
    storageDir = c.storageDir;
    t = await startTestApp(c.config);
    observeDurable(t.app, 'kyc.statusChanged', (e) => void events.push(e));
  });
  afterAll(async () => {
    await t.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  /** A trader with the KYC screen open (token consumed), and the page's CSRF token. */
  async function openKyc(trader?: Trader) {
    const tr = trader ?? (await seedTrader(t));
    const client = new ScreenClient(t.baseUrl);
    const page = await client.open(`/inapp/kyc?brokerName=broker_a&token=${await inappToken(t, tr)}&account=${tr.login}&lang=en`);
    expect(page.status).toBe(200);
    return { trader: tr, client, page, csrf: csrfOf(page.text), action: page.url };
  }

  const submissionsOf = (userId: number) => t.app.get(KycSubmissions).submissionsOf('broker_a').find({ where: { userId } });

  it('opens with a 4.4 token (single use), drops the token from the URL, and shows the status "none" with the form', async () => {
    const trader = await seedTrader(t);
    const token = await inappToken(t, trader);
    const client = new ScreenClient(t.baseUrl);
    const first = await client.get(`/inapp/kyc?brokerName=broker_a&token=${token}&account=${trader.login}&theme=dark&lang=de&eventName=kyc_open`);
    expect(first.status).toBe(303);
    expect(first.location).not.toContain(token);
    expect(first.location).toContain(`account=${trader.login}`);
    expect(first.location).toContain('eventName=kyc_open');
    const page = await client.get(first.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-kyc-status="none"');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('data-theme="dark"');
    expect(page.text).toContain('Identität bestätigen');
    expect(page.text).not.toContain(token);
    // Closable: the X control leads out of the screen.
    expect(page.text).toMatch(/class="icon-button" href="[^"]*callback\/success/);

    // The same token in another browser: refused (single use), nothing opened.
    const other = new ScreenClient(t.baseUrl);
    const replay = await other.get(`/inapp/kyc?brokerName=broker_a&token=${token}&account=${trader.login}`);
    expect(replay.status).toBe(401);
    expect(replay.text).toContain('can no longer be opened');
    // A reload in the browser that redeemed it keeps working (same session).
    const reload = await client.get(`/inapp/kyc?brokerName=broker_a&token=${token}&account=${trader.login}`);
    expect(reload.status).toBe(303);
  });

  it('refuses an account of another trader with a clear 403 page and consumes nothing else', async () => {
    const me = await seedTrader(t);
    const someoneElse = await seedTrader(t);
    const client = new ScreenClient(t.baseUrl);
    const r = await client.get(`/inapp/kyc?brokerName=broker_a&token=${await inappToken(t, me)}&account=${someoneElse.login}`);
    expect(r.status).toBe(403);
    expect(r.text).toContain('This trading account does not belong to your profile.');
    // An existing session cannot be pointed at a foreign account either.
    const { client: c2 } = await openKyc(me);
    const sneaky = await c2.get(`/inapp/kyc?brokerName=broker_a&account=${someoneElse.login}`);
    expect(sneaky.status).toBe(403);
    const noSession = await new ScreenClient(t.baseUrl).get(`/inapp/kyc?brokerName=broker_a`);
    expect(noSession.status).toBe(401);
  });

  it('accepts a valid upload: pending on the screen, random file names on disk, event emitted', async () => {
    const { trader, client, csrf, action } = await openKyc();
    const before = storedFiles(storageDir).length;
    const pdf = PDF();
    const r = await client.post(
      action,
      form({ _csrf: csrf, documentType: 'passport' }, [
        { data: pdf, name: '../../etc/passport scan.pdf', type: 'application/pdf' },
        { data: PNG(), name: 'selfie.png', type: 'image/png' },
      ]),
    );
    expect(r.status).toBe(303);
    const page = await client.get(r.location!);
    expect(page.text).toContain('data-kyc-status="pending"');
    expect(page.text).toContain('Under review');
    expect(page.text).toContain('passport scan.pdf'); // display name only, the path is dropped
    expect(page.text).not.toContain('enctype="multipart/form-data"'); // no second submission while pending

    const [submission] = await submissionsOf(trader.userId);
    expect(submission).toMatchObject({ status: 'pending', documentType: 'passport', accountLogin: trader.login });
    const docs = await t.app.get(KycSubmissions).documentsFor('broker_a', submission.id);
    expect(docs.map((d) => d.fileType).sort()).toEqual(['pdf', 'png']);
    const files = storedFiles(storageDir);
    expect(files.length).toBe(before + 2);
    for (const d of docs) {
      const path = files.find((f) => basename(f) === d.storedName)!;
      expect(d.storedName).toMatch(/^[0-9a-f]{32}$/);
      expect(path).toContain('broker-broker_a');
      if (d.fileType === 'pdf') expect(readFileSync(path).equals(pdf)).toBe(true);
    }
    expect(events).toContainEqual({ brokerName: 'broker_a', userId: trader.userId, status: 'pending' });

    // While pending, another upload is refused.
    const again = await client.post(action, form({ _csrf: csrf, documentType: 'passport' }, [{ data: PDF(), name: 'a.pdf', type: 'application/pdf' }]));
    expect(again.status).toBe(409);
    expect(again.text).toContain('already under review');
  });

  it('refuses a file over the size limit (413), leaving nothing stored', async () => {
    const { trader, client, csrf, action } = await openKyc();
    const before = storedFiles(storageDir).length;
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_FILE_BYTES, 0x20)]);
    const r = await client.post(
      action,
      form({ _csrf: csrf, documentType: 'idCard' }, [
        { data: PDF(), name: 'ok.pdf', type: 'application/pdf' },
        { data: big, name: 'big.pdf', type: 'application/pdf' },
      ]),
    );
    expect(r.status).toBe(413);
    expect(r.text).toContain('A file is too large (maximum 64 KB per file).');
    expect(r.text).toContain('enctype="multipart/form-data"'); // the form is shown again
    expect(storedFiles(storageDir).length).toBe(before);
    expect(await submissionsOf(trader.userId)).toEqual([]);
  });

  it('recognises the type by content (magic bytes), not by the declared type or name (415)', async () => {
    const { trader, client, csrf, action } = await openKyc();
    const before = storedFiles(storageDir).length;
    const disguised = [
      { data: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this is an executable'), name: 'passport.pdf', type: 'application/pdf' },
      { data: Buffer.from('<html><script>alert(1)</script></html>'), name: 'photo.png', type: 'image/png' },
      { data: Buffer.from('GIF89a\x01\x00\x01\x00'), name: 'id.jpg', type: 'image/jpeg' },
    ];
    for (const file of disguised) {
      const r = await client.post(action, form({ _csrf: csrf, documentType: 'idCard' }, [file]));
      expect(r.status).toBe(415);
      expect(r.text).toContain('A file is not in an accepted format. Accepted formats: PDF, JPEG, PNG.');
    }
    // A real PDF declared as something else is fine: the content decides.
    const ok = await client.post(action, form({ _csrf: csrf, documentType: 'idCard' }, [{ data: PDF(), name: 'scan.bin', type: 'application/octet-stream' }]));
    expect(ok.status).toBe(303);
    expect(storedFiles(storageDir).length).toBe(before + 1);
    expect((await submissionsOf(trader.userId)).length).toBe(1);
  });

  it('refuses too many files (413) and an upload without files or type (422)', async () => {
    const { trader, client, csrf, action } = await openKyc();
    const before = storedFiles(storageDir).length;
    const files = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ data: PDF(), name: `p${i}.pdf`, type: 'application/pdf' }));
    const r = await client.post(action, form({ _csrf: csrf, documentType: 'passport' }, files));
    expect(r.status).toBe(413);
    expect(r.text).toContain(`Too many files: attach at most ${MAX_FILES}.`);
    expect(storedFiles(storageDir).length).toBe(before);

    const none = await client.post(
      action,
      form({ _csrf: csrf, documentType: 'passport' }, [{ data: Buffer.alloc(0), name: '', type: 'application/octet-stream' }]),
    );
    expect(none.status).toBe(422);
    expect(none.text).toContain('Choose at least one file.');
    const noType = await client.post(action, form({ _csrf: csrf, documentType: 'diploma' }, [{ data: PDF(), name: 'a.pdf', type: 'application/pdf' }]));
    expect(noType.status).toBe(422);
    expect(noType.text).toContain('Choose the type of document.');
    expect(storedFiles(storageDir).length).toBe(before);
    expect(await submissionsOf(trader.userId)).toEqual([]);
  });

  it('answers malformed multipart bodies with 4xx pages, never 5xx, and stores nothing', async () => {
    const { client, csrf, action } = await openKyc();
    const before = storedFiles(storageDir).length;
    const boundary = 'XyZ123';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`;
    const bodies: Array<[string, string]> = [
      // truncated: the file part never ends
      [
        `multipart/form-data; boundary=${boundary}`,
        `${head}--${boundary}\r\nContent-Disposition: form-data; name="documents"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc`,
      ],
      // no boundary parameter at all
      ['multipart/form-data', `${head}--${boundary}--\r\n`],
      // garbage headers in a part
      [`multipart/form-data; boundary=${boundary}`, `${head}--${boundary}\r\n\u0000\u0001garbage without colon\r\n\r\nzzz\r\n--${boundary}--\r\n`],
      // a boundary that never appears
      [`multipart/form-data; boundary=${boundary}`, 'just some text'],
      // not multipart at all
      ['application/x-www-form-urlencoded', `_csrf=${encodeURIComponent(csrf)}&documentType=passport`],
    ];
    for (const [type, body] of bodies) {
      const r = await client.post(action, body, { 'content-type': type });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.text).toContain('<html');
    }
    expect(storedFiles(storageDir).length).toBe(before);
  });

  it('enforces CSRF on the multipart form: no token, a wrong token or a token after the file → 403, nothing stored', async () => {
    const { trader, client, csrf, action } = await openKyc();
    const before = storedFiles(storageDir).length;
    const file = { data: PDF(), name: 'a.pdf', type: 'application/pdf' };
    const missing = await client.post(action, form({ documentType: 'passport' }, [file]));
    expect(missing.status).toBe(403);
    const wrong = await client.post(action, form({ _csrf: csrf.slice(0, -4) + 'AAAA', documentType: 'passport' }, [file]));
    expect(wrong.status).toBe(403);
    const late = new FormData();
    late.append('documentType', 'passport');
    late.append('documents', new Blob([file.data], { type: file.type }), file.name);
    late.append('_csrf', csrf);
    expect((await client.post(action, late)).status).toBe(403);
    const crossSite = await client.post(action, form({ _csrf: csrf, documentType: 'passport' }, [file]), { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(storedFiles(storageDir).length).toBe(before);
    expect(await submissionsOf(trader.userId)).toEqual([]);
  });

  it('serves uploaded files at no URL; only the audited admin download returns them', async () => {
    const { trader, client, csrf, action } = await openKyc();
    const pdf = PDF();
    expect((await client.post(action, form({ _csrf: csrf, documentType: 'passport' }, [{ data: pdf, name: 'p.pdf', type: 'application/pdf' }]))).status).toBe(
      303,
    );
    const [submission] = await submissionsOf(trader.userId);
    const [doc] = await t.app.get(KycSubmissions).documentsFor('broker_a', submission.id);
    const name = doc.storedName;
    const guesses = [
      `/${name}`,
      `/kyc/${name}`,
      `/data/kyc/broker-broker_a/${name}`,
      `/kyc/broker-broker_a/${name}`,
      `/broker-broker_a/${name}`,
      `/assets/${name}`,
      `/assets/..%2F..%2F..%2Fdata%2Fkyc%2Fbroker-broker_a%2F${name}`,
      `/inapp/kyc/${name}?brokerName=broker_a`,
      `/inapp/kyc/${doc.id}?brokerName=broker_a`,
      `/admin/brokers/broker_a/kyc/documents/${doc.id}/content`, // without an admin key
    ];
    for (const path of guesses) {
      const res = await client.get(path);
      expect([401, 404]).toContain(res.status);
      expect(res.text).not.toContain('%PDF-1.4');
    }

    const read = await adminKey(t, 'read');
    const dl = await fetch(`${t.baseUrl}/admin/brokers/broker_a/kyc/documents/${doc.id}/content`, { headers: { authorization: `Bearer ${read}` } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="kyc-${doc.id}.pdf"`);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await dl.arrayBuffer()).equals(pdf)).toBe(true);
    const audit = await http(`${t.baseUrl}/admin/audit-events?brokerName=broker_a`, { headers: { authorization: `Bearer ${read}` } });
    expect(audit.body).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'kyc.document.download', target: `kycDocument:${doc.id}` })]));
    // Another broker's key sees nothing of broker_a.
    const otherKey = await adminKey(t, 'write', ['broker_b']);
    const foreign = await http(`${t.baseUrl}/admin/brokers/broker_a/kyc/documents/${doc.id}/content`, { headers: { authorization: `Bearer ${otherKey}` } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('ADMIN_BROKER_FORBIDDEN');
    const viaB = await http(`${t.baseUrl}/admin/brokers/broker_b/kyc/documents/${doc.id}/content`, { headers: { authorization: `Bearer ${otherKey}` } });
    expect(viaB.status).toBe(404);
    // The broker gate (AdminBrokerRoute): a broker without in-app actions, and one that does not exist.
    const everyBroker = await adminKey(t, 'read', '*');
    const disabled = await http(`${t.baseUrl}/admin/brokers/broker_c/kyc/submissions`, { headers: { authorization: `Bearer ${everyBroker}` } });
    expect(disabled.status).toBe(404);
    expect(disabled.body.code).toBe('MODULE_DISABLED');
    const unknown = await http(`${t.baseUrl}/admin/brokers/no_such_broker/kyc/submissions`, { headers: { authorization: `Bearer ${everyBroker}` } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
  });

  it('admin review: list pending, approve (audited, event), 409 on a second review; reject needs a reason', async () => {
    const write = await adminKey(t, 'write');
    const read = await adminKey(t, 'read');
    const auth = (key: string) => ({ authorization: `Bearer ${key}` });
    const a = await openKyc();
    expect(
      (await a.client.post(a.action, form({ _csrf: a.csrf, documentType: 'passport' }, [{ data: PDF(), name: 'a.pdf', type: 'application/pdf' }]))).status,
    ).toBe(303);
    const b = await openKyc();
    expect((await b.client.post(b.action, form({ _csrf: b.csrf, documentType: 'idCard' }, [{ data: PNG(), name: 'b.png', type: 'image/png' }]))).status).toBe(
      303,
    );

    const list = await http(`${t.baseUrl}/admin/brokers/broker_a/kyc/submissions?status=pending&userId=${a.trader.userId}`, { headers: auth(read) });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    const id = list.body[0].id;
    expect(list.body[0]).toMatchObject({
      userId: a.trader.userId,
      status: 'pending',
      documents: [expect.objectContaining({ fileType: 'pdf', originalName: 'a.pdf' })],
    });
    expect(list.body[0].documents[0].storedName).toBeUndefined();

    const review = (key: string, sid: string, body: unknown) =>
      http(`${t.baseUrl}/admin/brokers/broker_a/kyc/submissions/${sid}/review`, { method: 'POST', headers: auth(key), json: body });
    expect((await review(read, id, { decision: 'approve' })).status).toBe(403);
    const approved = await review(write, id, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', reviewedBy: expect.stringMatching(/^admin:/) });
    expect(events).toContainEqual({ brokerName: 'broker_a', userId: a.trader.userId, status: 'approved' });
    const again = await review(write, id, { decision: 'reject', reason: 'changed my mind' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');

    const bId = (await http(`${t.baseUrl}/admin/brokers/broker_a/kyc/submissions?userId=${b.trader.userId}`, { headers: auth(read) })).body[0].id;
    const noReason = await review(write, bId, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    const bad = await review(write, bId, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    const rejected = await review(write, bId, { decision: 'reject', reason: 'The photo is blurred.' });
    expect(rejected.status).toBe(200);
    expect(events).toContainEqual({ brokerName: 'broker_a', userId: b.trader.userId, status: 'rejected' });
    expect((await review(write, '00000000-0000-4000-8000-000000000000', { decision: 'approve' })).status).toBe(404);
    expect((await review(write, 'not-a-uuid', { decision: 'approve' })).status).toBe(404);

    const audit = await http(`${t.baseUrl}/admin/audit-events?brokerName=broker_a`, { headers: auth(read) });
    expect(audit.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'kyc.approve', target: `kycSubmission:${id}` }),
        expect.objectContaining({
          action: 'kyc.reject',
          target: `kycSubmission:${bId}`,
          details: expect.objectContaining({ reason: 'The photo is blurred.' }),
        }),
      ]),
    );

    // The traders' screens show the outcome; the rejected one can upload again and sees the reason.
    const aPage = await a.client.get(a.action);
    expect(aPage.text).toContain('data-kyc-status="approved"');
    expect(aPage.text).not.toContain('enctype="multipart/form-data"');
    const bPage = await b.client.get(b.action);
    expect(bPage.text).toContain('data-kyc-status="rejected"');
    expect(bPage.text).toContain('Reason: The photo is blurred.');
    expect(bPage.text).toContain('enctype="multipart/form-data"');
  });

  it('keeps multipart bodies away from every other route (415 as before)', async () => {
    const fd = form({ password: 'x' }, [{ data: PDF(), name: 'a.pdf', type: 'application/pdf' }]);
    const r = await http(`${t.baseUrl}/oauth2/crmApiToken?brokerName=broker_a&brokerCrmName=crm_shared`, { method: 'POST', body: fd });
    expect(r.status).toBe(415);
    expect(r.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const key = await adminKey(t, 'write');
    const admin = await http(`${t.baseUrl}/admin/brokers/broker_a/kyc/submissions/00000000-0000-4000-8000-000000000000/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form({ decision: 'approve' }, []),
    });
    expect(admin.status).toBe(415);
  });
});
