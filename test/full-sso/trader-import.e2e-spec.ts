import { Algorithm, hash as argon2Hash } from '@node-rs/argon2';
import { hashSync as bcryptHash } from 'bcryptjs';
import { createHash, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { PasswordLogin } from '../../src/kernel/users/password-login.service';
import { TraderConsent } from '../../src/kernel/users/trader-consent.entity';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { TradingAccount } from '../../src/kernel/users/trading-account.entity';
import { UserSecurity } from '../../src/kernel/users/user-security.service';
import { hashPassword, hashPasswordSync, verifyPasswordHash } from '../../src/lib/crypto/password-hash';
import { CtraderSimulator } from '../../src/simulator';
import { seedUser } from '../support/seed';
import { ctraderTestConfig, startSimulatorFor } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';

/**
 * The import of existing traders (issue #21): the admin API with CSV and JSONL, every hash scheme logging in and
 * being upgraded to scrypt, idempotency, the dry run, broker isolation, cTrader read checks, malformed lines, limits.
 */
describe('trader import', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let keyA: string;
  let keyB: string;
  let nextId = 0;
  const PASSWORD = 'Old-system-pass-1';
  const ab64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '').replace(/\+/g, '.');

  beforeAll(async () => {
    const config = ctraderTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    const keys = t.app.get(AdminApiKeyService);
    keyA = (await keys.create({ name: 'import a', role: 'write', brokers: ['broker_a'] })).key;
    keyB = (await keys.create({ name: 'import b', role: 'write', brokers: ['broker_b'] })).key;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  const email = (tag: string) => `${tag}.${++nextId}.${randomBytes(3).toString('hex')}@example.com`;
  const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');
  const importFile = (body: string, opts: { broker?: string; key?: string; dryRun?: boolean; type?: string } = {}) =>
    http(`${t.baseUrl}/admin/brokers/${opts.broker ?? 'broker_a'}/users/import${opts.dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.key ?? keyA}`, 'content-type': opts.type ?? 'application/x-ndjson' },
      body,
    });
  const login = (brokerName: string, mail: string, password: string) => t.app.get(PasswordLogin).verify(brokerName, mail, password, { ip: '203.0.113.9' });
  const user = (brokerName: string, mail: string) => t.app.get(DataSource).getRepository(TraderUser).findOneBy({ brokerName, email: mail });
  const snapshot = async (brokerName: string) => {
    const ds = t.app.get(DataSource);
    return {
      users: await ds.getRepository(TraderUser).find({ where: { brokerName }, order: { id: 'ASC' } }),
      accounts: await ds.getRepository(TradingAccount).find({ where: { brokerName }, order: { id: 'ASC' } }),
      consents: await ds.getRepository(TraderConsent).find({ where: { brokerName }, order: { id: 'ASC' } }),
    };
  };
  const traderAt = async (brokerName: string) =>
    (
      await t.app.get(CtraderGateway).createTrader(brokerName, {
        accessRights: 'FULL_ACCESS',
        accountType: 'HEDGED',
        balance: 0,
        depositCurrency: 'EUR',
        groupName: 'Default',
        traderPassword: `Trader-pass-${randomBytes(4).toString('hex')}`,
        leverageInCents: 20000,
        totalMarginCalculationType: 'MAX',
      })
    ).login;

  /** One line per scheme and encoding, all for PASSWORD, as the old systems would have written them. */
  async function everySchemeLines(tag: string) {
    const salt = randomBytes(16);
    const hashes: Array<[string, string]> = [
      ['bcrypt', bcryptHash(PASSWORD, 4)],
      ['bcrypt', bcryptHash(PASSWORD, 4).replace(/^\$2b\$/, '$2y$')],
      ['argon2id', await argon2Hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 2 })],
      ['pbkdf2-sha256', `pbkdf2_sha256$5000$k9Sx2p$${pbkdf2Sync(PASSWORD, 'k9Sx2p', 5000, 32, 'sha256').toString('base64')}`],
      ['pbkdf2-sha256', `$pbkdf2-sha256$5000$${ab64(salt)}$${ab64(pbkdf2Sync(PASSWORD, salt, 5000, 32, 'sha256'))}`],
      ['scrypt', hashPasswordSync(PASSWORD)],
      ['scrypt', `$scrypt$ln=10,r=8,p=1$${ab64(salt)}$${ab64(scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 }))}`],
      ['md5', createHash('md5').update(PASSWORD).digest('hex')],
      ['sha1', createHash('sha1').update(PASSWORD).digest('hex')],
    ];
    return hashes.map(([passwordScheme, passwordHash], i) => ({
      email: email(`${tag}-${passwordScheme}-${i}`),
      firstName: 'Imported',
      lastName: 'Trader',
      language: 'de',
      country: 'DE',
      passwordScheme,
      passwordHash,
      emailVerified: true,
    }));
  }

  it('an import file with every hash scheme logs its users in; each first login upgrades the hash to scrypt; weak ones force a reset', async () => {
    const lines = await everySchemeLines('every');
    const res = await importFile(jsonl(lines));
    expect(res.status).toBe(200);
    expect(res.body.lines.filter((l: { outcome: string }) => l.outcome === 'refused')).toEqual([]);
    expect(res.body.totals).toEqual({ created: lines.length, updated: 0, unchanged: 0, refused: 0 });
    const weak = new Set(['md5', 'sha1']);
    for (const [i, line] of lines.entries()) {
      const stored = await user('broker_a', line.email);
      expect(stored).toMatchObject({ firstName: 'Imported', preferredLanguage: 'de', country: 'DE', signupStep: 'local' });
      expect(stored!.emailVerifiedAt).toEqual(expect.any(Number));
      if (weak.has(line.passwordScheme)) {
        // Default config: forceReset. No weak hash is kept; the trader sets a password with "Forgot password".
        expect(res.body.lines[i]).toMatchObject({ outcome: 'created', passwordResetRequired: true });
        expect(stored!.passwordHash).toBeNull();
        expect(await login('broker_a', line.email, PASSWORD)).toBeNull();
        continue;
      }
      expect(stored!.passwordHash!.startsWith(`import$${line.passwordScheme}$`)).toBe(true);
      expect(await login('broker_a', line.email, 'wrong-password-1')).toBeNull();
      expect((await user('broker_a', line.email))!.passwordHash).toBe(stored!.passwordHash);
      expect((await login('broker_a', line.email, PASSWORD))?.id).toBe(stored!.id);
      const upgraded = (await user('broker_a', line.email))!.passwordHash!;
      expect(upgraded.startsWith('scrypt$')).toBe(true);
      await expect(verifyPasswordHash(PASSWORD, upgraded)).resolves.toBe(true);
      expect((await login('broker_a', line.email, PASSWORD))?.id).toBe(stored!.id);
      const audits = await t.app
        .get(DataSource)
        .getRepository(AuditEvent)
        .findBy({ action: 'password.hash_upgraded', target: `user:${stored!.id}` });
      expect(audits).toHaveLength(1);
      expect(JSON.parse(audits[0].details)).toMatchObject({ from: line.passwordScheme, to: 'scrypt' });
    }
  });

  it('weak hashes by config: upgradeOnLogin accepts them once and upgrades; switched back to forceReset, a stored weak hash is refused', async () => {
    const settings = t.config.userImport;
    settings.weakHashes = 'upgradeOnLogin';
    const [md5, sha1] = (await everySchemeLines('weak')).filter((l) => l.passwordScheme === 'md5' || l.passwordScheme === 'sha1');
    try {
      expect((await importFile(jsonl([md5, sha1]))).body.totals.created).toBe(2);
      expect((await login('broker_a', md5.email, PASSWORD))?.email).toBe(md5.email);
      expect((await user('broker_a', md5.email))!.passwordHash!.startsWith('scrypt$')).toBe(true);
    } finally {
      settings.weakHashes = 'forceReset';
    }
    expect((await user('broker_a', sha1.email))!.passwordHash!.startsWith('import$sha1$')).toBe(true);
    expect(await login('broker_a', sha1.email, PASSWORD)).toBeNull();
  });

  it('a second import of the same file changes nothing, also after the traders logged in here', async () => {
    const loginA = await traderAt('broker_a');
    const ctidUserId = 880_000 + nextId;
    const lines: Array<Record<string, unknown> & { email: string }> = [
      ...(await everySchemeLines('twice')),
      {
        email: email('twice-ctid'),
        firstName: 'Has',
        lastName: 'Accounts',
        country: 'CY',
        ctidUserId,
        tradingLogins: [loginA],
        partnerId: 'P-77',
        consentKey: 'terms',
        consentVersion: 'v3',
        consentAcceptedAt: '2024-05-01T10:00:00Z',
        consentIp: '198.51.100.4',
      },
    ];
    const first = await importFile(jsonl(lines));
    expect(first.body.totals).toEqual({ created: lines.length, updated: 0, unchanged: 0, refused: 0 });
    const withAccount = await user('broker_a', lines[lines.length - 1].email);
    expect(withAccount).toMatchObject({ signupStep: 'complete', ctidUserId });
    expect(JSON.parse(withAccount!.attribution)).toEqual({ partnerId: 'P-77' });
    expect((await snapshot('broker_a')).accounts.filter((a) => a.userId === withAccount!.id)).toEqual([
      expect.objectContaining({ login: loginA, currency: 'EUR', leverage: 200, state: 'linked' }),
    ]);
    expect((await login('broker_a', lines[0].email, PASSWORD))?.email).toBe(lines[0].email); // one trader's hash is upgraded here in between

    const before = await snapshot('broker_a');
    const ctCalls = sim.state.calls().length;
    const second = await importFile(jsonl(lines));
    expect(second.body.totals).toEqual({ created: 0, updated: 0, unchanged: lines.length, refused: 0 });
    expect(second.body.lines[0]).toMatchObject({ outcome: 'unchanged', kept: ['password (set here)'] });
    expect(await snapshot('broker_a')).toEqual(before);
    // No cTrader call for a trader who already has the cTID and the logins here.
    expect(sim.state.calls().length).toBe(ctCalls);
  });

  it('the dry run reports created, updated and refused per line with the reason, and writes nothing', async () => {
    const existing = await seedUser(t.app, 'broker_a', { passwordHash: await hashPassword('Signed-up-here-1'), firstName: 'Old', lastName: 'Seeded' });
    const body = [
      JSON.stringify({ email: email('dry-new'), firstName: 'New', lastName: 'One' }),
      JSON.stringify({ email: existing.email, firstName: 'Renamed', lastName: existing.lastName, passwordScheme: 'md5', passwordHash: 'a'.repeat(32) }),
      JSON.stringify({
        email: email('dry-bad'),
        firstName: 'X',
        lastName: 'Y',
        passwordScheme: 'bcrypt',
        passwordHash: createHash('md5').update('x').digest('hex'),
      }),
      '{not json',
      JSON.stringify({ email: email('dry-typo'), firstName: 'A', lastName: 'B', passwrodHash: 'x' }),
    ].join('\n');
    const before = await snapshot('broker_a');
    const res = await importFile(body, { dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.lines).toEqual([
      expect.objectContaining({ line: 1, outcome: 'created' }),
      expect.objectContaining({ line: 2, outcome: 'updated', changes: ['firstName'], passwordResetRequired: true }),
      expect.objectContaining({ line: 3, outcome: 'refused', reason: expect.stringContaining('not a bcrypt hash') }),
      expect.objectContaining({ line: 4, outcome: 'refused', reason: 'not valid JSON' }),
      expect.objectContaining({ line: 5, outcome: 'refused', reason: 'passwrodHash: unknown field' }),
    ]);
    expect(await snapshot('broker_a')).toEqual(before);
    const audit = await t.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .findOneBy({ action: 'users.import_dry_run', requestId: res.headers.get('x-request-id') ?? undefined });
    expect(audit?.actor).toMatch(/^admin:/);
  });

  it('an email of a trader who signed up here: profile updated, their password never replaced by the old one', async () => {
    const existing = await seedUser(t.app, 'broker_a', { passwordHash: await hashPassword('Signed-up-here-1') });
    const res = await importFile(
      jsonl([{ email: existing.email, firstName: 'Crm', lastName: 'Name', passwordScheme: 'bcrypt', passwordHash: bcryptHash(PASSWORD, 4) }]),
    );
    expect(res.body.lines[0]).toMatchObject({ outcome: 'updated', changes: ['firstName', 'lastName'], kept: ['password (set here)'] });
    expect(await login('broker_a', existing.email, PASSWORD)).toBeNull();
    expect((await login('broker_a', existing.email, 'Signed-up-here-1'))?.firstName).toBe('Crm');
  });

  it('broker isolation: a key of broker B cannot import into A; an import into A never touches B’s trader of the same email', async () => {
    const shared = email('iso');
    await importFile(jsonl([{ email: shared, firstName: 'In', lastName: 'Bee', passwordScheme: 'bcrypt', passwordHash: bcryptHash('B-pass-12345', 4) }]), {
      broker: 'broker_b',
      key: keyB,
    });
    const b = await user('broker_b', shared);
    const refused = await importFile(jsonl([{ email: email('iso-x'), firstName: 'A', lastName: 'B' }]), { broker: 'broker_a', key: keyB });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('ADMIN_BROKER_FORBIDDEN');
    const res = await importFile(jsonl([{ email: shared, firstName: 'In', lastName: 'Ay', passwordScheme: 'bcrypt', passwordHash: bcryptHash(PASSWORD, 4) }]));
    expect(res.body.lines[0].outcome).toBe('created');
    expect(await user('broker_b', shared)).toEqual(b);
    expect(await login('broker_b', shared, PASSWORD)).toBeNull();
    expect((await login('broker_a', shared, PASSWORD))?.brokerName).toBe('broker_a');
  });

  it('trading logins are checked at cTrader with reads only; another broker’s login, an unknown one, a taken cTID are refused and nothing of the line is written', async () => {
    const ownLogin = await traderAt('broker_a');
    const otherBrokersLogin = await traderAt('broker_b'); // same cTrader manager, another broker
    const otherManagersLogin = await traderAt('broker_c'); // another manager altogether
    const taken = await seedUser(t.app, 'broker_a');
    const callsBefore = sim.state.calls().length;
    const lines = [
      { email: email('ct-other-broker'), firstName: 'A', lastName: 'B', ctidUserId: 990_001 + nextId, tradingLogins: [ownLogin, otherBrokersLogin] },
      { email: email('ct-other-manager'), firstName: 'A', lastName: 'B', ctidUserId: 990_101 + nextId, tradingLogins: [otherManagersLogin] },
      { email: email('ct-taken'), firstName: 'A', lastName: 'B', ctidUserId: taken.ctidUserId },
      { email: email('ct-no-ctid'), firstName: 'A', lastName: 'B', tradingLogins: [ownLogin] },
    ];
    const res = await importFile(jsonl(lines));
    expect(res.body.lines.map((l: { reason: string }) => l.reason)).toEqual([
      `trading login ${otherBrokersLogin} belongs to another broker`,
      `trading login ${otherManagersLogin} is not a trader this broker's cTrader manager knows`,
      'this cTID belongs to another trader of this broker',
      'tradingLogins: need the ctidUserId they are linked to',
    ]);
    for (const l of lines) expect(await user('broker_a', l.email)).toBeNull();
    const made = sim.state.calls().slice(callsBefore);
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((c) => c.method === 'GET')).toBe(true);
  });

  it('CSV: quoted fields, a line with the wrong number of fields refused alone, an unknown column stops the file with a clear error', async () => {
    const a = email('csv-a');
    const b = email('csv-b');
    const csv = [
      'email,firstName,lastName,country,passwordScheme,passwordHash,tradingLogins',
      `${a},"Anne-Marie","O’Neil",IE,bcrypt,${bcryptHash(PASSWORD, 4)},`,
      `${email('csv-short')},Only,Two`,
      `"${b}",Bo,Berg,SE,,,`,
    ].join('\r\n');
    const res = await importFile(csv, { type: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body.lines.map((l: { line: number; outcome: string }) => [l.line, l.outcome])).toEqual([
      [2, 'created'],
      [3, 'refused'],
      [4, 'created'],
    ]);
    expect((await login('broker_a', a, PASSWORD))?.lastName).toBe('O’Neil');
    const bad = await importFile('email,firstName,lastName,password\nx@example.com,A,B,secret\n', { type: 'text/csv' });
    expect(bad.body.lines).toEqual([]);
    expect(bad.body.fileError).toContain('unknown CSV column(s): password');
    const unsupported = await importFile('{}', { type: 'text/plain' });
    expect(unsupported.status).toBe(415);
  });

  it('a huge file is streamed against the limits: past maxLines or maxBytes it stops with a file error', async () => {
    const settings = t.config.userImport;
    const saved = { ...settings };
    try {
      settings.maxLines = 3;
      const rows = Array.from({ length: 6 }, () => ({ email: email('limit'), firstName: 'L', lastName: 'M' }));
      const res = await importFile(jsonl(rows));
      expect(res.body.totals.created).toBe(3);
      expect(res.body.fileError).toContain('more than 3 lines');
      settings.maxLines = saved.maxLines;
      settings.maxBytes = 4096;
      const big = await importFile(jsonl(Array.from({ length: 200 }, () => ({ email: email('bytes'), firstName: 'L', lastName: 'M' }))));
      expect(big.status).toBe(200);
      expect(big.body.fileError).toContain('larger than 4096 bytes');
      expect(big.body.totals.created).toBeLessThan(200);
    } finally {
      Object.assign(settings, saved);
    }
  });

  it('concurrent first logins: both get in, one upgrade is kept; a reset in between is never overwritten by the old password', async () => {
    const [one, two] = (await everySchemeLines('race')).filter((l) => l.passwordScheme === 'bcrypt');
    await importFile(jsonl([one, two]));
    const results = await Promise.all([
      login('broker_a', one.email, PASSWORD),
      login('broker_a', one.email, PASSWORD),
      login('broker_a', one.email, 'wrong-pass-1'),
    ]);
    expect(results.map((r) => r?.email ?? null)).toEqual([one.email, one.email, null]);
    const hash = (await user('broker_a', one.email))!.passwordHash!;
    expect(hash.startsWith('scrypt$')).toBe(true);
    await expect(verifyPasswordHash(PASSWORD, hash)).resolves.toBe(true);

    // The old password is checked, then the trader resets before the upgrade lands: the upgrade must not win.
    const victim = (await user('broker_a', two.email))!;
    const pending = login('broker_a', two.email, PASSWORD);
    await t.app.get(UserSecurity).setPassword(victim, await hashPassword('Brand-new-pass-1'), 'reset', { actor: 'test' });
    const raced = await pending;
    const after = (await user('broker_a', two.email))!.passwordHash!;
    await expect(verifyPasswordHash('Brand-new-pass-1', after)).resolves.toBe(true);
    // `raced` may be the trader (the old password was checked before the reset landed); the stored password is the reset's.
    expect(raced === null || raced.email === two.email).toBe(true);
    expect(await login('broker_a', two.email, PASSWORD)).toBeNull();
  });

  it('imports 10,000 users (prints the time)', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      email: `bulk.${i}.${randomBytes(2).toString('hex')}@example.com`,
      firstName: 'Bulk',
      lastName: 'Trader',
      country: 'CY',
      language: 'en',
      passwordScheme: 'bcrypt',
      passwordHash: '$2b$10$' + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0'.slice(0, 53),
      emailVerified: i % 2 === 0,
    }));
    const started = Date.now();
    const res = await importFile(jsonl(rows));
    const ms = Date.now() - started;
    process.stdout.write(`trader import: 10,000 users in ${ms} ms (${t.config.database.url.split(':')[0]})\n`);
    expect(res.body.totals).toEqual({ created: 10_000, updated: 0, unchanged: 0, refused: 0 });
  }, 600_000);
});
