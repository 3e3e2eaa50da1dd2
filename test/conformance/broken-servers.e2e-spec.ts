import { CheckResult, KitOptions, runConformance } from '../../src/conformance';
import { ConformanceServer, resetThrottles, startConformanceServer } from './support/conformance-server';
import { Fault, FaultProxy } from './support/fault-proxy';
import { isLandingSoon } from './support/landing-soon';

/**
 * The kit catches real faults: the same conformant server, broken in exactly one way (through a proxy in front of
 * it, or a test-only change of its token lifetime), must make exactly the matching check fail. Each run covers
 * all of 6.1 and 6.2, so a fault that leaked into other checks would show too.
 */
describe('conformance kit against deliberately broken servers', () => {
  let server: ConformanceServer;
  let proxy: FaultProxy;
  let proxyUrl: string;

  beforeAll(async () => {
    server = await startConformanceServer();
    proxy = new FaultProxy(server.t.baseUrl);
    proxyUrl = await proxy.listen();
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  async function failedWith(fault: Fault, over: Partial<KitOptions> = {}): Promise<{ failed: string[]; rows: CheckResult[] }> {
    proxy.fault = fault;
    // Every run logs in a dozen times from one IP: start each with fresh throttle counters (test servers only;
    // the kit itself waits out a 429 as a person would).
    resetThrottles(server);
    const rows = await runConformance(server.kitOptions({ baseUrl: proxyUrl, only: ['6.1', '6.2'], ...over }));
    // Rows of features not merged yet fail on every server alike; they are not what these faults are about.
    return { failed: rows.filter((r) => r.outcome === 'failed' && !isLandingSoon(r)).map((r) => r.id), rows };
  }

  const evidence = (rows: CheckResult[], id: string) => rows.find((r) => r.id === id)?.evidence;
  /** Exactly these checks failed; any other failure is shown with its evidence. */
  const expectOnlyFailed = ({ failed, rows }: { failed: string[]; rows: CheckResult[] }, ids: string[]) => {
    const unexpected = Object.fromEntries(failed.filter((id) => !ids.includes(id)).map((id) => [id, evidence(rows, id)]));
    expect({ failed, unexpected }).toEqual({ failed: ids, unexpected: {} });
  };

  it('the proxy alone breaks nothing', async () => {
    expectOnlyFailed(await failedWith('none'), []);
  }, 180_000);

  it('a wrong status on a bad 4.1 password fails 6.1.1', async () => {
    const result = await failedWith('bad-password-status');
    expectOnlyFailed(result, ['6.1.1']);
    const { rows } = result;
    expect(evidence(rows, '6.1.1')).toMatch(/wrong password: 401/);
  }, 180_000);

  it('an OT token accepted twice fails 6.1.2', async () => {
    const result = await failedWith('reusable-ot-token');
    expectOnlyFailed(result, ['6.1.2']);
    const { rows } = result;
    expect(evidence(rows, '6.1.2')).toMatch(/same OT token again: 200/);
  }, 180_000);

  it('a token that never expires fails 6.1.7', async () => {
    const tokens = server.config.tokens;
    const ttl = tokens.oneTimeTokenTtlSeconds;
    // Test-only fault injection: the running server's OT lifetime becomes ten years.
    tokens.oneTimeTokenTtlSeconds = 10 * 365 * 86_400;
    try {
      const result = await failedWith('none');
      expectOnlyFailed(result, ['6.1.7']);
      const { rows } = result;
      expect(evidence(rows, '6.1.7')).toMatch(/4\.2 answered 200/);
    } finally {
      tokens.oneTimeTokenTtlSeconds = ttl;
    }
  }, 180_000);

  it('a login screen without a reset link fails 6.2.7', async () => {
    const result = await failedWith('no-reset-link');
    expectOnlyFailed(result, ['6.2.7']);
    const { rows } = result;
    expect(evidence(rows, '6.2.7')).toMatch(/no visible reset-password link/);
  }, 180_000);

  it('a screen that overflows at 320 px fails 6.2.2', async () => {
    const result = await failedWith('overflow-320');
    expectOnlyFailed(result, ['6.2.2']);
    const { rows } = result;
    expect(evidence(rows, '6.2.2')).toMatch(/phone portrait 320×640: scrollWidth/);
  }, 180_000);
});
