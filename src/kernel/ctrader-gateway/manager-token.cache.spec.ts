import { CtraderError } from './ctrader.error';
import { ManagerTokenCache } from './manager-token.cache';

const refusal = () =>
  new CtraderError({ kind: 'auth', callId: '3.1', brokerName: 'b', status: 403, errorCode: 'INVALID_CREDENTIALS', retryable: false, outcomeUnknown: false });

describe('ManagerTokenCache', () => {
  it('shares one in-flight 3.1 between concurrent callers and caches its token', async () => {
    const cache = new ManagerTokenCache(1000);
    let calls = 0;
    const obtain = () => new Promise<string>((r) => setTimeout(() => r(`t${++calls}`), 5));
    expect(await Promise.all([cache.get('k', obtain), cache.get('k', obtain), cache.get('k', obtain)])).toEqual(['t1', 't1', 't1']);
    expect(await cache.get('k', obtain)).toBe('t1');
    expect(calls).toBe(1);
  });

  it('invalidates only the token the caller used, so a burst of stale failures renews once', async () => {
    const cache = new ManagerTokenCache(1000);
    let n = 0;
    const obtain = async () => `t${++n}`;
    const stale = await cache.get('k', obtain);
    cache.invalidate('k', stale);
    const fresh = await cache.get('k', obtain);
    cache.invalidate('k', stale); // a late failure with the old token
    expect(await cache.get('k', obtain)).toBe(fresh);
    expect(n).toBe(2);
  });

  it('after CT refuses the credentials, fails fast until the cooldown ends; other failures are not remembered', async () => {
    let now = 0;
    const cache = new ManagerTokenCache(1000, () => now);
    const refused = refusal();
    let calls = 0;
    await expect(cache.get('k', async () => (calls++, Promise.reject(refused)))).rejects.toBe(refused);
    await expect(cache.get('k', async () => (calls++, 'never'))).rejects.toBe(refused);
    expect(calls).toBe(1);
    now = 1001;
    expect(await cache.get('k', async () => (calls++, 'ok'))).toBe('ok');
    const flaky = new ManagerTokenCache(1000, () => now);
    await expect(flaky.get('k', async () => Promise.reject(new Error('ECONNRESET')))).rejects.toThrow('ECONNRESET');
    expect(await flaky.get('k', async () => 'ok')).toBe('ok');
  });
});
