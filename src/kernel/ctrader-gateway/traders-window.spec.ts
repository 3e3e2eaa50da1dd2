import { CtraderTrader } from './ctrader-gateway.dto';
import { CtraderError } from './ctrader.error';
import { ctraderInstant, readTradersWindow, TradersPage } from './traders-window';

const failure = (errorCode: string) =>
  new CtraderError({ kind: 'invalidResponse', callId: 'tradersList', brokerName: 'b', status: null, errorCode, retryable: false, outcomeUnknown: false });

/** A backend holding `registrations` (login = index + 1), answering `pageSize` per page in the given order. */
function backend(registrations: number[], pageSize: number, order: 'asc' | 'desc' = 'asc') {
  const asked: Array<[number, number]> = [];
  const fetchPage = async (from: number, to: number): Promise<TradersPage> => {
    asked.push([from, to]);
    const inWindow: CtraderTrader[] = registrations
      .map((registrationTimestamp, i): CtraderTrader => ({ login: i + 1, registrationTimestamp, moneyDigits: 2, balance: 0 }))
      .filter((t) => t.registrationTimestamp! >= from && t.registrationTimestamp! < to);
    if (order === 'desc') inWindow.reverse();
    return { traders: inWindow.slice(0, pageSize), hasMore: inWindow.length > pageSize };
  };
  return { asked, fetchPage };
}

describe('traders window', () => {
  it('formats bounds as yyyy-MM-ddTHH:mm:ss.SSS in UTC, no zone suffix', () => {
    expect(ctraderInstant(Date.UTC(2026, 11, 2, 3, 4, 5, 6))).toBe('2026-12-02T03:04:05.006');
    expect(ctraderInstant(0)).toBe('1970-01-01T00:00:00.000');
    expect(() => ctraderInstant(1.5)).toThrow(TypeError);
  });

  it('one complete answer is one request', async () => {
    const b = backend([10, 20, 30], 5);
    expect((await readTradersWindow({ from: 0, to: 100 }, b.fetchPage, failure)).map((t) => t.login)).toEqual([1, 2, 3]);
    expect(b.asked).toEqual([[0, 100]]);
  });

  it.each(['asc', 'desc'] as const)('follows hasMore by halving until every window is complete (%s pages)', async (order) => {
    const regs = [1, 2, 3, 10, 11, 50, 51, 52, 53, 98, 99];
    const b = backend(regs, 2, order);
    const got = await readTradersWindow({ from: 0, to: 100 }, b.fetchPage, failure);
    // Every trader once, earliest registration first whatever order the pages came in.
    expect(got.map((t) => t.login)).toEqual(regs.map((_, i) => i + 1));
    expect(b.asked.length).toBeGreaterThan(1);
    // Windows stay half-open: `to` of one is `from` of the next, never overlapping.
    for (const [from, to] of b.asked) expect(from).toBeLessThan(to);
  });

  it('keeps [from, to): a registration at `to` is not listed', async () => {
    const b = backend([0, 99, 100], 5);
    expect((await readTradersWindow({ from: 0, to: 100 }, b.fetchPage, failure)).map((t) => t.login)).toEqual([1, 2]);
  });

  it('fails loudly past the request cap, or on a 1 ms window that still has more', async () => {
    const many = backend(
      Array.from({ length: 40 }, (_, i) => i * 3),
      2,
    );
    await expect(readTradersWindow({ from: 0, to: 200 }, many.fetchPage, failure, 5)).rejects.toMatchObject({ errorCode: 'TRADERS_LIST_REQUEST_CAP' });
    expect(many.asked).toHaveLength(5);
    const tied = backend([7, 7, 7], 2);
    await expect(readTradersWindow({ from: 0, to: 100 }, tied.fetchPage, failure)).rejects.toMatchObject({ errorCode: 'TRADERS_LIST_WINDOW_UNSPLITTABLE' });
  });
});
