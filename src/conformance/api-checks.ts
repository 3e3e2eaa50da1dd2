import { randomBytes } from 'node:crypto';
import { connect } from 'node:tls';
import { CheckDefinition } from './check-definition';
import { expectThat, failed, manual, notApplicable, passed, Verdict } from './check-result';
import { codeOf, has, sleep } from './kit-context';
import { Clock } from '../kernel/clock';

/** A well-formed but unknown token: same shape as a real one (43 base64url characters). */
const unknownToken = () => randomBytes(32).toString('base64url');
const BOGUS_CRM_API_TOKEN = 'conformance-invalid-crm-api-token';
const OT_LIFETIME_MS = 60_000;

/** 6.1: the 4.x calls over HTTP, with the kit playing the cTrader backend. */
export const API_CHECKS: CheckDefinition[] = [
  {
    id: '6.1.1',
    title: '4.1 with the right password, then a wrong one',
    mandatory: true,
    async run(ctx) {
      const right = await ctx.app.authenticate();
      expectThat(
        right.status === 200 && typeof (right.body as { crmApiToken?: unknown })?.crmApiToken === 'string',
        `right password: ${right.status} ${codeOf(right)}, expected 200 with crmApiToken`,
      );
      const wrong = await ctx.appClient(`${ctx.options.password}-wrong`).authenticate();
      expectThat(wrong.status === 403, `wrong password: ${wrong.status} ${codeOf(wrong)}, expected 403`);
      expectThat(!has(wrong, 'crmApiToken'), 'wrong password: the body carries a crmApiToken');
      return passed(`right: 200 with crmApiToken; wrong: 403 ${codeOf(wrong)}, no crmApiToken`);
    },
  },
  {
    id: '6.1.2',
    title: '4.2 valid OT + crmApiToken; invalid OT; valid OT with invalid crmApiToken',
    mandatory: true,
    async run(ctx) {
      const user = await ctx.userA();
      const first = await ctx.screens.login(user.email, user.password);
      const ok = await ctx.app.exchange(first.token);
      const body = (ok.body ?? {}) as Record<string, unknown>;
      expectThat(
        ok.status === 200 && typeof body.userId === 'number' && typeof body.accessToken === 'string',
        `valid: ${ok.status} ${codeOf(ok)}, expected 200 with accessToken and userId`,
      );
      const bad = await ctx.app.exchange(unknownToken());
      expectThat(
        bad.status >= 400 && !has(bad, 'accessToken') && !has(bad, 'userId'),
        `invalid OT: ${bad.status}, expected an error without accessToken/userId`,
      );
      // A used token is an invalid one: an OT token is single-use (contract 4.2, RFC 6749 §4.1.2).
      const reused = await ctx.app.exchange(first.token);
      expectThat(
        reused.status >= 400 && !has(reused, 'accessToken') && !has(reused, 'userId'),
        `the same OT token again: ${reused.status}, expected an error without accessToken/userId`,
      );
      const second = await ctx.screens.login(user.email, user.password);
      const forbidden = await ctx.rawCall('/oauth2/onetime/authorize', { crmApiToken: BOGUS_CRM_API_TOKEN }, { code: second.token });
      expectThat(
        forbidden.status === 403 && !has(forbidden, 'accessToken') && !has(forbidden, 'userId'),
        `invalid crmApiToken: ${forbidden.status} ${codeOf(forbidden)}, expected 403 without accessToken/userId`,
      );
      return passed(
        `valid: 200 userId ${String(body.userId)} + accessToken; unknown OT: ${bad.status} ${codeOf(bad)}; reused OT: ${reused.status} ${codeOf(reused)}; invalid crmApiToken: 403 ${codeOf(forbidden)}`,
      );
    },
  },
  {
    id: '6.1.3',
    title: '4.3 valid access token; invalid one; invalid crmApiToken',
    mandatory: true,
    async run(ctx) {
      const user = await ctx.userA();
      expectThat(user.accessToken, '4.2 gave no accessToken although "Keep me logged in" was ticked');
      const ok = await ctx.app.validate(user.accessToken);
      expectThat(
        ok.status === 200 && (ok.body as { userId?: unknown })?.userId === user.userId,
        `valid: ${ok.status} ${codeOf(ok)}, expected 200 with userId ${user.userId}`,
      );
      const bad = await ctx.app.validate(unknownToken());
      expectThat(bad.status >= 400 && !has(bad, 'userId'), `invalid access token: ${bad.status}, expected an error without userId`);
      const forbidden = await ctx.rawCall('/oauth2/authorize', { crmApiToken: BOGUS_CRM_API_TOKEN }, { accessToken: user.accessToken });
      expectThat(
        forbidden.status === 403 && !has(forbidden, 'userId') && !has(forbidden, 'inappToken'),
        `invalid crmApiToken: ${forbidden.status}, expected 403 without userId/inappToken`,
      );
      return passed(`valid: 200 userId ${user.userId}; invalid: ${bad.status} ${codeOf(bad)}; invalid crmApiToken: 403 ${codeOf(forbidden)}`);
    },
  },
  {
    id: '6.1.4',
    title: '4.4 valid; unknown userId; invalid crmApiToken',
    mandatory: true,
    async run(ctx) {
      const user = await ctx.userA();
      const ok = await ctx.app.generate(user.userId!, user.inappToken);
      expectThat(
        ok.status === 200 && typeof (ok.body as { token?: unknown })?.token === 'string',
        `valid: ${ok.status} ${codeOf(ok)}, expected 200 with token`,
      );
      // Far above any real id; cTrader user ids are 32-bit.
      const unknown = await ctx.app.generate(2_147_000_000 + Math.floor(Math.random() * 400_000));
      expectThat(unknown.status === 404 && !has(unknown, 'token'), `unknown userId: ${unknown.status} ${codeOf(unknown)}, expected 404 without token`);
      const forbidden = await ctx.rawCall('/oauth2/onetime/generate', { crmApiToken: BOGUS_CRM_API_TOKEN }, { userId: user.userId });
      expectThat(forbidden.status === 403 && !has(forbidden, 'token'), `invalid crmApiToken: ${forbidden.status}, expected 403 without token`);
      return passed(`valid: 200 token; unknown userId: 404 ${codeOf(unknown)}; invalid crmApiToken: 403 ${codeOf(forbidden)}`);
    },
  },
  {
    id: '6.1.5',
    title: 'the same user logs in twice (fresh profiles): two success pages, different OT tokens',
    mandatory: true,
    async run(ctx) {
      const user = await ctx.userA();
      // Each OT token is exchanged right after its login: a login that waits out the broker's throttle (up to a
      // minute) must not let the other login's 60 s token expire before it is presented.
      const tokens: string[] = [];
      const ids = [];
      for (let i = 0; i < 2; i++) {
        const landing = await ctx.screens.login(user.email, user.password);
        tokens.push(landing.token);
        const res = await ctx.app.exchange(landing.token);
        expectThat(res.status === 200, `4.2 of a login's OT token: ${res.status} ${codeOf(res)}`);
        ids.push((res.body as { userId?: number }).userId);
      }
      expectThat(tokens[0] !== tokens[1], 'both logins produced the same OT token');
      expectThat(ids[0] === user.userId && ids[1] === user.userId, `4.2 gave userIds ${ids.join(', ')}, expected ${user.userId} twice`);
      return passed(`two success URLs, two different OT tokens, both exchanged to userId ${user.userId}`);
    },
  },
  {
    id: '6.1.6',
    title: 'OT tokens for two different users: both valid, different',
    mandatory: true,
    async run(ctx) {
      const a = await ctx.userA();
      const b = await ctx.userB();
      // Exchanged right after each login, as in 6.1.5.
      const ta = await ctx.screens.login(a.email, a.password);
      const ra = await ctx.app.exchange(ta.token);
      const tb = await ctx.screens.login(b.email, b.password);
      const rb = await ctx.app.exchange(tb.token);
      expectThat(ta.token !== tb.token, 'two users got the same OT token');
      expectThat(ra.status === 200 && rb.status === 200, `4.2: ${ra.status} and ${rb.status}, expected 200 twice`);
      const ua = (ra.body as { userId?: number }).userId;
      const ub = (rb.body as { userId?: number }).userId;
      expectThat(ua === a.userId && ub === b.userId && ua !== ub, `userIds ${ua} and ${ub}, expected ${a.userId} and ${b.userId}`);
      return passed(`user ${ua} and user ${ub}: different tokens, both exchanged`);
    },
  },
  {
    id: '6.1.7',
    title: 'an OT token kept for more than a minute is refused as expired',
    mandatory: true,
    async run(ctx) {
      if (!ctx.options.expiryHook && !ctx.options.waitExpiry) {
        return manual('needs a 61 s wait: run with --wait-expiry (or --expiry-hook on a test server)');
      }
      const user = await ctx.userA();
      const landing = await ctx.screens.login(user.email, user.password);
      let how: string;
      if (ctx.options.expiryHook) {
        await ctx.hook('expiryHook', { CONFORMANCE_SECONDS: '61' });
        how = "aged through --expiry-hook (the server's clock moved 61 s)";
      } else {
        await sleep(OT_LIFETIME_MS + 1_000);
        how = 'kept for a real 61 s';
      }
      const res = await ctx.app.exchange(landing.token);
      expectThat(
        res.status === 410 && codeOf(res) === 'CID_TOKEN_EXPIRED',
        `${how}: 4.2 answered ${res.status} ${codeOf(res)}, expected 410 CID_TOKEN_EXPIRED`,
      );
      expectThat(!has(res, 'accessToken') && !has(res, 'userId'), 'the expired token still produced accessToken/userId');
      return passed(`${how}: 410 CID_TOKEN_EXPIRED`);
    },
  },
  {
    id: '6.1.8',
    title: 'a request over plain HTTP is refused',
    mandatory: true,
    async run(ctx) {
      const base = new URL(ctx.options.baseUrl);
      if (base.protocol !== 'https:') return notApplicable(`the base URL is plain HTTP (${base.origin}): a test server; production must be https`);
      const plain = new URL(ctx.options.baseUrl);
      plain.protocol = 'http:';
      plain.port = '';
      // A wrong password on purpose: the real one must never travel in clear text, even in a test.
      let outcome: string;
      try {
        const res = await fetch(
          `${plain.toString().replace(/\/$/, '')}/oauth2/crmApiToken?brokerName=${encodeURIComponent(ctx.options.brokerName)}&brokerCrmName=${encodeURIComponent(ctx.options.brokerCrmName)}`,
          {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ password: 'conformance-plain-http-probe' }),
            signal: AbortSignal.timeout(ctx.timeoutMs),
          },
        );
        const text = await res.text();
        const processed = res.status === 403 && /CH_CLIENT_AUTH_FAILURE/.test(text);
        if (processed || res.status === 200)
          return failed(`POST 4.1 over ${plain.origin} was processed (${res.status}${processed ? ' CH_CLIENT_AUTH_FAILURE' : ''})`);
        outcome = `answered ${res.status}${res.headers.get('location') ? ` → ${res.headers.get('location')}` : ''} without processing`;
      } catch (e) {
        outcome = `connection refused (${(e as Error).cause ? String(((e as Error).cause as Error).message ?? '') : (e as Error).message})`;
      }
      return passed(`POST 4.1 over ${plain.origin}: ${outcome}`);
    },
  },
  {
    id: '6.1.9',
    title: 'server certificate: a valid chain',
    mandatory: true,
    async run(ctx): Promise<Verdict> {
      const base = new URL(ctx.options.baseUrl);
      if (base.protocol !== 'https:') return notApplicable('no TLS on a plain-HTTP base URL (test server)');
      return new Promise((resolve) => {
        const socket = connect(
          { host: base.hostname, port: Number(base.port || 443), servername: base.hostname, rejectUnauthorized: false, timeout: ctx.timeoutMs },
          () => {
            const cert = socket.getPeerCertificate();
            const days = Math.floor((new Date(cert.valid_to).getTime() - new Clock().now()) / 86_400_000);
            const seen = `subject CN=${[cert.subject?.CN ?? '?'].flat().join(',')}, issuer ${[cert.issuer?.O ?? cert.issuer?.CN ?? '?'].flat().join(',')}, valid to ${cert.valid_to} (${days} days), protocol ${socket.getProtocol()}`;
            socket.end();
            resolve(socket.authorized ? passed(seen) : failed(`${seen}: chain not trusted (${String(socket.authorizationError)})`));
          },
        );
        socket.on('error', (e) => resolve(failed(`TLS connection to ${base.host} failed: ${(e as Error).message}`)));
        socket.on('timeout', () => {
          socket.destroy();
          resolve(failed(`TLS connection to ${base.host} timed out`));
        });
      });
    },
  },
];
